"""The Xapian engine's own fixes: counts past the limit, keywords, rebuilds, spelling, readers.

The search suite (test_search_views.py, test_search_indexing.py) runs against it too.
"""

import pytest
from django.core.management import call_command
from haystack import connections
from haystack.query import SearchQuerySet

from meetings.models import Turn
from meetings.search.query import parse_query
from meetings.search.results import Filters, search_turns
from meetings.search.upkeep import indexing
from meetings.search_indexes import document_fingerprint
from tests.factories import MeetingFactory, TurnFactory
from tests.search_conftest import _reset_search_connections

pytestmark = [pytest.mark.django_db, pytest.mark.search_engines("xapian")]


def backend():
    return connections["default"].get_backend()


@pytest.fixture
def facet_doc_limit():
    """Set the connection's FACET_DOC_LIMIT (matches counted exactly) for what follows."""

    def set_limit(limit):
        connections.connections_info["default"]["FACET_DOC_LIMIT"] = limit
        _reset_search_connections()

    return set_limit


@pytest.fixture
def sixty_turns(build_archive, on_commit):
    with on_commit():
        build_archive(meetings=6, turns=10)


def facet_totals(page):
    return {name: sum(value.count for value in values) for name, values in page.facets.items()}


def test_counts_and_facets_are_exact_up_to_the_limit(sixty_turns, facet_doc_limit):
    facet_doc_limit(100)
    page = search_turns(parse_query("statement paragraph"), Filters())
    assert (page.count, page.count_exact) == (60, True)
    assert facet_totals(page)["year"] == 60


def test_past_the_limit_counts_are_estimates_and_facets_partial(sixty_turns, facet_doc_limit):
    facet_doc_limit(100)
    exact = search_turns(parse_query("statement paragraph"), Filters(), sort="newest")
    facet_doc_limit(5)
    # A sorted search counts in a pass of its own that stops at the limit: Xapian knows
    # the count from term frequencies, but the facets saw only some matches. (A ranked
    # search of so small an archive checks every match anyway.)
    page = search_turns(parse_query("statement paragraph"), Filters(), sort="oldest")
    assert page.count >= len(page.hits) == 20
    assert not page.count_exact
    assert 5 <= facet_totals(page)["year"] < 60
    # Sorting still sees every match: the newest hits are the true newest.
    newest = search_turns(parse_query("statement paragraph"), Filters(), sort="newest")
    assert [hit.pk for hit in newest.hits] == [hit.pk for hit in exact.hits]


def test_newest_first_pages_follow_date_meeting_and_turn_order(db, on_commit):
    with on_commit():
        for day in (1, 2, 3):
            for _ in range(5):
                meeting = MeetingFactory(date=f"2021-05-0{day}")
                for sequence in range(1, 5):
                    TurnFactory(meeting=meeting, sequence=sequence, text="Wheat exports.")
    expected = list(
        Turn.objects.order_by("-meeting__date", "-meeting_id", "sequence").values_list(
            "pk", flat=True
        )
    )
    found = []
    for page in (1, 2, 3):
        results = search_turns(parse_query("wheat"), Filters(), sort="newest", page=page)
        found += [hit.pk for hit in results.hits]
    assert found == expected


def test_the_query_says_whether_its_count_is_exact(sixty_turns, facet_doc_limit):
    facet_doc_limit(5)
    query = SearchQuerySet().filter(content="statement").facet("year").order_by("date").query
    query.set_limits(0, 10)
    query.run()
    assert query.hits_exact is False
    query = SearchQuerySet().filter(content="statement").query
    query.set_limits(0, 10)
    query.run()
    assert (query.get_count(), query.hits_exact) == (60, True)  # no facets: Xapian knows
    unlimited = SearchQuerySet().filter(content="statement").query
    unlimited.run()
    assert len(unlimited.get_results()) == 60


def test_facet_fields_are_whole_keywords_with_their_case(second_transcript):
    sqs = SearchQuerySet().filter(content="ceasefire")
    assert len(sqs.filter(country="AZ")) == 1
    assert len(sqs.filter(country="az")) == 0
    assert len(sqs.filter(speaker__in=["recep-tayyip-erdogan", "ilham-aliyev"])) == 2
    assert len(sqs.filter(speaker="recep")) == 0
    counts = dict(sqs.facet("speaker").facet_counts()["fields"]["speaker"])
    assert counts == {"vladimir-putin": 1, "ilham-aliyev": 1, "recep-tayyip-erdogan": 1}


def test_a_phrase_is_found_inside_the_text_and_words_are_stemmed(second_transcript):
    sqs = SearchQuerySet()
    assert len(sqs.filter(text="ceasefires")) == 4
    assert len(sqs.filter(text__exact="the grain deal")) == 1
    assert len(sqs.filter(text__exact="grain the deal")) == 0


def test_rebuild_adds_everything_with_one_writer(samarkand, second_transcript, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("a rebuild adds through add_all")

    monkeypatch.setattr(type(backend()), "update", forbidden)
    call_command("rebuild_index", interactive=False, verbosity=0)
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert backend().document_count() == 6
    assert backend().create_spelling_suggestion("tripartitte comission") == (
        "tripartite commission"
    )


def test_indexed_columns_are_the_documents_ids_meetings_and_fingerprints(indexed_samarkand):
    index = indexing.turn_index()
    expected = {
        (turn.pk, turn.meeting_id, document_fingerprint(index.full_prepare(turn)))
        for turn in index.index_queryset()
    }
    columns = backend().indexed_columns(["django_id", "meeting", "fingerprint"])
    assert {(int(pk), meeting, print_) for pk, meeting, print_ in columns} == expected


def test_check_index_finds_a_stale_document(indexed_samarkand, capsys):
    Turn.objects.filter(meeting=indexed_samarkand, sequence=3).update(text="Changed.")
    call_command("check_index")
    assert "Out of date: 1." in capsys.readouterr().out


def test_spelling_forgets_the_words_of_removed_documents(db, on_commit):
    with on_commit():
        meeting = MeetingFactory()
        TurnFactory(meeting=meeting, sequence=1, text="Quinoa harvests.")
    assert backend().create_spelling_suggestion("quinao") == "quinoa"
    with on_commit():
        meeting.turns.all().delete()
    assert backend().create_spelling_suggestion("quinao") is None


def test_the_database_is_reopened_not_opened_again(indexed_samarkand, on_commit):
    reader = backend().reader()
    assert len(SearchQuerySet().filter(content="ceasefire")) == 1
    with on_commit():
        TurnFactory(meeting=indexed_samarkand, sequence=4, text="Another ceasefire.")
    assert len(SearchQuerySet().filter(content="ceasefire")) == 2
    assert backend().reader() is reader


def test_a_reader_follows_a_rebuild_by_another_writer(indexed_samarkand, search_index):
    reader = backend().reader()
    assert len(SearchQuerySet().filter(content="ceasefire")) == 1
    other = type(backend())("default", **connections.connections_info["default"])
    other.clear()
    assert len(SearchQuerySet().filter(content="ceasefire")) == 0
    other.update(indexing.turn_index(), indexing.turn_index().index_queryset())
    assert len(SearchQuerySet().filter(content="ceasefire")) == 1
    assert backend().reader() is reader
