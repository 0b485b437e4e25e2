"""Drift between the search index and the database: what `check_index` reports and mends.

The comparison streams the database side in chunks of turns (`indexing.turn_chunks`) and
holds the index side as one small integer per document (meeting and fingerprint packed
together), so that checking a million turns costs about 100 MB, not a copy of both sides.
"""

import dataclasses

from haystack import connections
from haystack.constants import DEFAULT_ALIAS
from haystack.query import SearchQuerySet

from ...search_indexes import document_fingerprint
from ..contract import ParleyBackend
from .indexing import turn_chunks, turn_index

PAGE = 1000
FINGERPRINT_BITS = 64


@dataclasses.dataclass
class Drift:
    """How the index differs from the database, and the meetings to reindex to mend it."""

    turns: int = 0  # published turns in the database
    documents: int = 0  # documents in the index
    missing: int = 0
    extra: int = 0
    stale: int | None = 0  # None: not compared (quick)
    meetings: set[int] = dataclasses.field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.meetings)

    def summary(self) -> str:
        stale = "" if self.stale is None else f" Out of date: {self.stale}."
        return (
            f"Database: {self.turns} published turns. Index: {self.documents} documents.\n"
            f"Missing from the index: {self.missing}. Not in the database: {self.extra}.{stale}"
        )


def _pack(meeting_id, fingerprint) -> int:
    try:
        value = int(fingerprint, 16) if fingerprint else 0
    except ValueError:
        value = 0
    return (int(meeting_id) << FINGERPRINT_BITS) | value


def find_drift(using: str = DEFAULT_ALIAS, *, quick: bool = False) -> Drift:
    """Compare every published turn with its document; `quick` compares only which exist."""
    index = turn_index(using)
    indexed = indexed_documents(using)  # turn pk -> meeting and fingerprint, packed
    drift = Drift(documents=len(indexed), stale=None if quick else 0)
    queryset = index.index_queryset(using=using)
    if quick:
        for pk, meeting_id in queryset.values_list("pk", "meeting_id").iterator(PAGE):
            drift.turns += 1
            if indexed.pop(pk, None) is None:
                drift.missing += 1
                drift.meetings.add(meeting_id)
    else:
        stale = 0
        for turns in turn_chunks(queryset, PAGE):
            for turn in turns:
                drift.turns += 1
                found = indexed.pop(turn.pk, None)
                fingerprint = document_fingerprint(index.full_prepare(turn))
                if found is None:
                    drift.missing += 1
                    drift.meetings.add(turn.meeting_id)
                elif found != _pack(turn.meeting_id, fingerprint):
                    stale += 1
                    drift.meetings.add(turn.meeting_id)
        drift.stale = stale
    # What is left in the index has no published turn behind it.
    drift.extra = len(indexed)
    drift.meetings.update(packed >> FINGERPRINT_BITS for packed in indexed.values())
    return drift


def unreadable_parts(using: str = DEFAULT_ALIAS) -> list[str]:
    """The parts of the index that cannot be read (Parley's engines); [] for other engines."""
    backend = connections[using].get_backend()
    return backend.unreadable_parts() if isinstance(backend, ParleyBackend) else []


def indexed_documents(using: str = DEFAULT_ALIAS) -> dict[int, int]:
    """Every indexed turn's pk, with its meeting and fingerprint packed in one integer."""
    backend = connections[using].get_backend()
    if isinstance(backend, ParleyBackend):
        columns = backend.indexed_columns(["django_id", "meeting", "fingerprint"])
        return {int(pk): _pack(meeting, fingerprint) for pk, meeting, fingerprint in columns}
    indexed, start = {}, 0
    sqs = SearchQuerySet(using=using).order_by("meeting", "sequence")
    while True:
        page = list(sqs[start : start + PAGE])
        for result in page:
            indexed[int(result.pk)] = _pack(result.meeting, getattr(result, "fingerprint", None))
        if len(page) < PAGE:
            return indexed
        start += PAGE
