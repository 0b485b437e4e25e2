"""Haystack's Whoosh engine, with the traps a 100k-turn prototype hit taken out.

- A searcher is kept open per thread (Haystack's connections are per thread) and only
  reopened when the index has a newer generation: no index open, `doc_count()` reader or
  model-narrowing searcher per query.
- Segments are written with `compound=False`: Whoosh 2.7 copies a compound segment into
  memory every time a searcher opens one.
- Writes delete by id in one pass and then add plainly, in one writer per batch; Haystack's
  `update_document` reopens a reader per document, which makes rebuilds quadratic.
- Facet fields are whole keywords (Haystack would stem and split them as text), and are
  counted from columns in an unscored pass that stops after `FACET_DOC_LIMIT` matches;
  beyond that, counts are partial and the hit count an estimate.
- Clearing keeps the index directory and its generation counter, so that a searcher open
  in another process can always tell it is out of date.
- Date ranges are searched as year terms where they cover whole years; a rebuild adds
  everything with one writer (`add_all`), optionally analysing in several processes.
- Phrases are word-pair lookups (PHRASE_PAIRS), and all-words queries are matched and
  scored from postings arrays (conjunctions.py), with exact counts and facets.
- What both engines share (results, facets, spelling, removal) is in engines/base.py; every
  use of Whoosh's private internals is in internals.py.
"""

import contextlib
import datetime
import heapq
import math
import multiprocessing
import signal
import threading
import time
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Any

from django.utils.encoding import force_str
from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.utils import get_model_ct
from rapidfuzz.distance import Levenshtein
from whoosh import query as wq
from whoosh.collectors import Collector, WrappingCollector
from whoosh.fields import BOOLEAN, DATETIME, IDLIST, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.index import EmptyIndexError, LockError
from whoosh.sorting import FieldFacet
from whoosh.util.times import datetime_to_long, long_to_datetime
from whoosh.writing import CLEAR, NO_MERGE

from ...contract import (
    COUNT_LIMIT_KWARG,
    FACET_DOC_LIMIT,
    PREFIX_EXPANSION,
    TIME_BUDGET_SECONDS,
    WRITE_LOCK_TIMEOUT,
    IndexLocked,
)
from .. import folders
from ..base import HitsExactMixin, ParleyBackendMixin
from . import conjunctions
from .analysis import pairs_analyzer, stem, text_analyzer, words_analyzer
from .internals import writer_options

# The index's date field (dates, stored as midnight) and its year keyword: a date range
# becomes a handful of year terms plus at most two partial years.
DATE_FIELD, YEAR_FIELD = "date", "year"
# With the connection option PHRASE_PAIRS: word pairs of the searched text (the content
# field and `context`), so that a phrase is a term lookup instead of a positions check of
# every document holding its words. A document written with its pairs also carries
# PAIRS_READY, and phrases are rewritten only when every document does (an index built
# without pairs keeps plain phrase queries until it is rebuilt).
PAIRS_FIELD, PAIRS_READY = "text_pairs", "text_pairs_ready"
PAIRED_FIELDS = ()  # besides the content field
# The content field's words as written (lower-cased, unstemmed): a prefix is looked up
# here, since `escalat*` matches no stem (`escalation` is indexed as `escal`).
WORDS_FIELD = "text_words"
# A prefix stands for at most this many words, the most frequent ones that begin with
# it, and all the prefixes of one query for at most MAX_EXPANDED_WORDS: 24 three-letter
# prefixes expanded in full held a worker for 30 s at 28k turns. A search cut short so
# says "too broad".
MAX_EXPANDED_WORDS = 512
# A rebuild commits a writer (its own segments) every so many turns, which bounds the
# temporary files of the sort (about 17 GB for 250k turns with word pairs).
REBUILD_COMMIT_EVERY = 250_000
# The postings a writer (each process of a rebuild's) holds before sorting them to disk.
# Whoosh counts the postings' bytes, not Python's overhead: a process peaks at about twice
# this (bench/memory.py).
WRITER_POOL_MB = 96
# Documents held in the cached sets of filters (a speaker, a date range) per searching
# thread: five years of a million turns are 200k documents, about 10 MB as a set.
FILTER_CACHE_DOCS = 2_000_000
# Decoded postings kept per searching thread (conjunctions.PostingsCache).
POSTINGS_CACHE_MB = 48
# Matches counted between two looks at the clock (TIME_BUDGET_SECONDS): the count of a
# phrase checked by position, the slow part of a broad search, stops at the budget.
DEADLINE_EVERY = 256


class _FacetLimitReached(Exception):
    pass


