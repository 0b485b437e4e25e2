"""Haystack's Xapian engine (xapian-haystack), with the traps it has on a large index taken out.

- Counting: the stock backend fetches a match set of the whole database to count hits. Here
  one match set gives the page, the count and the facets: Xapian checks at least
  `FACET_DOC_LIMIT` matches, so the count and the facet counts are exact up to that limit.
  Beyond it the count is an estimate and the facets count the matches Xapian checked, and
  `hits_exact` is False (as with Whoosh) even if Xapian knows the count from term frequencies.
  A sorted search counts in an unsorted pass of its own, and finds its page by the first
  sort value before sorting, by every value, only the matches that can be on it.
- Documents: the stock backend indexes every text three times (in its field, unprefixed,
  and unsplit), keeps a value of every field and pickles the whole prepared object. Here a
  text is indexed once, stemmed and with positions; other fields are whole keywords with a
  value (fields.py); the data is the stored fields, as JSON.
- Queries (query.py): `content` searches the document field, as in
  the other Haystack engines, and words go through the indexing analyser.
- Spelling: Xapian records spelling data only for unprefixed text, which this engine does
  not write, so the content field's words are added to it; a suggestion replaces the words
  the index does not know, and only those.
- A database is kept open per thread (Haystack's backends are per thread) and reopened
  before each search, which costs a revision check. Writes take a file lock and use one
  WritableDatabase; a rebuild (`add_all`) adds everything through one of them.
- What both engines share (results, facets, spelling, removal) is in engines/base.py.
"""

import contextlib
import functools
import itertools
import json
import re
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import xapian
import xapian_backend
from django.conf import settings
from django.utils.encoding import force_str
from filelock import FileLock, Timeout
from haystack.constants import DEFAULT_OPERATOR, DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.utils import get_model_ct

from ...contract import (
    COUNT_LIMIT_KWARG,
    FACET_DOC_LIMIT,
    PREFIX_EXPANSION,
    TIME_BUDGET_SECONDS,
    WRITE_LOCK_TIMEOUT,
    IndexLocked,
)
from .. import folders
from ..base import ParleyBackendMixin
from .fields import Field, field_kind
from .query import ParleyXapianSearchQuery
from .stemming import ScriptStemmer, stem

# A rebuild commits every so many documents. Xapian's own default (10,000) keeps a buffer
# whose upkeep slows every addition: 289 turns/s at 100k against 366 with 1,000.
REBUILD_COMMIT_EVERY = 1_000

ID_PREFIX = xapian_backend.TERM_PREFIXES[ID]
CT_PREFIX = xapian_backend.TERM_PREFIXES[DJANGO_CT]
DJANGO_ID_SLOT = 0
DJANGO_ID_FIELD = Field(
    DJANGO_ID, "keyword", xapian_backend.TERM_PREFIXES[DJANGO_ID], slot=DJANGO_ID_SLOT
)
# The indexer joins the letters of `U.S.` into `us`, but only when they are capitals.
_ACRONYM_RE = re.compile(r"^(?:\w\.)+\w\.?$")


