"""All-words queries answered from postings arrays give exactly what Whoosh's matchers give."""

import datetime
import signal
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from haystack import connections
from whoosh import query as wq

from bench.corpus import SOURCE_NAME
from meetings.models import Person, Turn
from meetings.search.engines.whoosh import conjunctions
from meetings.search.engines.whoosh.internals import postings_arrays
from meetings.search.query import parse_query
from meetings.search.results import Filters, search_turns
from meetings.search.upkeep import indexing
from tests.search_conftest import _reset_search_connections, index_at

pytestmark = [pytest.mark.django_db, pytest.mark.search_engines("whoosh")]

QUERIES = [
    "energy sanctions",
    "cooperation agreement",
    "security council reform",
    "president minister",
    "trade investment growth partnership",
    'energy "territorial integrity"',  # with word pairs, the phrase is a term too
    "cooperation",
    "cooperation OR sanctions",
    "security -energy",  # a Not: Whoosh answers
]


def set_options(**options):
    connections.connections_info["default"].update(options)
    _reset_search_connections()


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    """A synthetic archive indexed in several segments, some of them with deleted turns.

    Built once for the module, inside a transaction of its own that is rolled back at the
    end (each test's own transaction is a savepoint within it), with an index of its own.
    """
    path = tmp_path_factory.mktemp("conjunctions") / "search-index"
    with django_db_blocker.unblock(), transaction.atomic(), index_at(path, "whoosh"):
        call_command("generate_corpus", turns=1200, seed=3, verbosity=0)
        call_command("rebuild_index", "--noinput", "--workers", "1", "-v0")
        meetings = list(
            Turn.objects.filter(meeting__source_name=SOURCE_NAME)
            .values_list("meeting_id", flat=True)
            .distinct()
            .order_by("meeting_id")[:12]
        )
        for meeting_id in meetings[:6]:  # a segment of its own for each, old copies deleted
            turn = Turn.objects.filter(meeting_id=meeting_id).order_by("sequence").first()
            turn.text = "Energy sanctions and security council reform, again. " + turn.text
            turn.save()
            indexing.sync_meetings([meeting_id])
        indexing.remove_turns(
            Turn.objects.filter(meeting_id=meetings[6]).values_list("pk", flat=True)
        )
        yield meetings, path
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def search_index(request, search_engine):
    """The module's index for the tests that read the corpus, a fresh one for the rest;
    every match counted exactly, so that the two ways can be compared on counts too."""
    if "corpus" in request.fixturenames:
        _, path = request.getfixturevalue("corpus")
    else:
        path = request.getfixturevalue("tmp_path") / "search-index"
    with index_at(path, "whoosh", FACET_DOC_LIMIT=100_000):
        yield path


def page(text, filters=None, **options):
    set_options(**options)
    result = search_turns(parse_query(text), filters or Filters())
    return {
        "pks": [hit.pk for hit in result.hits],
        "count": result.count,
        "exact": result.count_exact,
        "facets": result.facets,
    }


def test_the_same_page_count_and_facets_as_whoosh(corpus):
    searcher = connections["default"].get_backend().searcher()
    readers = [sub.reader() for sub, _ in searcher.leaf_searchers()]
    assert len(readers) > 1
    assert any(reader.has_deletions() for reader in readers)
    for text in QUERIES:
        whoosh = page(text, CONJUNCTIONS=False)
        assert whoosh["count"] > 0, text
        assert page(text, CONJUNCTIONS=True) == whoosh, text


def test_the_same_with_filters(corpus):
    speaker = Person.objects.filter(turns__isnull=False).order_by("pk").first()
    for filters in (
        Filters(date_from=datetime.date(2005, 3, 1), date_to=datetime.date(2016, 6, 30)),
        Filters(country=speaker.country),
        Filters(speakers=[speaker.slug]),
        Filters(kind="talks"),
    ):
        for text in ("security cooperation", "security", "security OR energy"):
            whoosh = page(text, filters, CONJUNCTIONS=False)
            assert whoosh["count"] > 0, (text, filters)
            assert page(text, filters, CONJUNCTIONS=True) == whoosh, (text, filters)