class _OutOfTime(Exception):
    pass


@contextlib.contextmanager
def interrupt_at(deadline: float) -> Iterator[None]:
    """Raise _OutOfTime in this thread at `deadline` (a time.monotonic()), where it can.

    The collectors look at the clock between matches, but a query that matches nothing can
    spend all its time inside one call of Whoosh's matchers: 24 prefixes ANDed took 6 s at
    100k turns, a phrase of 24 common words 14 s, without yielding a match. A timer signal
    stops them. Signals reach only the main thread, where gunicorn's sync workers serve;
    elsewhere (the development server's threads) the checks between matches remain.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _OutOfTime

    def ring(signum, frame):
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, ring)
    started = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, remaining)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # someone else's timer was running: set it again for what it had left
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3))


def _run_until(searcher, query, collector, deadline: float) -> None:
    """Whoosh's search_with_collector, its matching interrupted at `deadline`."""
    collector.prepare(searcher, query, searcher.context())
    try:
        with interrupt_at(deadline):
            collector.run()
    except _OutOfTime:  # the collectors catch their own; this one came just after
        collector.timed_out = True


class BoundedCollector(WrappingCollector):
    """Whoosh's ranking or sorting collector, kept to a set of allowed documents and a time.

    An Or of hundreds of words (broad prefixes) matches nearly every turn and scores each
    one: ranked in full it held a worker for 32 s at 100k turns. Past the deadline the
    ranking stops and keeps the best of what it has seen (the child's `results()` stay
    usable). Documents outside `allow` (global numbers) are skipped, as Whoosh's own
    FilterCollector would, in the same loop.
    """

    def __init__(self, child, allow=None, deadline=math.inf):
        super().__init__(child)
        self.allow = allow
        self.deadline = deadline
        self.timed_out = False
        self.seen = 0  # matches collected: a lower bound of the count when cut short

    def run(self):
        try:
            super().run()
        except _OutOfTime:
            self.timed_out = True

    def results(self):
        if not hasattr(self.child, "runtime"):  # stopped inside finish(), which sets it
            self.child.runtime = 0.0
        return self.child.results()

    def collect_matches(self):
        child, allow, offset = self.child, self.allow, self.child.offset
        for seen, sub_docnum in enumerate(child.matches(), 1):
            if allow is None or sub_docnum + offset in allow:
                child.collect(sub_docnum)
                self.seen += 1
            if not seen % DEADLINE_EVERY and time.monotonic() > self.deadline:
                self.timed_out = True
                raise _OutOfTime


def _segment_ids(searcher):
    segments = (sub.reader().segment() for sub, _ in searcher.leaf_searchers())
    return {segment.segment_id() for segment in segments if segment is not None}


class FacetColumns:
    """Facet values of each segment, decoded once per process.

    Segments never change once written, so each facet column becomes an array of small
    codes (one per document) the first time a segment is searched; counting a facet is
    then a `Counter` over array lookups instead of a column read and decode per match.
    """

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], tuple[array, list]] = {}

    def codes(self, reader, fieldname: str) -> tuple[array, list]:
        segment = reader.segment()
        if segment is None:
            return array("I"), []
        key = (segment.segment_id(), fieldname)
        if key not in self._cache:
            values: list = []
            positions: dict[Any, int] = {}
            codes = array("I")
            if reader.has_column(fieldname):
                for value in reader.column_reader(fieldname):
                    code = positions.get(value)
                    if code is None:
                        code = positions[value] = len(values)
                        values.append(value)
                    codes.append(code)
            self._cache[key] = (codes, values)
        return self._cache[key]

    def keep_only(self, segment_ids):
        self._cache = {key: v for key, v in self._cache.items() if key[0] in segment_ids}


def count_facets(counts, columns: FacetColumns, reader, docs):
    """Add the facet values of `docs` (numbers within `reader`'s segment) to `counts`."""
    for name, field_counts in counts.items():
        codes, values = columns.codes(reader, name)
        if not values:
            continue
        for code, count in Counter(map(codes.__getitem__, docs)).items():
            value = values[code]
            if value not in ("", None):
                field_counts[value] += count


