"""The search page, checked the way the issue will be checked."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.models import Meeting, Person
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("plain_static"),
    pytest.mark.search_engines(),
]

SEARCH = "/search/"


def hits(response):
    return response.context["results"].hits


def test_urls():
    assert reverse("search:search") == SEARCH
    assert reverse("search:help") == "/search/help/"


def test_ceasefire_links_to_aliyevs_turn_with_the_word_marked(client, second_transcript):
    response = client.get(SEARCH, {"q": "ceasefire"})
    assert response.status_code == 200
    aliyev = next(hit for hit in hits(response) if hit.speaker_name == "Ilham Aliyev")
    meeting_url = "/meetings/2022/09/16/meeting-with-president-of-azerbaijan-ilham-aliyev/"
    assert aliyev.url == meeting_url + "#t2"
    content = response.content.decode()
    # Read in context: the statement, with the query to mark and the way back.
    assert f'href="{meeting_url}?hl=ceasefire&amp;back=q%3Dceasefire#t2"' in content
    assert "The <mark>ceasefire</mark> has been observed." in content
    assert 'href="/leaders/ilham-aliyev/"' in content
    assert "President of Azerbaijan" in content
    assert "Samarkand" in content


def test_phrase_order_matters(client, second_transcript):
    found = hits(client.get(SEARCH, {"q": '"tripartite commission"'}))
    assert [(hit.speaker_name, hit.url[-3:]) for hit in found] == [("Ilham Aliyev", "#t2")]
    assert hits(client.get(SEARCH, {"q": '"commission tripartite"'})) == []


def test_all_words_must_match_or_and_exclude(client, second_transcript):
    assert {h.speaker_name for h in hits(client.get(SEARCH, {"q": "ceasefire line"}))} == {
        "Vladimir Putin"
    }
    either = hits(client.get(SEARCH, {"q": "observed OR hold"}))
    assert {h.url[-3:] for h in either} == {"#t2", "#t3"}
    excluded = hits(client.get(SEARCH, {"q": "ceasefire -line -observed"}))
    assert {h.speaker_name for h in excluded} == {"Recep Tayyip Erdoğan", "Question"}
    assert len(hits(client.get(SEARCH, {"q": "ceasef*"}))) == 4


def test_meeting_title_and_lead_are_not_a_statements_words(client, second_transcript):
    assert hits(client.get(SEARCH, {"q": "sidelines"})) == []  # only in the lead
    both = hits(client.get(SEARCH, {"q": "ceasefire grain"}))  # grain: in the lead and t1
    assert [(h.meeting_title, h.url[-3:]) for h in both] == [
        ("Telephone conversation with President of Türkiye", "#t1")
    ]
    assert hits(client.get(SEARCH, {"q": "Türkiye ceasefire"})) == []  # Türkiye: the title


def test_speaker_filter_narrows_and_says_so(client, second_transcript):
    response = client.get(SEARCH, {"q": "ceasefire", "speaker": "vladimir-putin"})
    assert {hit.speaker_name for hit in hits(response)} == {"Vladimir Putin"}
    assert response.context["results"].count == 1
    content = response.content.decode()
    assert "Search only Vladimir Putin’s statements" in content  # the search box's label
    widen = re.search(r'<a class="chip" href="([^"]*)"[^>]*>Speaker: Vladimir Putin ', content)
    assert widen.group(1) == "?q=ceasefire"
    assert client.get(SEARCH + widen.group(1)).context["results"].count == 4


def test_leader_page_form_without_query_lists_the_leaders_turns(client, second_transcript):
    response = client.get(SEARCH, {"q": "", "speaker": "vladimir-putin"})
    results = response.context["results"]
    assert results.count == 3
    assert [hit.date.year for hit in results.hits] == [2023, 2022, 2022]  # newest first


def test_did_you_mean(client, second_transcript):
    response = client.get(SEARCH, {"q": "ceasfire"})
    assert response.context["results"].count == 0
    assert response.context["results"].suggestion == "ceasefire"
    assert "Did you mean" in response.content.decode()
    two = client.get(SEARCH, {"q": "grain comission"}).context["results"]
    assert two.suggestion == "grain commission"


MARKUP = "<img src=x onerror=alert(1)> and a<b and c>d: peace"


def test_markup_in_a_transcript_never_comes_out_unescaped(client, on_commit):
    with on_commit():
        meeting = MeetingFactory(title="Talks <script>alert(2)</script> peace")
        TurnFactory(meeting=meeting, sequence=1, text=MARKUP)
    for q in ("peace", "img", "onerror", "alert", "b", "x"):
        content = client.get(SEARCH, {"q": q}).content.decode()
        assert "<img" not in content
        assert "<script>alert" not in content
        assert "a<b" not in content and "c>d" not in content
    content = client.get(SEARCH, {"q": "peace"}).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "a&lt;b and c&gt;d: <mark>peace</mark>" in content
    assert "Talks &lt;script&gt;alert(2)&lt;/script&gt; peace</a>" in content  # not a match


def test_drafts_never_appear(client, on_commit):
    with on_commit():
        draft = MeetingFactory(status=Meeting.Status.DRAFT)
        TurnFactory(meeting=draft, sequence=1, text="A secret armistice.")
    assert hits(client.get(SEARCH, {"q": "armistice"})) == []
    assert client.get(SEARCH, {"kind": "talks"}).context["results"].count == 0


@pytest.fixture
def archive(on_commit):
    """Twelve meetings over three years, two countries, two kinds."""
    with on_commit():
        ru = Person.objects.filter(slug="vladimir-putin").first() or PersonFactory(
            name="Vladimir Putin", country="RU"
        )
        az = Person.objects.filter(slug="ilham-aliyev").first() or PersonFactory(
            name="Ilham Aliyev", country="AZ"
        )
        for n in range(12):
            year = 2020 + n % 3
            meeting = MeetingFactory(
                title=f"Meeting {n}",
                date=f"{year}-0{1 + n % 9}-1{n % 10}",
                kind="talks" if n % 2 else "telephone",
            )
            ParticipationFactory(meeting=meeting, person=ru, country="RU")
            ParticipationFactory(
                meeting=meeting, person=az, role="President of Azerbaijan", country="AZ"
            )
            TurnFactory(meeting=meeting, sequence=1, speaker=ru, text=f"Energy talk number {n}.")
            TurnFactory(meeting=meeting, sequence=2, speaker=az, text=f"Energy answer {n}.")


def test_filters_country_dates_kind(client, archive):
    def count(**params):
        return client.get(SEARCH, {"q": "energy", **params}).context["results"].count

    assert count() == 24
    assert count(country="AZ") == 12
    assert count(country="az") == 12
    assert count(**{"from": "2021-01-01", "to": "2021-12-31"}) == 8
    assert count(**{"from": "2021-01-01"}) == 16
    assert count(to="2020-12-31") == 8
    assert count(kind="talks") == 12
    assert count(kind="telephone", country="RU") == 6


CLOSED_RANGES = {
    "whoosh": r"date:\(\[20210101000000 to 20211231000000\]\)",
    "xapian": r"Query\(VALUE_RANGE \d+ 20210101 20211231\)",
}


def test_a_date_range_is_one_closed_range(archive, search_engine):
    from haystack.query import SearchQuerySet

    from meetings.search.results import Filters, _apply_filters

    sqs = _apply_filters(
        SearchQuerySet(),
        Filters(date_from=datetime.date(2021, 1, 1), date_to=datetime.date(2021, 12, 31)),
    )
    assert re.fullmatch(CLOSED_RANGES[search_engine], str(sqs.query))


def test_sort_and_pagination(client, archive):
    newest = hits(client.get(SEARCH, {"q": "energy", "sort": "newest"}))
    dates = [hit.date for hit in newest]
    assert dates == sorted(dates, reverse=True)
    assert [hit.url[-3:] for hit in newest[:2]] == ["#t1", "#t2"]  # turn order within a meeting
    oldest = [hit.date for hit in hits(client.get(SEARCH, {"q": "energy", "sort": "oldest"}))]
    assert oldest == sorted(oldest)
    assert oldest[0] == datetime.date(2020, 1, 10)

    page1 = client.get(SEARCH, {"q": "energy", "sort": "oldest"}).context["results"]
    page2 = client.get(SEARCH, {"q": "energy", "sort": "oldest", "page": 2}).context["results"]
    assert (page1.page.number, page1.page.paginator.num_pages, len(page1.hits)) == (1, 2, 20)
    assert (page2.page.number, len(page2.hits)) == (2, 4)
    assert (page2.page.start_index(), page2.last_index) == (21, 24)
    assert {h.pk for h in page1.hits}.isdisjoint({h.pk for h in page2.hits})
    far = client.get(SEARCH, {"q": "energy", "page": 999})
    assert far.status_code == 200 and far.context["results"].page.number == 2
    assert client.get(SEARCH, {"q": "energy", "page": "x"}).status_code == 200


def test_facets_have_counts_and_whole_values(client, second_transcript, archive):
    results = client.get(SEARCH, {"q": "energy OR ceasefire"}).context["results"]
    facets = {name: {f.value: f.count for f in values} for name, values in results.facets.items()}
    assert facets["speaker"]["vladimir-putin"] == 13
    assert facets["speaker"]["ilham-aliyev"] == 13
    assert facets["speaker"]["recep-tayyip-erdogan"] == 1
    assert facets["country"] == {"RU": 13, "AZ": 13, "TR": 1}
    assert facets["year"] == {"2020": 8, "2021": 8, "2022": 9, "2023": 3}
    labels = {f.value: f.label for f in results.facets["country"]}
    assert labels["AZ"] == "Azerbaijan"
    names = {f.value: f.label for f in results.facets["speaker"]}
    assert names["vladimir-putin"] == "Vladimir Putin"


def facet_links(response) -> dict[str, str]:
    """The facet links of a page by their label, with entities decoded."""
    content = response.content.decode()
    links = re.findall(
        r'<li[^>]*>\s*<a href="([^"]*)"[^>]*>(?:<span[^>]*>✓ </span>)?([^<]+)<',
        content.split('aria-label="Narrow the results"')[1],
    )
    return {label: html.unescape(url) for url, label in links}


def test_facet_links_narrow_and_widen(client, archive):
    response = client.get(SEARCH, {"q": "energy", "page": 2})
    link = facet_links(response)["2021"]
    assert link == "?q=energy&from=2021-01-01&to=2021-12-31"
    narrowed = client.get(SEARCH + link)
    assert narrowed.context["results"].count == 8
    year = next(g for g in narrowed.context["facets"] if g["name"] == "year")
    assert [item["selected"] for item in year["items"]] == [True]
    assert facet_links(narrowed)["2021"] == "?q=energy"
    by_country = client.get(SEARCH + facet_links(narrowed)["Azerbaijan"])
    assert by_country.context["results"].count == 4
    assert facet_links(by_country)["Azerbaijan"] == "?q=energy&from=2021-01-01&to=2021-12-31"
    by_speaker = client.get(SEARCH + facet_links(response)["Ilham Aliyev"])
    assert {hit.speaker_name for hit in hits(by_speaker)} == {"Ilham Aliyev"}


def test_sort_links_and_the_suggestion_keep_the_filters(client, archive):
    content = client.get(SEARCH, {"q": "energy", "kind": "talks", "page": 2}).content.decode()
    assert 'href="?q=energy&amp;kind=talks&amp;sort=newest"' in content
    content = client.get(SEARCH, {"q": "enrgy", "kind": "talks"}).content.decode()
    assert 'Did you mean <a href="?q=energy&amp;kind=talks">energy</a>' in content


def test_a_page_of_hits_costs_no_query_per_hit(client, archive, django_assert_max_num_queries):
    client.get(SEARCH, {"q": "energy"})  # the archive's names, cached once for every search
    with django_assert_max_num_queries(8) as twenty:
        response = client.get(SEARCH, {"q": "energy"})
    assert len(hits(response)) == 20
    with django_assert_max_num_queries(8) as four:
        response = client.get(SEARCH, {"q": "energy", "page": 2})
    assert len(hits(response)) == 4
    assert len(twenty.captured_queries) == len(four.captured_queries)


def test_invalid_parameters_are_dropped_not_errors(client, second_transcript):
    response = client.get(
        SEARCH,
        {
            "q": "ceasefire",
            "speaker": 'x" OR y',
            "country": "Atlantis",
            "from": "2022-13-45",
            "kind": "war",
            "sort": "sideways",
        },
    )
    assert response.status_code == 200
    assert response.context["results"].count == 4
    assert "It was left out of the search." in response.content.decode()


def test_empty_page_and_help(client, db):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert response.context["results"] is None
    help_page = client.get("/search/help/")
    assert help_page.status_code == 200
    content = help_page.content.decode()
    for example in ('"tripartite commission"', "OR", "-sanctions", "negotiat*", "500"):
        assert example in content


ODD_QUERIES = [
    '"unbalanced quote',
    'ceasefire"',
    "((ceasefire",
    "ceasefire))",
    "[a TO b]",
    "{a TO b}",
    "OR",
    "AND",
    "NOT",
    "-",
    "*",
    "?",
    "- * OR AND NOT",
    "ceasefire OR",
    "OR ceasefire",
    "-ceasefire",
    "text:ceasefire",
    "django_ct:meetings.turn",
    "date:[2020 TO 2030]",
    "ceasefire~",
    "ceasefire~2",
    "ceasefire^10",
    "\\",
    "'",
    "a\x00b",
    "\x00",
    "\x01\x02\x1f\x7f",
    "line\nbreak\ttab",
    "🕊️ peace 🕊️",
    "Путин прекращение огня",
    "停火",
    "e\u0301",
    "\ufeff\u200b",
    "ceasefire " * 2000,
    "x" * 15_000,
    "a*",
    "*ceasefire",
    "cease*fire",
    "&&||!",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_queries_return_a_page(client, second_transcript, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_the_15kb_query_is_cut_and_says_so(client, second_transcript):
    response = client.get(SEARCH, {"q": "ceasefire " * 1500})
    assert len(response.context["query"].text) <= 500
    assert "Your search was cut" in response.content.decode()
    assert response.context["results"].count == 4


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=st.text(max_size=300))
def test_any_text_returns_200(client, second_transcript, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    q=st.text(alphabet=st.sampled_from(list('ab "()-*:~^[]{}!OR AND NOT\\/')), max_size=60),
    speaker=st.text(max_size=20),
    page=st.text(max_size=5),
)
def test_any_syntax_soup_returns_200(client, second_transcript, q, speaker, page):
    response = client.get(SEARCH, {"q": q, "speaker": speaker, "page": page, "from": speaker})
    assert response.status_code == 200


def test_snippet_html_is_only_marks():
    from meetings.search.highlight import snippet
    from meetings.search.query import parse_query

    html = snippet(MARKUP, parse_query("peace img").highlight_terms())
    assert re.sub(r"</?mark>", "", html).count("<") == 0