def test_scores_and_order_match_whoosh_to_the_last_place(corpus):
    backend = connections["default"].get_backend()
    searcher = backend.searcher()
    query = wq.And(
        [
            wq.Or([wq.Term("text", "secur"), wq.Term("text_words", "security")]),
            wq.Or([wq.Term("text", "energi"), wq.Term("text_words", "energy")]),
        ]
    )
    expected = searcher.search(query, limit=None)
    matches = conjunctions.search(searcher, conjunctions.plan(query))
    assert [docnum for docnum, _ in matches.ranked] == [hit.docnum for hit in expected]
    assert [score for _, score in matches.ranked] == [hit.score for hit in expected]
    assert matches.total == len(expected) > 20


def test_deleted_turns_never_match(corpus):
    removed = corpus[0][6]
    for text in ("energy sanctions", "cooperation agreement", "security council reform"):
        set_options(CONJUNCTIONS=True)
        result = search_turns(parse_query(text), Filters())
        assert removed not in {Turn.objects.get(pk=hit.pk).meeting_id for hit in result.hits}


@pytest.mark.parametrize(
    "query",
    [
        wq.And([wq.Term("text", "secur"), wq.Phrase("text", ["energi", "secur"])]),
        wq.And([wq.Term("text", "secur"), wq.Prefix("text", "ener")]),
        wq.And([wq.Term("text", "secur"), wq.Not(wq.Term("text", "energi"))]),
        wq.And([wq.Term("text", "secur"), wq.Term("text", "energi", boost=2.0)]),
        wq.And(
            [
                wq.Term("text", "secur"),
                wq.Or([wq.Term("text", "a"), wq.Term("text", "b")], minmatch=2),
            ]
        ),
    ],
    ids=["phrase", "prefix", "not", "boost", "minmatch"],
)
def test_only_and_trees_of_plain_terms_are_taken(query):
    assert conjunctions.plan(query) is None


def test_one_word_and_any_of_several_are_taken():
    assert conjunctions.plan(wq.Term("text", "secur")) == ("term", "text", "secur")
    word = wq.Or([wq.Term("text", "secur"), wq.Term("text_words", "security")])
    assert conjunctions.plan(word) == (
        "or",
        [("term", "text", "secur"), ("term", "text_words", "security")],
    )


def test_a_query_of_too_many_postings_is_left_to_whoosh(corpus, monkeypatch):
    searcher = connections["default"].get_backend().searcher()
    tree = conjunctions.plan(wq.Or([wq.Term("text", "secur"), wq.Term("text", "energi")]))
    postings = searcher.doc_frequency("text", "secur") + searcher.doc_frequency("text", "energi")
    monkeypatch.setattr(conjunctions, "MAX_POSTINGS", postings)
    assert conjunctions.search(searcher, tree).total > 0
    monkeypatch.setattr(conjunctions, "MAX_POSTINGS", postings - 1)
    with pytest.raises(conjunctions.Unsupported):
        conjunctions.search(searcher, tree)


def test_another_weighting_is_left_to_whoosh(corpus):
    from whoosh.scoring import TF_IDF
    from whoosh.searching import Searcher

    reader = connections["default"].get_backend().searcher().reader()
    query = wq.And([wq.Term("text", "secur"), wq.Term("text", "energi")])
    with pytest.raises(conjunctions.Unsupported):
        conjunctions.search(Searcher(reader, weighting=TF_IDF()), conjunctions.plan(query))


def test_a_term_missing_from_the_index_matches_nothing(corpus):
    searcher = connections["default"].get_backend().searcher()
    query = wq.And([wq.Term("text", "secur"), wq.Term("text", "zzzunknown")])
    assert conjunctions.search(searcher, conjunctions.plan(query)).total == 0


def test_the_postings_cache_keeps_to_its_budget_and_to_live_segments(corpus):
    searcher = connections["default"].get_backend().searcher()
    reader = max(
        (sub.reader() for sub, _ in searcher.leaf_searchers()), key=lambda r: r.doc_count_all()
    )
    words = [text for _, text in reader.most_frequent_terms("text", number=6)]
    sizes = [8 * len(postings_arrays(reader, "text", word)[0]) for word in words]
    cache = conjunctions.PostingsCache(budget_bytes=4 * max(sizes))
    for word in words:
        assert cache.postings(reader, "text", word) == postings_arrays(reader, "text", word)
    assert cache._size <= cache.budget
    kept = [key[3] for key in cache._items]
    assert kept == words[len(words) - len(kept) :]  # the least recently used went first
    assert 0 < len(kept) < len(words)
    cache.keep_only(set())
    assert not cache._items and cache._size == 0