class FacetCountCollector(Collector):
    """Counts matches and their facet values, without scoring, up to a limit and a time."""

    def __init__(self, fieldnames, limit, columns: FacetColumns, allow=None, deadline=math.inf):
        self.fieldnames = list(fieldnames)
        self.limit = limit
        self.deadline = deadline  # time.monotonic()
        self.columns = columns
        self.allow = allow  # a set of global document numbers, or None for all

    def prepare(self, top_searcher, q, context) -> None:
        super().prepare(top_searcher, q, context.set(weighting=None))
        self.counts: dict[str, Counter] = {name: Counter() for name in self.fieldnames}
        self.total = 0
        self.limited = False  # stopped at `limit`
        self.timed_out = False

    @property
    def complete(self) -> bool:
        """Whether every match was counted."""
        return not (self.limited or self.timed_out)

    def collect_matches(self):
        reader = self.subsearcher.reader()
        remaining = self.limit - self.total
        matches = self.matches()
        if self.allow is not None:
            allow, offset = self.allow, self.offset
            matches = (docnum for docnum in matches if docnum + offset in allow)
        docs = []
        for docnum in matches:
            docs.append(docnum)
            if len(docs) > remaining:
                docs.pop()
                self.limited = True
                break
            if not len(docs) % DEADLINE_EVERY and time.monotonic() > self.deadline:
                self.timed_out = True
                break
        self.total += len(docs)
        count_facets(self.counts, self.columns, reader, docs)
        if not self.complete:
            raise _FacetLimitReached

    def collect(self, sub_docnum):  # pragma: no cover - collect_matches does the work
        raise NotImplementedError

    def sort_key(self, sub_docnum):  # pragma: no cover
        return None

    def results(self):  # pragma: no cover
        return None


def _read_segment(reader, schema) -> None:
    for docnum in reader.all_doc_ids():
        reader.stored_fields(docnum)
    for fieldname in reader.indexed_field_names():
        field = schema[fieldname] if fieldname in schema.names() else None
        positions = field is not None and field.format.supports("positions")
        for text in reader.lexicon(fieldname):
            matcher = reader.postings(fieldname, text)
            if positions:
                for _item in matcher.items_as("positions"):
                    pass
            else:
                for _id in matcher.all_ids():
                    pass
        if reader.has_column(fieldname):
            for _value in reader.column_reader(fieldname):
                pass