class ParleyXapianBackend(ParleyBackendMixin, xapian_backend.XapianSearchBackend):
    # Xapian indexes each word as written beside its stem (STEM_SOME).
    prefix_field = "text"
    phrases_by_stem = False  # a phrase is positions of the words as written
    path: str  # Haystack's, which this class sets again (the live folder, after a swap)

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.facet_doc_limit = connection_options.get("FACET_DOC_LIMIT", FACET_DOC_LIMIT)
        # Kept on the backend: a Xapian stemmer only points at its Python implementation.
        self._stemming = ScriptStemmer()
        self.stemmer = xapian.Stem(self._stemming)
        self.time_budget = connection_options.get("TIME_BUDGET_SECONDS", TIME_BUDGET_SECONDS)
        # Writers always take the lock: Xapian fails a second writer instead of waiting.
        self.root = self.path
        self.path = str(folders.live_folder(self.root))
        self.filelock = FileLock(Path(self.path) / "lockfile")
        # Haystack keeps one backend per thread, so this is a per-thread database.
        self._reader = None

    # Schema

    def build_schema(self, fields: dict) -> tuple[str, dict[str, Field]]:
        """Fields by index name; slots for everything but analysed text (slot 0: django_id)."""
        schema, content_field_name, slot = {}, "", DJANGO_ID_SLOT + 1
        for name, field in sorted(fields.items()):
            kind = field_kind(field)
            if field.document:
                content_field_name = name
            if kind == "stored":
                continue
            has_slot = kind != "text" and not field.is_multivalued
            schema[name] = Field(
                name=name,
                kind=kind,
                prefix=xapian_backend.TERM_PREFIXES["field"] + name.upper(),
                slot=slot if has_slot else None,
                multivalued=field.is_multivalued,
                boost=field.boost,
            )
            slot += has_slot
        return content_field_name, schema

    def field(self, name) -> Field:
        if name == "content":
            name = self.content_field_name
        if name == DJANGO_ID:
            return DJANGO_ID_FIELD
        try:
            return self.schema[name]
        except KeyError:
            raise SearchBackendError(f"The field {name!r} is not indexed.") from None

    # Writing

    @contextlib.contextmanager
    def _writing(self, *, overwrite=False, atomic=True):
        """A WritableDatabase, once any other writer of this index has finished.

        `atomic` writes in a transaction, dropped on error; otherwise closing commits
        whatever was added (Xapian commits on close).
        """
        self._follow()
        try:
            self.filelock.acquire(timeout=WRITE_LOCK_TIMEOUT)
        except Timeout as exc:
            raise IndexLocked(f"The index at {self.path} is locked by a writer.") from exc
        try:
            mode = xapian.DB_CREATE_OR_OVERWRITE if overwrite else xapian.DB_CREATE_OR_OPEN
            database = xapian.WritableDatabase(self.path, mode)
            try:
                if atomic:
                    database.begin_transaction(False)
                yield database
                if atomic:
                    database.commit_transaction()
            except BaseException:
                if atomic:
                    database.cancel_transaction()
                raise
            finally:
                database.close()
        finally:
            self.filelock.release()

    def _documents(self, index, iterable):
        """Yield (id term, xapian.Document) for each object that is not skipped."""
        text_generator = xapian.TermGenerator()
        text_generator.set_stemmer(self.stemmer)
        text_generator.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
        schema = self.schema
        fields = self._fields  # Haystack's, kept by the stock backend with the schema
        for obj in iterable:
            try:
                data = index.full_prepare(obj)
            except SkipDocument:
                continue
            document = xapian.Document()
            text_generator.set_document(document)
            for name, field in schema.items():
                value = data.get(name)
                if value is None or value == "" or value == []:
                    continue
                if field.kind == "text":
                    text = force_str(value)
                    text_generator.index_text(text, 1, field.prefix)
                    text_generator.increase_termpos()
                    continue
                for item in value if field.multivalued else [value]:
                    term = field.term(item)
                    if term is not None:
                        document.add_boolean_term(term)
                if field.slot is not None:
                    document.add_value(field.slot, field.value(value))
            id_term = ID_PREFIX + data[ID]
            document.add_boolean_term(id_term)
            document.add_boolean_term(CT_PREFIX + data[DJANGO_CT])
            document.add_boolean_term(DJANGO_ID_FIELD.term(data[DJANGO_ID]))
            document.add_value(DJANGO_ID_SLOT, force_str(data[DJANGO_ID]))
            stored = {
                name: value
                for name, value in data.items()
                if name in (DJANGO_CT, DJANGO_ID) or (name in fields and fields[name].stored)
            }
            document.set_data(json.dumps(stored, default=str, ensure_ascii=False))
            yield id_term, document

    def _content_words(self, terms):
        prefix = self.field("content").prefix.encode()
        for term in terms:
            word = term[len(prefix) :]
            if term.startswith(prefix) and not word[:1].isupper():
                yield word

    # A word's spelling frequency is the number of documents with it in the content field.

    def _forget(self, database, id_term):
        """Delete a document and take its words out of the spelling data."""
        for docid in [posting.docid for posting in database.postlist(id_term)]:
            if self.include_spelling:
                terms = (item.term for item in database.termlist(docid))
                for word in self._content_words(terms):
                    database.remove_spelling(word)
            database.delete_document(docid)

    def merge_segments(self):
        """Nothing to merge: Xapian's tables take every write in place."""

    def update(self, index, iterable, commit=True, merge=True):
        with self._writing() as database:
            for id_term, document in self._documents(index, iterable):
                self._forget(database, id_term)
                database.add_document(document)
                if self.include_spelling:
                    terms = (item.term for item in document.termlist())
                    for word in self._content_words(terms):
                        database.add_spelling(word)

    def add_all(self, index, batches, *, procs=1, optimize=False) -> int:
        """Add every object of `batches` (iterables) with one writer, without deleting first.

        For rebuilding an index that has just been cleared. It commits every
        REBUILD_COMMIT_EVERY documents; the spelling data is written once at the end, from
        the index's vocabulary. Analysis runs in this process (`procs` is ignored) and the
        database needs no merging (`optimize`).
        A rebuild that fails keeps what it had added.
        """
        added = 0
        with self._writing(atomic=False) as database:
            for batch in batches:
                for _id_term, document in self._documents(index, batch):
                    database.add_document(document)
                    added += 1
                    if added % REBUILD_COMMIT_EVERY == 0:
                        database.commit()
            if self.include_spelling:
                database.commit()
                prefix = self.field("content").prefix
                for item in database.allterms(prefix):
                    for word in self._content_words([item.term]):
                        database.add_spelling(word, item.termfreq)
        return added

    def _delete_identifiers(self, ids):
        with self._writing() as database:
            for identifier in ids:
                self._forget(database, ID_PREFIX + identifier)

    def clear(self, models=None, commit=True):
        # Overwriting (not deleting the directory, as the stock backend does) gives the
        # database a new identity, which a reader in another process notices on reopen.
        with self._writing(overwrite=not models) as database:
            for model in models or ():
                database.delete_document(CT_PREFIX + get_model_ct(model))

    # Reading

    def _database(self, writable=False):
        if writable:
            raise SearchBackendError("Parley's Xapian backend writes through _writing().")
        database = self.reader()
        if database is None:
            raise xapian_backend.InvalidIndexError(f"No index at {self.path}.")
        return database

    def _follow(self) -> None:
        """Move to the live folder if a rebuild has swapped in another (folders.py)."""
        live = str(folders.live_folder(self.root))
        if live != self.path:
            self.close()
            self.path = live
            self.filelock = FileLock(Path(live) / "lockfile")

    def reader(self):
        """This thread's database, reopened (a no-op unless the index changed); None if none."""
        self._follow()
        if self._reader is not None:
            try:
                self._reader.reopen()
                return self._reader
            except xapian.DatabaseOpeningError:
                self.close()
        try:
            self._reader = xapian.Database(self.path)
        except xapian.DatabaseOpeningError:
            return None
        return self._reader

    def close(self):
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def document_count(self):
        database = self.reader()
        return database.get_doccount() if database is not None else 0

    def indexed_columns(self, fieldnames: Sequence[str]) -> Iterator[tuple]:
        """Yield a tuple of field values per document (for drift checks), from value slots."""
        database = self.reader()
        if database is None:
            return
        fields = [self.field(name) for name in fieldnames]
        if any(field.slot is None for field in fields):
            raise SearchBackendError("indexed_columns() needs fields with a value slot.")
        streams = [iter(database.valuestream(field.slot)) for field in fields]
        pending = [next(stream, None) for stream in streams]
        for posting in database.postlist(""):
            docid = posting.docid
            row = []
            for n, (field, stream) in enumerate(zip(fields, streams, strict=True)):
                item = pending[n]
                while item is not None and item.docid < docid:
                    item = pending[n] = next(stream, None)
                row.append(field.decode(item.value) if item and item.docid == docid else None)
            yield tuple(row)

    def unreadable_parts(self):
        """Xapian's own consistency check of every table; one line per problem."""
        self._follow()
        try:
            xapian.Database.check(self.path)
        except xapian.Error as error:
            return [f"{type(error).__name__}: {error.get_msg()}"]
        return []

    def parse_query(self, query_string):
        """Xapian's query syntax over this index's fields; bare words search the content."""
        if query_string.strip() == "*":
            return xapian.Query.MatchAll
        parser = xapian.QueryParser()
        database = self.reader()
        if database is not None:
            parser.set_database(database)
        parser.set_stemmer(self.stemmer)
        parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        parser.set_default_op(xapian_backend.XAPIAN_OPTS[DEFAULT_OPERATOR])
        for name, field in self.schema.items():
            if field.kind == "text":
                parser.add_prefix(name, field.prefix)
                if name == self.content_field_name:
                    parser.add_prefix("", field.prefix)
            else:
                parser.add_boolean_prefix(name, field.prefix + ":")
        return parser.parse_query(force_str(query_string), self.flags)

    def stem(self, word: str) -> str:
        return stem(word.lower())

    def words(self, text: str) -> list[str]:
        generator = xapian.TermGenerator()
        document = xapian.Document()
        generator.set_document(document)
        generator.index_text(text)
        placed = [(at, item.term.decode()) for item in document.termlist() for at in item.positer]
        return [word for _, word in sorted(placed)]

    def prefix_is_cut(self, field: Field, text: str) -> bool:
        """Whether more words begin with `text` than a prefix query stands for."""
        database = self.reader()
        if database is None:
            return False
        terms = database.allterms(field.prefix + text.lower())
        return sum(1 for _ in itertools.islice(terms, PREFIX_EXPANSION + 1)) > PREFIX_EXPANSION

    def text_query(
        self, field: Field, text: str, *, phrase: bool = False, prefix: bool = False
    ) -> xapian.Query:
        """Words as the indexer splits them: each stemmed, several in a row a phrase."""
        if prefix:
            return xapian.Query(
                xapian.Query.OP_WILDCARD,
                field.prefix + text.lower(),
                PREFIX_EXPANSION,
                xapian.Query.WILDCARD_LIMIT_MOST_FREQUENT,
            )
        generator = xapian.TermGenerator()
        generator.set_stemmer(self.stemmer)
        generator.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
        document = xapian.Document()
        generator.set_document(document)
        generator.index_text(text.upper() if _ACRONYM_RE.match(text) else text, 1, field.prefix)
        stems: set[str] = set()
        placed: list[tuple[int, str]] = []
        for item in document.termlist():
            term = item.term.decode()
            if term.startswith("Z"):
                stems.add(term)
            else:
                placed.extend((position, term) for position in item.positer)
        words = [term for _, term in sorted(placed)]
        if not words:
            return xapian.Query.MatchNothing
        if phrase or len(words) > 1:
            query = xapian.Query(xapian.Query.OP_PHRASE, words, len(words))
        else:
            stem = "Z" + field.prefix + self.stemmer(words[0][len(field.prefix) :]).decode()
            query = xapian.Query(stem if stem in stems else words[0])
        if field.boost != 1:
            query = xapian.Query(xapian.Query.OP_SCALE_WEIGHT, query, field.boost)
        return query

    def search(
        self,
        query,
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
            raise SearchBackendError("Parley's Xapian backend supports field facets only.")
        empty = {"results": [], "hits": 0, "hits_exact": True, "facets": {}}
        database = self.reader()
        if isinstance(query, str):  # a raw search
            query = self.parse_query(query)
        if database is None or query.empty():
            return {**empty, "spelling_suggestion": self._suggest(spelling_query)}

        filters = [self.parse_query(narrow) for narrow in narrow_queries or ()]
        if limit_to_registered_models is None:
            limit_to_registered_models = getattr(
                settings, "HAYSTACK_LIMIT_TO_REGISTERED_MODELS", True
            )
        model_cts = [get_model_ct(model) for model in models or ()]
        if not model_cts and limit_to_registered_models:
            model_cts = self.build_models_list()
        if model_cts:
            filters.append(xapian.Query(xapian.Query.OP_OR, [CT_PREFIX + ct for ct in model_cts]))
        if filters:
            query = xapian.Query(
                xapian.Query.OP_FILTER, query, xapian.Query(xapian.Query.OP_AND, filters)
            )

        count_limit = kwargs.get(COUNT_LIMIT_KWARG) or self.facet_doc_limit
        run = functools.partial(
            self._run,
            database,
            query,
            sort_by,
            start_offset,
            end_offset,
            fields,
            facets,
            spelling_query,
            result_class,
            count_limit,
        )
        try:
            return run()
        except xapian.DatabaseModifiedError:
            # Written twice while this search read it: read the newest revision.
            database.reopen()
            return run()

    def _run(
        self,
        database,
        query,
        sort_by,
        start_offset,
        end_offset,
        fields,
        facets,
        spelling_query,
        result_class,
        count_limit,
    ):
        enquire = xapian.Enquire(database)
        enquire.set_query(query)
        # Past the budget Xapian stops matching and returns what it has.
        enquire.set_time_limit(self.time_budget)
        started = time.monotonic()
        spies = {}
        for name in facets or ():
            field = self._valued_field(name)
            spies[name] = (field, xapian.ValueCountMatchSpy(field.slot))
            enquire.add_matchspy(spies[name][1])

        start_offset = start_offset or 0
        stop = database.get_doccount() if end_offset is None else end_offset
        count = max(stop - start_offset, 0)
        if sort_by:
            # A sorted search reads every match, and so would the spies: count and facet in
            # an unsorted, unweighted pass that stops at the limit, then find the page.
            enquire.set_weighting_scheme(xapian.BoolWeight())
            counted = enquire.get_mset(0, 0, count_limit)
            page = self._sorted_page(database, query, sort_by, start_offset, count)
        else:
            counted = page = enquire.get_mset(start_offset, count, count_limit)
        hits = counted.get_matches_estimated()
        # Once Xapian has checked enough matches for the page and the limit it may stop: the
        # count is exact if its bounds meet (Xapian can know it unchecked, from term
        # frequencies), the facet counts if the spies saw every match.
        checked = min((spy.get_total() for _, spy in spies.values()), default=hits)
        lower, upper = counted.get_matches_lower_bound(), counted.get_matches_upper_bound()
        hits_exact = lower == upper == checked
        timed_out = time.monotonic() - started >= self.time_budget
        if timed_out:  # what was seen, not an estimate from term statistics
            hits = lower

        counts = {
            name: [(field.decode(item.term), item.termfreq) for item in spy.values()]
            for name, (field, spy) in spies.items()
        }
        return {
            "results": self.build_results(
                ((json.loads(match.document.get_data()), match.weight) for match in page),
                fields,
                result_class,
            ),
            "hits": hits,
            "hits_exact": hits_exact and not timed_out,
            "too_broad": timed_out,
            "facets": self.facet_counts(counts, facets),
            "spelling_suggestion": self._suggest(spelling_query) if not hits else None,
        }

    def _valued_field(self, name):
        field = self.field(name)
        if field.slot is None:
            raise SearchBackendError(f"{name!r} has no value to sort or facet by.")
        return field

    def _sorted_page(self, database, query, sort_by, start_offset, count):
        """The page of a search sorted by `sort_by`, e.g. ("-date", "-meeting", "sequence").

        Sorting by several values costs five times what sorting by one does, so the page is
        found by the first value alone; only the matches that reach the page's last first
        value (the page, what comes before it, and ties) are then sorted by every value.
        """
        keys = [(self._valued_field(name.lstrip("-")), name.startswith("-")) for name in sort_by]
        (first, descending), rest = keys[0], keys[1:]
        enquire = xapian.Enquire(database)
        enquire.set_query(query)
        # Past the budget Xapian stops matching and returns what it has.
        enquire.set_time_limit(self.time_budget)
        enquire.set_sort_by_value_then_relevance(first.slot, descending)
        page = enquire.get_mset(start_offset, count)
        if not rest or page.empty():
            return page
        last = page.get_hit(page.size() - 1).document.get_value(first.slot)
        reach = xapian.Query.OP_VALUE_GE if descending else xapian.Query.OP_VALUE_LE
        enquire.set_query(
            xapian.Query(xapian.Query.OP_FILTER, query, xapian.Query(reach, first.slot, last))
        )
        sorter = xapian.MultiValueKeyMaker()
        for field, reverse in keys:
            sorter.add_value(field.slot, reverse)
        enquire.set_sort_by_key_then_relevance(sorter, False)
        return enquire.get_mset(start_offset, count)

    # Spelling: Xapian's spelling data, from the content field's words.

    def _spelling_ready(self):
        return self.reader() is not None

    def _knows_word(self, word):
        return self.reader().term_exists(self.field("content").prefix + word)

    def _closest_word(self, word):
        return self.reader().get_spelling_suggestion(word, 2).decode() or None


class ParleyXapianEngine(xapian_backend.XapianEngine):
    backend = ParleyXapianBackend
    query = ParleyXapianSearchQuery
