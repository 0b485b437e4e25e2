"""What the search feature and index upkeep may ask of an engine, declared once.

Every Haystack backend offers Haystack's API (`update`, `remove`, `clear`, `search`), and the
feature and index upkeep work with any of them (Elasticsearch or Solr too). Parley's own
engines (engines/whoosh, engines/xapian) offer more, declared here as protocols: the code
asks `isinstance(backend, ParleyBackend)` and takes Haystack's generic path when the
answer is no, instead of probing for single methods.
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

from haystack.exceptions import SearchBackendError

# Matches counted exactly (and faceted) before counts become estimates.
FACET_DOC_LIMIT = 5_000
# A search stops matching after this many seconds and returns what it has found, flagged
# "too broad": no query holds a web worker for long.
TIME_BUDGET_SECONDS = 1.5
# A prefix stands for at most this many words, the most frequent that begin with it.
PREFIX_EXPANSION = 128
# A search may pass `count_limit=N` to Parley's engines to count (and facet) up to N matches
# instead of FACET_DOC_LIMIT: trends ask for every year's exact count in one call.
COUNT_LIMIT_KWARG = "count_limit"
# How long an index write waits for another writer's lock before failing.
WRITE_LOCK_TIMEOUT = 30.0


class IndexUnavailable(SearchBackendError):
    """The index could not be read (damaged files): the search page answers 503."""


class IndexLocked(SearchBackendError):
    """Another writer held the index for longer than WRITE_LOCK_TIMEOUT: try again later."""


@runtime_checkable
class ParleyBackend(Protocol):
    """A Haystack backend with Parley's extension points."""

    # The field whose words are kept as written, which `prefix*` searches.
    prefix_field: str
    # Whether a phrase's words match by their stems (Whoosh) or as written (Xapian).
    phrases_by_stem: bool
    # The configured folder (SEARCH_INDEX_PATH); the index is in its live folder, which a
    # rebuild replaces whole (engines/folders.py).
    root: str

    def add_all(
        self, index, batches: Iterable[Iterable[Any]], *, procs: int = 1, optimize: bool = False
    ) -> int:
        """Add every object of `batches` to an index just cleared; the number added."""

    def update(
        self, index, iterable: Iterable[Any], commit: bool = True, merge: bool = True
    ) -> None:
        """Haystack's `update`; `merge=False` defers merging to `merge_segments`."""

    def merge_segments(self) -> None:
        """Do the merging that writes with `merge=False` left out."""

    def remove_many(self, objs_or_strings: Iterable[Any]) -> None:
        """Remove several documents (objects or Haystack identifiers) in one write."""

    def indexed_columns(self, fieldnames: Sequence[str]) -> Iterator[tuple]:
        """A tuple of the values of `fieldnames` per indexed document (for drift checks)."""

    def unreadable_parts(self) -> list[str]:
        """Read the whole index; one line per part (segment, table) that cannot be read."""

    def create_spelling_suggestion(self, query_string: str) -> str | None:
        """The query with each word the index does not know replaced by a known one."""

    def stem(self, word: str) -> str:
        """The word as this engine's stemmer indexes it (what highlighting compares)."""

    def words(self, text: str) -> list[str]:
        """The words of `text` as this engine splits them, lower case, in order (the audit)."""

    def close(self) -> None:
        """Let go of this thread's open searcher or database."""


@runtime_checkable
class ParleyQuery(Protocol):
    """A Haystack query that says, once run, whether its hit count is exact and whether
    the search was cut short (too broad)."""

    hits_exact: bool
    too_broad: bool