class ParleyWhooshBackend(ParleyBackendMixin, WhooshSearchBackend):
    prefix_field = WORDS_FIELD
    phrases_by_stem = True
    # Haystack's, which this class sets again (the live folder, after a swap).
    path: str
    setup_complete: bool

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.facet_doc_limit = connection_options.get("FACET_DOC_LIMIT", FACET_DOC_LIMIT)
        # Word pairs make phrase queries several times faster (195 -> 61 ms at 100k turns),
        # for a build 40% slower and an index four times the size (README, Performance).
        # Parley's settings turn them on; Haystack's own Whoosh options leave them off.
        self.phrase_pairs = connection_options.get("PHRASE_PAIRS", False)
        # All-words queries scored from postings arrays (conjunctions.py); False leaves
        # them to Whoosh's matchers (the tests compare the two).
        self.use_conjunctions = connection_options.get("CONJUNCTIONS", True)
        self.rebuild_commit_every = connection_options.get(
            "REBUILD_COMMIT_EVERY", REBUILD_COMMIT_EVERY
        )
        self._postings = conjunctions.PostingsCache(
            connection_options.get("POSTINGS_CACHE_MB", POSTINGS_CACHE_MB) * 1024 * 1024
        )
        self.time_budget = connection_options.get("TIME_BUDGET_SECONDS", TIME_BUDGET_SECONDS)
        # The configured folder; the index itself is in its live folder (folders.py).
        self.root = self.path
        # Haystack keeps one backend per thread, so this is a per-thread searcher.
        self._searcher = None
        self._facet_columns = FacetColumns()
        # (the searcher they were found with, filter sets by the filter's repr)
        self._filter_sets: tuple[Any, dict[str, set[int]]] = (None, {})

    # The live folder: a rebuild swaps in a new one (folders.py)

    def setup(self):
        self.path = str(folders.live_folder(self.root))
        super().setup()

    def _ready(self):
        """Set up, or set up again if a rebuild has swapped in another folder."""
        if self.setup_complete and str(folders.live_folder(self.root)) != self.path:
            self.close()
            self.setup_complete = False
            self._facet_columns = FacetColumns()
            self._filter_sets = (None, {})
        if not self.setup_complete:
            self.setup()

    # Schema

    def build_schema(self, fields):
        schema_fields = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True, sortable=True),
        }
        content_field_name = ""
        keyword_fields = self._keyword_fields = {DJANGO_CT}
        for field in fields.values():
            name = field.index_fieldname
            if field.is_multivalued:
                schema_fields[name] = (
                    KEYWORD(stored=True, commas=True, scorable=True, field_boost=field.boost)
                    if field.indexed
                    else IDLIST(stored=True)
                )
            elif hasattr(field, "facet_for"):
                schema_fields[name] = WHOOSH_ID(stored=field.stored, sortable=True)
                keyword_fields.add(name)
            elif not field.indexed:
                if not field.stored:
                    continue
                schema_fields[name] = STORED()
            elif field.field_type in ("date", "datetime"):
                schema_fields[name] = DATETIME(stored=field.stored, sortable=True)
            elif field.field_type == "integer":
                schema_fields[name] = NUMERIC(
                    numtype=int, bits=64, stored=field.stored, sortable=True
                )
            elif field.field_type == "float":
                schema_fields[name] = NUMERIC(numtype=float, stored=field.stored, sortable=True)
            elif field.field_type == "boolean":
                schema_fields[name] = BOOLEAN(stored=field.stored)
            else:
                schema_fields[name] = TEXT(
                    stored=field.stored,
                    analyzer=field.analyzer or text_analyzer(),
                    field_boost=field.boost,
                )
            if field.document:
                content_field_name = name
                schema_fields[name].spelling = True

        if len(schema_fields) <= 3:
            raise SearchBackendError("No fields were found in any search_indexes.")
        if content_field_name:
            schema_fields[WORDS_FIELD] = TEXT(analyzer=words_analyzer(), phrase=False)
        if content_field_name and self.phrase_pairs:
            schema_fields[PAIRS_FIELD] = TEXT(analyzer=pairs_analyzer(), phrase=False)
            schema_fields[PAIRS_READY] = WHOOSH_ID()
        return content_field_name, Schema(**schema_fields)

    def stem(self, word: str) -> str:
        return stem(word.lower())

    def words(self, text: str) -> list[str]:
        return [token.text for token in words_analyzer()(text)]

    # Writing

    def _writer(self):
        try:
            return self.index.writer(
                timeout=WRITE_LOCK_TIMEOUT,
                compound=False,
                limitmb=WRITER_POOL_MB,
                **writer_options(),
            )
        except LockError as exc:
            raise IndexLocked(f"The index at {self.path} is locked by a writer.") from exc

    def _documents(self, index, iterable):
        for obj in iterable:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            doc = {key: self._from_python(value) for key, value in doc.items()}
            doc.pop("boost", None)
            if WORDS_FIELD in self.schema and doc.get(self.content_field_name):
                doc[WORDS_FIELD] = doc[self.content_field_name]
            if PAIRS_FIELD in self.schema:
                # A line of its own between the fields, so no pair spans two of them.
                sources = (self.content_field_name, *PAIRED_FIELDS)
                doc[PAIRS_FIELD] = "\n.\n".join(str(doc[name]) for name in sources if doc.get(name))
                doc[PAIRS_READY] = "1"
            yield doc

    def update(self, index, iterable, commit=True, merge=True):
        """Write these objects' documents in one commit; `merge=False` leaves the new
        segment unmerged (several writes in a row, then `merge_segments`)."""
        self._ready()
        docs = {doc[ID]: doc for doc in self._documents(index, iterable)}
        if not docs:
            return
        writer = self._writer()
        try:
            self._delete_ids(writer, docs)
            for doc in docs.values():
                writer.add_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=None if merge else NO_MERGE)

    def merge_segments(self):
        """Merge small segments, as a commit does by default (after unmerged writes)."""
        self._ready()
        self._writer().commit()

    def add_all(self, index, batches, *, procs=1, optimize=False) -> int:
        """Add every object of `batches` (iterables) without deleting first.

        For rebuilding an index that has just been cleared: with `procs` > 1 the analysis
        runs in that many worker processes. A writer is committed every
        `rebuild_commit_every` documents, as segments of their own: Whoosh sorts all the
        postings of a writer in run files beside the index before writing them, 67 GB
        for a million turns with word pairs, so one writer for everything can fill a disk.
        """
        self._ready()
        with _lean_processes() if procs > 1 else contextlib.nullcontext():
            added, writer = 0, None
            try:
                for batch in batches:
                    for doc in self._documents(index, batch):
                        if writer is None:
                            writer = self._bulk_writer(procs)
                        writer.add_document(**doc)
                        added += 1
                        if added % self.rebuild_commit_every == 0:
                            writer.commit(mergetype=NO_MERGE)
                            writer = None
            except BaseException:
                if writer is not None:
                    writer.cancel()
                raise
            if writer is not None:
                writer.commit(mergetype=None if optimize else NO_MERGE, optimize=optimize)
        if writer is None and optimize and added:
            self.optimize()
        return added

    def _bulk_writer(self, procs):
        if procs > 1:
            try:
                return self.index.writer(
                    procs=procs,
                    timeout=WRITE_LOCK_TIMEOUT,
                    compound=False,
                    limitmb=WRITER_POOL_MB,
                    batchsize=500,
                    multisegment=True,
                    **writer_options(),
                )
            except LockError as exc:
                raise IndexLocked(f"The index at {self.path} is locked by a writer.") from exc
        return self._writer()

    def _delete_identifiers(self, ids):
        self._ready()
        writer = self._writer()
        try:
            self._delete_ids(writer, ids)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def _delete_ids(self, writer, ids):
        with writer.searcher() as searcher:
            for whoosh_id in ids:
                writer.delete_by_term(ID, whoosh_id, searcher=searcher)

    def clear(self, models=None, commit=True):
        self._ready()
        writer = self._writer()
        if models is None:
            writer.commit(mergetype=CLEAR)
            return
        try:
            for model in models:
                writer.delete_by_term(DJANGO_CT, get_model_ct(model))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def delete_index(self):
        self.clear()

    def optimize(self):
        self._ready()
        self._writer().commit(optimize=True)

    # Reading

    def searcher(self):
        """This thread's searcher, reopened only when the index has changed."""
        self._ready()
        if self._searcher is None:
            self._searcher = self.index.searcher()
        else:
            previous = self._searcher
            try:
                self._searcher = previous.refresh()
            except (EmptyIndexError, OSError):
                # The index was deleted under this process: open (or create) it afresh,
                # so that searches answer, and leave the refill to the worker's check.
                self.close()
                self.setup_complete = False
                self._ready()
                self._searcher = self.index.searcher()
                return self._searcher
            if self._searcher is not previous:
                live = _segment_ids(self._searcher)
                self._facet_columns.keep_only(live)
                self._postings.keep_only(live)
        return self._searcher

    def close(self):
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def indexed_columns(self, fieldnames):
        """Yield a tuple of column values per live document (for drift checks)."""
        searcher = self.searcher()
        for subsearcher, _offset in searcher.leaf_searchers():
            reader = subsearcher.reader()
            if not reader.doc_count_all():
                continue  # an empty index's reader has no columns at all
            columns = [reader.column_reader(name) for name in fieldnames]
            for docnum in reader.all_doc_ids():
                yield tuple(column[docnum] for column in columns)

    def unreadable_parts(self):
        """Read every stored document, posting (with positions) and column of every segment.

        Whoosh keeps no checksums: a truncated or damaged file shows when something it
        holds is read, so everything is. Returns one line per segment that fails.
        """
        try:
            searcher = self.searcher()
        except Exception as error:  # noqa: BLE001 - whatever the damage, report it
            return [f"the index cannot be opened: {type(error).__name__}: {error}"]
        problems = []
        for subsearcher, _offset in searcher.leaf_searchers():
            reader = subsearcher.reader()
            segment = reader.segment()
            name = segment.segment_id() if segment is not None else "?"
            try:
                _read_segment(reader, self.schema)
            except Exception as error:  # noqa: BLE001
                problems.append(f"segment {name}: {type(error).__name__}: {error}")
        return problems

    def _parse(self, query_string):
        if query_string.strip() == "*":
            return wq.Every()
        return self.parser.parse(query_string)

    def _pairs_ready(self, searcher) -> bool:
        if PAIRS_FIELD not in self.schema:
            return False
        reader = searcher.reader()
        total = reader.doc_count_all()
        return total > 0 and reader.doc_frequency(PAIRS_READY, "1") == total

    def _phrases_as_pairs(self, query):
        """`"a b c"` becomes `pairs:"a b" AND pairs:"b c"`, checked by the phrase if longer."""
        paired = {self.content_field_name, *PAIRED_FIELDS}

        def rewrite(q):
            if isinstance(q, wq.Phrase) and q.fieldname in paired and q.slop == 1:
                words = list(q.words)
                if len(words) < 2:
                    return q
                pairs = [wq.Term(PAIRS_FIELD, f"{a} {b}") for a, b in pairwise(words)]
                if len(pairs) == 1:
                    return pairs[0]
                # Three words or more: the pairs find the candidates, the phrase checks them.
                return wq.And([*pairs, q])
            return q.apply(rewrite)

        return rewrite(query)

    def _prefixes_as_words(self, query, searcher):
        """Each `prefix*` (of WORDS_FIELD) as the written words that begin with it.

        Returns (the query, whether a prefix had more words than it may stand for).
        """
        leaves = [query] if query.is_leaf() else list(query.leaves())
        prefixes = [q for q in leaves if isinstance(q, wq.Prefix) and q.fieldname == WORDS_FIELD]
        if not prefixes or WORDS_FIELD not in self.schema:
            return query, False
        reader = searcher.reader()
        budget = {"words": MAX_EXPANDED_WORDS, "prefixes": len(prefixes), "cut": False}

        def expand(prefix: str) -> list[str]:
            share = min(PREFIX_EXPANSION, budget["words"] // max(1, budget["prefixes"]))
            budget["prefixes"] -= 1
            words = [force_str(word) for word in reader.expand_prefix(WORDS_FIELD, prefix)]
            if len(words) > share:
                budget["cut"] = True
                words = heapq.nlargest(
                    max(1, share), words, key=lambda w: reader.doc_frequency(WORDS_FIELD, w)
                )
            budget["words"] -= len(words)
            return words

        def rewrite(q):
            if isinstance(q, wq.Prefix) and q.fieldname == WORDS_FIELD:
                words = expand(q.text)
                if not words:
                    # Matches nothing (a NullQuery would drop out of an And).
                    return wq.Term(WORDS_FIELD, q.text, boost=q.boost)
                terms = [wq.Term(WORDS_FIELD, word) for word in words]
                return wq.Or(terms, boost=q.boost) if len(terms) > 1 else terms[0]
            return q.apply(rewrite)

        return rewrite(query), budget["cut"]

    def _years_for_dates(self, query, searcher):
        """Rewrite date ranges as year terms where they cover whole years.

        Whoosh turns a range over a 64-bit date field into a union of hundreds of terms,
        which costs a second on 100k turns; five years are five postings lists.
        """
        if YEAR_FIELD not in self.schema or DATE_FIELD not in self.schema:
            return query

        def rewrite(q):
            if isinstance(q, wq.NumericRange) and q.fieldname == DATE_FIELD:
                return self._date_range_by_year(q, searcher)
            return q.apply(rewrite)

        return rewrite(query)

    def _date_range_by_year(self, q, searcher):
        years = sorted(
            int(text) for text in searcher.reader().field_terms(YEAR_FIELD) if text.isdigit()
        )
        if not years or q.startexcl or q.endexcl:
            return q
        start = long_to_datetime(q.start).date() if q.start is not None else None
        end = long_to_datetime(q.end).date() if q.end is not None else None
        first = start.year if start else years[0]
        last = end.year if end else years[-1]
        parts, whole = [], []
        for year in range(first, last + 1):
            year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            low = max(start, year_start) if start else year_start
            high = min(end, year_end) if end else year_end
            if (low, high) == (year_start, year_end):
                whole.append(year)
            elif low <= high:
                parts.append(
                    wq.NumericRange(
                        DATE_FIELD,
                        datetime_to_long(datetime.datetime.combine(low, datetime.time.min)),
                        datetime_to_long(datetime.datetime.combine(high, datetime.time.max)),
                    )
                )
        present = set(years)
        parts += [wq.Term(YEAR_FIELD, str(year)) for year in whole if year in present]
        if start is None and end is None:
            return q
        if not parts:
            # No indexed year falls in the range. Not NullQuery: an And drops it and then
            # matches everything; the range itself matches nothing, quickly.
            return q
        return wq.Or(parts, boost=q.boost) if len(parts) > 1 else parts[0]

    def _sort_facets(self, sort_by):
        facets = []
        for order_by in sort_by:
            reverse = order_by.startswith("-")
            facets.append(FieldFacet(order_by.lstrip("-"), reverse=reverse))
        return facets

    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        fields="",
        highlight=False,
        facets=None,
        date_facets=None,
        query_facets=None,
        narrow_queries=None,
        spelling_query=None,
        models=None,
        limit_to_registered_models=None,
        result_class=None,
        **kwargs,
    ):
        if date_facets or query_facets:
            raise SearchBackendError("Parley's Whoosh backend supports field facets only.")
        query_string = force_str(query_string)
        empty = {"results": [], "hits": 0, "hits_exact": True, "facets": {}}
        if not query_string.strip():
            return empty

        searcher = self.searcher()
        parsed = self._parse(query_string)
        filters = [self._parse(force_str(nq)) for nq in narrow_queries or ()]
        if models:
            filters.append(wq.Or([wq.Term(DJANGO_CT, get_model_ct(model)) for model in models]))
        if filters:
            parsed = wq.And([parsed, *filters])
        parsed = self._years_for_dates(parsed, searcher)
        parsed, too_broad = self._prefixes_as_words(parsed, searcher)
        if self._pairs_ready(searcher):
            parsed = self._phrases_as_pairs(parsed)
        parsed = parsed.normalize()

        start_offset = start_offset or 0
        if parsed is wq.NullQuery or searcher.doc_count() == 0:
            return {**empty, "spelling_suggestion": self._suggest(spelling_query)}
        matching, filters = self._split_filters(parsed)
        allow = self._allowed_docs(searcher, filters) if filters is not None else None
        if allow is not None and not allow:
            return {**empty, "spelling_suggestion": self._suggest(spelling_query)}

        limit = end_offset if end_offset and end_offset > 0 else None
        facets = facets or {}
        found = self._conjunction(searcher, matching, allow, limit, facets) if not sort_by else None
        if found is None:
            count_limit = kwargs.get(COUNT_LIMIT_KWARG) or self.facet_doc_limit
            found = self._whoosh_matches(
                searcher, parsed, matching, sort_by, limit, allow, facets, count_limit
            )
        ranked, counts, count, hits_exact, timed_out = found
        hits = [
            (searcher.stored_fields(docnum), score)
            for docnum, score in ranked[start_offset:end_offset]
        ]
        return {
            "results": self.build_results(hits, fields, result_class),
            "hits": count,
            "hits_exact": hits_exact and not timed_out,
            "too_broad": too_broad or timed_out,
            "facets": self.facet_counts({name: counts[name].items() for name in facets}, facets),
            "spelling_suggestion": self._suggest(spelling_query) if count == 0 else None,
        }

    def _conjunction(
        self, searcher, matching, allow: set[int] | None, limit: int | None, facets: dict
    ) -> tuple | None:
        """Words (all, or any of them) answered from postings arrays (conjunctions.py), or None.

        Returns (ranked (docnum, score) pairs, facet counts, hit count, count is exact).
        """
        tree = conjunctions.plan(matching) if self.use_conjunctions else None
        if tree is None:
            return None
        try:
            matches = conjunctions.search(searcher, tree, allow, limit, self._postings)
        except conjunctions.Unsupported:
            return None
        counts: dict[str, Counter] = {name: Counter() for name in facets}
        for reader, docs in matches.by_segment:
            count_facets(counts, self._facet_columns, reader, docs)
        return matches.ranked, counts, matches.total, True, False

    def _whoosh_matches(
        self, searcher, parsed, matching, sort_by, limit, allow, facets, count_limit
    ):
        """Whoosh's own ranking or sort, then a count and facets up to the facet limit."""
        # One deadline for the ranking and the count: no query holds a worker for longer.
        deadline = time.monotonic() + self.time_budget
        if sort_by and sort_by[0].lstrip("-") == DATE_FIELD and limit and YEAR_FIELD in self.schema:
            hits, cut, seen = self._sorted_by_years(
                searcher, matching, sort_by, limit, allow, deadline
            )
        else:
            sortedby = self._sort_facets(sort_by) if sort_by else None
            hits, cut, seen = self._ranked(searcher, matching, limit, sortedby, allow, deadline)
        ranked = [(hit.docnum, hit.score) for hit in hits]

        # Whoosh's own count is unreliable across segments once it skips blocks, so matches
        # are counted (and faceted) in an unscored pass that stops at the limit.
        counter = FacetCountCollector(
            facets, count_limit, self._facet_columns, allow, deadline=deadline
        )
        with contextlib.suppress(_FacetLimitReached):
            _run_until(searcher, matching, counter, deadline)
        if counter.complete and not cut:
            return ranked, counter.counts, counter.total, True, False
        if cut or counter.timed_out:
            # Out of time, nothing better than what was seen is known: Whoosh's estimates
            # of an And, a phrase or an exclusion can be thousands where there are none.
            return ranked, counter.counts, max(seen, counter.total), False, True
        estimate = max(counter.total, parsed.estimate_size(searcher.reader()))
        return ranked, counter.counts, estimate, False, False

    @staticmethod
    def _ranked(searcher, query, limit, sortedby, allow, deadline):
        """The first `limit` hits by score or `sortedby`, whether the deadline cut them, and
        how many matches were seen."""
        if time.monotonic() >= deadline:
            return [], True, 0
        collector = BoundedCollector(
            searcher.collector(limit=limit, sortedby=sortedby), allow, deadline
        )
        _run_until(searcher, query, collector, deadline)
        raw = collector.results()
        hits = [raw[position] for position in range(raw.scored_length())]
        return hits, collector.timed_out, collector.seen

    def _split_filters(self, query):
        """(the query without its filters, the filters or None).

        Filters (dates, years, speaker, country, kind) scored alongside the words make
        Whoosh intersect postings match by match, and a date range is a union of years
        besides; as a set of allowed documents, a filter costs one membership test per
        match. The date-range query at 100k turns: 450 -> 230 ms.
        """
        if not isinstance(query, wq.And):
            return query, None
        filter_fields = {DATE_FIELD, YEAR_FIELD, *getattr(self, "_keyword_fields", ())}

        def is_filter(q):
            leaves = list(q.leaves()) if not q.is_leaf() else [q]
            return bool(leaves) and all(
                getattr(leaf, "fieldname", None) in filter_fields for leaf in leaves
            )

        filters = [q for q in query.subqueries if is_filter(q)]
        rest = [q for q in query.subqueries if not is_filter(q)]
        if not filters or not rest:
            return query, None
        matching = wq.And(rest, boost=query.boost) if len(rest) > 1 else rest[0]
        return matching, (wq.And(filters) if len(filters) > 1 else filters[0])

    def _allowed_docs(self, searcher, filters) -> set[int]:
        """The documents `filters` allows, kept for as long as this searcher is current."""
        owner, cached = self._filter_sets
        if owner is not searcher:
            cached = {}
            self._filter_sets = (searcher, cached)
        key = repr(filters)
        if key not in cached:
            docs = set(searcher.docs_for_query(filters))
            held = sum(map(len, cached.values()))
            if len(cached) >= 64 or held + len(docs) > FILTER_CACHE_DOCS:
                cached.clear()
            cached[key] = docs
        return cached[key]

    def _sorted_by_years(
        self,
        searcher,
        parsed,
        sort_by: Sequence[str],
        limit: int,
        allow: set[int] | None,
        deadline: float,
    ) -> tuple[list, bool, int]:
        """The first `limit` matches in date order, read year by year from the first year.

        Sorting by date makes Whoosh read the sort key of every match; one year's matches
        are a few hundred, and the first year or two usually fill a page.
        """
        newest_first = sort_by[0].startswith("-")
        years = sorted(searcher.reader().field_terms(YEAR_FIELD), reverse=newest_first)
        sortedby = self._sort_facets(sort_by)
        hits: list = []
        seen = 0
        for year in years:
            in_year = wq.And([parsed, wq.Term(YEAR_FIELD, year)]).normalize()
            if in_year is wq.NullQuery:
                continue
            found, cut, seen_in_year = self._ranked(
                searcher, in_year, limit - len(hits), sortedby, allow, deadline
            )
            hits += found
            seen += seen_in_year
            if cut or len(hits) >= limit:
                return hits, cut, seen
        return hits, False, seen

    # Spelling: the words of the content field's spelling field, the first letter shared.

    def _spelling_ready(self):
        return bool(self.content_field_name)

    def _knows_word(self, word):
        field = self.schema[self.content_field_name]
        spell_field = field.spelling_fieldname(self.content_field_name)
        return (spell_field, word) in self.searcher().reader()

    def _closest_word(self, word):
        corrector = self.searcher().reader().corrector(self.content_field_name)
        # Sharing the first letter keeps the search through the word list short.
        # Whoosh scores every candidate alike, whatever its distance, and keeps the last
        # in alphabetical order (`ceasfire` -> `ceasefires`): the nearest wins here.
        found = corrector.suggest(word, limit=10, maxdist=2, prefix=1)
        return min(
            found, key=lambda known: (Levenshtein.distance(word, known), known), default=None
        )


class ParleyWhooshSearchQuery(HitsExactMixin, WhooshSearchQuery):
    """Keeps whether the backend's hit count is exact or an estimate."""


class ParleyWhooshEngine(WhooshEngine):
    backend = ParleyWhooshBackend
    query = ParleyWhooshSearchQuery


@contextlib.contextmanager
def _lean_processes() -> Iterator[None]:
    """Start Whoosh's analysis processes from a fork server, not as forks of this process.

    A fork starts with a copy of everything the rebuild's own process holds (Django, the
    last batch of turns: 104 MB, 140 MB after the first commit), and each analysis process
    adds its postings pool and its segment's terms to that. The fork server is a fresh
    interpreter that has imported only Whoosh and Parley's analysis and codec (25 MB).
    Writing 125,000-turn segments, the largest analysis process peaked at 308 MB forked and
    at 222 MB from the fork server, for the same processor time (bench/memory.py, 250k).
    """
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("forkserver", force=True)
    multiprocessing.set_forkserver_preload(
        [
            "whoosh.multiproc",
            "meetings.search.engines.whoosh.analysis",
            "meetings.search.engines.whoosh.internals",
        ]
    )
    try:
        yield
    finally:
        multiprocessing.set_start_method(previous, force=True)