def test_a_cached_term_loses_the_turns_deleted_since(corpus):
    backend = connections["default"].get_backend()
    tree = conjunctions.plan(wq.And([wq.Term("text", "secur"), wq.Term("text", "energi")]))
    before = conjunctions.search(backend.searcher(), tree, cache=backend._postings)
    first = Turn.objects.get(pk=backend.searcher().stored_fields(before.ranked[0][0])["django_id"])
    indexing.remove_turns([first.pk])
    after = conjunctions.search(backend.searcher(), tree, cache=backend._postings)
    assert after.total == before.total - 1


def test_cached_filter_sets_stay_within_their_budget(corpus, monkeypatch):
    from meetings.models import Meeting
    from meetings.search.engines.whoosh import backend as whoosh_backend

    speakers = list(Person.objects.filter(turns__isnull=False).distinct().order_by("pk")[:6])
    sizes = [
        Turn.objects.filter(speaker=person, meeting__status=Meeting.Status.PUBLISHED).count()
        for person in speakers
    ]
    budget = max(sizes)
    assert sum(sizes) > 2 * budget  # unbounded, the cache would pass the budget
    monkeypatch.setattr(whoosh_backend, "FILTER_CACHE_DOCS", budget)
    set_options(CONJUNCTIONS=True)
    backend = connections["default"].get_backend()
    for person in speakers:
        search_turns(parse_query("security"), Filters(speakers=[person.slug]))
        _, cached = backend._filter_sets
        assert 0 < sum(map(len, cached.values())) <= budget


def test_a_search_out_of_time_says_so_and_counts_only_what_it_saw(corpus, monkeypatch):
    monkeypatch.setattr(conjunctions, "MAX_POSTINGS", 0)  # as broad as 24 prefixes
    full = search_turns(parse_query("security OR cooperation OR energy"), Filters())
    assert not full.too_broad and full.count_exact and full.hits
    set_options(TIME_BUDGET_SECONDS=0)
    cut = search_turns(parse_query("security OR cooperation OR energy"), Filters())
    assert cut.too_broad and not cut.count_exact
    assert cut.count < full.count  # a lower bound, never Whoosh's guess


def test_ranking_stops_at_its_deadline_keeping_to_the_allowed_documents(corpus):
    from meetings.search.engines.whoosh.backend import DEADLINE_EVERY, BoundedCollector

    searcher = connections["default"].get_backend().searcher()
    query = wq.Term("text_words", "the")
    matching = searcher.search(query, limit=None)
    assert len(matching) > 4 * DEADLINE_EVERY
    allow = {hit.docnum for hit in matching if hit.docnum % 2}
    collector = BoundedCollector(searcher.collector(limit=None), allow, deadline=0)
    searcher.search_with_collector(query, collector)
    ranked = collector.results()
    assert collector.timed_out
    assert 0 < len(ranked) <= DEADLINE_EVERY
    assert {hit.docnum for hit in ranked} <= allow

    unbounded = BoundedCollector(searcher.collector(limit=None), allow)
    searcher.search_with_collector(query, unbounded)
    assert not unbounded.timed_out
    assert {hit.docnum for hit in unbounded.results()} == allow


def test_a_matcher_busy_past_the_deadline_is_interrupted():
    """A query matching nothing never reaches the checks between matches: a timer stops it."""
    from meetings.search.engines.whoosh.backend import _OutOfTime, interrupt_at

    with pytest.raises(_OutOfTime), interrupt_at(time.monotonic() + 0.05):
        time.sleep(30)  # stands for one long call inside Whoosh
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_timer_set_by_others_is_kept():
    from meetings.search.engines.whoosh.backend import interrupt_at

    rang = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: rang.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        with interrupt_at(time.monotonic() + 10):
            pass
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 20 < left <= 30
        assert signal.getsignal(signal.SIGALRM) is not previous and not rang
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
