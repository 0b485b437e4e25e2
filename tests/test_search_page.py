"""The results page says what it did: the names a query holds, the filters, what it left out.

Each test reads the page as a visitor would (its text and the links in it) and follows the
links, checking the statements they lead to.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from meetings.models import Meeting, PersonAlias
from meetings.search.context import MEETING_WORDS
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

SEARCH = "/search/"


class _Links(HTMLParser):
    """Every link of a page: (its text, its href), and the page's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._open: list[list] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append([dict(attrs).get("href", ""), []])

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, parts = self._open.pop()
            self.links.append((" ".join("".join(parts).split()), href))

    def handle_data(self, data):
        self.text.append(data)
        for link in self._open:
            link[1].append(data)


def read(response) -> _Links:
    parser = _Links()
    parser.feed(response if isinstance(response, str) else response.content.decode())
    return parser


def names_part(response) -> str:
    """The lines saying what the query names (above the statements)."""
    found = re.search(
        r'<section class="search-context".*?</section>', response.content.decode(), re.S
    )
    return found.group() if found else ""


def text(response) -> str:
    return " ".join("".join(read(response).text).split())


def href(response, name: str) -> str:
    """The href of the one link whose text is `name` (or matches it, as a pattern)."""
    found = [h for t, h in read(response).links if t == name or re.fullmatch(name, t)]
    assert len(found) == 1, (name, read(response).links)
    return found[0]


def follow(client, url: str):
    return client.get(url if url.startswith("/") else SEARCH + url)


def speakers(response) -> set[str]:
    return {hit.speaker_name for hit in response.context["results"].hits}


# The context lines: what a query names in the archive.


@pytest.mark.search_engines()
def test_a_leaders_name_offers_his_statements_in_one_click(client, second_transcript):
    response = client.get(SEARCH, {"q": "Aliyev ceasefire"})
    assert "Ilham Aliyev — show only statements by Ilham Aliyev" in text(response)
    assert href(names_part(response), "Ilham Aliyev") == "/leaders/ilham-aliyev/"
    mine = follow(client, href(response, "show only statements by Ilham Aliyev"))
    assert mine.context["form"].value("speaker") == ["ilham-aliyev"]
    assert mine.context["query"].text == "ceasefire"  # the name left the query for the filter
    assert speakers(mine) == {"Ilham Aliyev"}
    assert [hit.url[-3:] for hit in mine.context["results"].hits] == ["#t2"]


def test_a_name_alone_lists_the_leaders_statements(client, second_transcript):
    response = client.get(SEARCH, {"q": "ilham ALIYEV"})
    assert href(response, "show only statements by Ilham Aliyev") == "?speaker=ilham-aliyev"
    everything = follow(client, "?speaker=ilham-aliyev")
    assert everything.context["results"].count == 1
    assert speakers(everything) == {"Ilham Aliyev"}


def test_names_match_ignoring_case_and_diacritics_by_alias_and_family_name(
    client, second_transcript
):
    erdogan = second_transcript.participations.get(person__slug="recep-tayyip-erdogan").person
    PersonAlias.objects.create(person=erdogan, name="Tayyip")
    for q in ("Erdogan", "erdoğan", "Recep Tayyip Erdogan", "tayyip"):
        lines = text(client.get(SEARCH, {"q": q}))
        assert "Recep Tayyip Erdoğan — show only statements by Recep Tayyip Erdoğan" in lines, q
    lines = text(client.get(SEARCH, {"q": "Владимир Путин"}))
    assert "Vladimir Putin — show only statements by Vladimir Putin" in lines
    assert "show only statements" not in text(client.get(SEARCH, {"q": "Vladimir"}))


def test_a_leader_already_filtered_is_not_offered_again(client, second_transcript):
    response = client.get(SEARCH, {"q": "Putin", "speaker": "vladimir-putin"})
    assert "show only statements by Vladimir Putin" not in text(response)


@pytest.mark.parametrize("q", ["Azerbaijan", "Azerbaijani", "AZ", "Republic of Azerbaijan"])
def test_a_country_by_name_adjective_or_code_offers_its_leaders(client, second_transcript, q):
    response = client.get(SEARCH, {"q": f"{q} ceasefire"})
    assert "Azerbaijan — statements by its leaders" in text(response)
    assert href(names_part(response), "Azerbaijan") == "/countries/az/"
    theirs = follow(client, href(response, "statements by its leaders"))
    assert theirs.context["form"].value("country") == "AZ"
    assert theirs.context["query"].text == "ceasefire"
    assert speakers(theirs) == {"Ilham Aliyev"}


def test_turkey_and_turkiye_are_one_country(client, second_transcript):
    for q in ("Turkey", "Türkiye", "Turkish"):
        response = client.get(SEARCH, {"q": q})
        assert "Turkey — statements by its leaders" in text(response), q
        assert href(response, "statements by its leaders") == "?country=TR"
    # A lower-case two-letter word is a word, not a code.
    assert "statements by its leaders" not in text(client.get(SEARCH, {"q": "az"}))


def test_a_place_lists_its_meetings(client, second_transcript):
    response = client.get(SEARCH, {"q": "samarkand"})
    lines = text(response)
    assert "1 meeting in Samarkand: Meeting with President of Azerbaijan Ilham Aliyev" in lines
    assert href(names_part(response), "Meeting with President of Azerbaijan Ilham Aliyev").endswith(
        "/2022/09/16/meeting-with-president-of-azerbaijan-ilham-aliyev/"
    )
    listed = follow(client, href(response, "1 meeting in Samarkand"))
    assert listed.context["heading"] == "Meetings in Samarkand"
    assert [m.title for m in listed.context["page_obj"]] == [
        "Meeting with President of Azerbaijan Ilham Aliyev"
    ]


def test_many_meetings_in_a_place_are_one_link_to_their_list(client, second_transcript):
    for n in range(4):
        MeetingFactory(title=f"Talks number {n}", place="The Kremlin, Moscow")
    response = client.get(SEARCH, {"q": "Moscow"})
    line = href(response, "5 meetings in Moscow")
    assert line == "/search/meetings/?place=Moscow"
    listed = follow(client, line)
    assert "noindex" in listed.content.decode()
    assert {m.place for m in listed.context["page_obj"]} == {"Moscow", "The Kremlin, Moscow"}
    assert len(listed.context["page_obj"]) == 5


def test_words_of_titles_and_leads_list_their_meetings(client, second_transcript):
    response = client.get(SEARCH, {"q": '"SCO summit"'})
    assert "1 meeting whose lead mentions 'SCO summit'" in text(response)
    titled = client.get(SEARCH, {"q": "telephone conversation"})
    line = href(titled, "1 meeting titled with 'telephone conversation'")
    listed = follow(client, line)
    assert [m.title for m in listed.context["page_obj"]] == [
        "Telephone conversation with President of Türkiye"
    ]
    # Words in the wrong order are not the phrase.
    assert not client.get(SEARCH, {"q": '"summit SCO"'}).context["named"]


def test_a_query_of_names_only_gets_no_title_line(client, second_transcript):
    lines = text(client.get(SEARCH, {"q": "Aliyev"}))
    assert "show only statements by Ilham Aliyev" in lines
    assert "titled with" not in lines


def test_the_archives_names_are_read_once_and_no_search_scans_the_turns(
    client, second_transcript, django_assert_max_num_queries
):
    client.get(SEARCH, {"q": "Aliyev Samarkand ceasefire"})
    with django_assert_max_num_queries(8) as queries:
        response = client.get(SEARCH, {"q": "Aliyev Samarkand ceasefire"})
    assert "show only statements by Ilham Aliyev" in text(response)
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "meetings_turn" not in sql
    assert "meetings_personalias" not in sql  # the leaders' names come from the cache


def test_words_of_titles_are_found_through_their_index(db):
    words = SearchQuery("shanghai cooperation", config="simple", search_type="phrase")
    found = Meeting.objects.annotate(words=MEETING_WORDS).filter(words=words).order_by()
    sql, params = found.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # as on a large archive
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on meeting_words" in plan


# Filters: named chips, each removable; unknown ones said plainly.


def test_active_filters_are_named_chips_each_removed_by_its_link(client, second_transcript):
    params = {
        "q": "ceasefire",
        "speaker": "vladimir-putin",
        "country": "RU",
        "kind": "telephone",
        "from": "2023-01-01",
        "to": "2023-06-30",
    }
    response = client.get(SEARCH, params)
    assert response.context["results"].count == 1
    chips = {
        "Speaker: Vladimir Putin × (remove this filter)": "speaker",
        "Country: Russia × (remove this filter)": "country",
        "Kind: Telephone conversation × (remove this filter)": "kind",
        "From 1 January 2023 × (remove this filter)": "from",
        "To 30 June 2023 × (remove this filter)": "to",
    }
    for label, name in chips.items():
        widened = follow(client, href(response, re.escape(label)))
        assert widened.status_code == 200
        form = widened.context["form"]
        assert form.value(name) is None, label
        assert all(form.value(other) for other in params if other != name), label
    everything = follow(client, href(response, "Remove all filters"))
    assert everything.context["results"].count == 4
    assert not everything.context["chips"]


def test_a_whole_year_is_one_chip(client, second_transcript):
    response = client.get(SEARCH, {"q": "ceasefire", "from": "2022-01-01", "to": "2022-12-31"})
    assert href(response, re.escape("Year: 2022 × (remove this filter)")) == "?q=ceasefire"


@pytest.mark.search_engines()
def test_an_unknown_speaker_is_said_plainly_and_left_out(client, second_transcript):
    response = client.get(SEARCH, {"q": "ceasefire", "speaker": "nobody"})
    page = text(response)
    assert "No leader 'nobody' in the archive. It was left out of the search." in page
    assert "nobody’s" not in page and "Search only" not in page
    assert response.context["results"].count == 4
    both = client.get(SEARCH, {"q": "ceasefire", "speaker": ["nobody", "ilham-aliyev"]})
    assert speakers(both) == {"Ilham Aliyev"}
    assert "No leader 'nobody' in the archive." in text(both)


@pytest.mark.parametrize(
    ("country", "message"),
    [
        ("XX", "No country 'XX'."),
        ("Atlantis", "No country 'Atlantis'."),
        ("FR", "No leader of France in the archive."),
    ],
)
def test_an_unknown_country_is_said_plainly_and_left_out(
    client, second_transcript, country, message
):
    response = client.get(SEARCH, {"q": "ceasefire", "country": country})
    assert f"{message} It was left out of the search." in text(response)
    assert response.context["results"].count == 4
    assert not response.context["chips"]


def test_a_country_may_be_given_by_name(client, second_transcript):
    response = client.get(SEARCH, {"q": "ceasefire", "country": "Azerbaijan"})
    assert speakers(response) == {"Ilham Aliyev"}
    assert "Country: Azerbaijan" in text(response)


def test_a_bad_date_names_its_field_once(client, second_transcript):
    response = client.get(SEARCH, {"q": "ceasefire", "from": "2022-13-45", "to": "soon"})
    page = text(response)
    assert page.count("From: enter a date as YYYY-MM-DD.") == 1
    assert page.count("To: enter a date as YYYY-MM-DD.") == 1
    assert "Enter a valid date" not in page
    assert response.context["results"].count == 4
    backwards = text(
        client.get(SEARCH, {"q": "ceasefire", "from": "2023-01-01", "to": "2022-01-01"})
    )
    assert backwards.count("To: the end date is before the start date.") == 1


def test_words_too_common_to_search_for_are_named(client, second_transcript, monkeypatch):
    from meetings.search import views

    real = views.search_turns

    def dropping_the(query, filters, **kwargs):  # as the engine reports a dropped word
        page = real(query, filters, **kwargs)
        page.too_common = ["the", "of"]
        page.too_broad = True
        return page

    monkeypatch.setattr(views, "search_turns", dropping_the)
    page = text(client.get(SEARCH, {"q": "the ceasefire of"}))
    assert "'the' and 'of' are too common to search for." in page
    assert "This search was too broad: showing the first matches." in page


@pytest.mark.parametrize(
    "seen, heading",
    [(3, "At least 3 statements"), (0, "No statements found in the time allowed")],
)
def test_a_search_cut_short_counts_only_what_it_saw(
    client, second_transcript, monkeypatch, seen, heading
):
    from meetings.search import views

    real = views.search_turns

    def out_of_time(query, filters, **kwargs):  # as the engine reports a search cut short
        page = real(query, filters, **kwargs)
        page.too_broad, page.count_exact, page.count = True, False, seen
        return page

    monkeypatch.setattr(views, "search_turns", out_of_time)
    page = text(client.get(SEARCH, {"q": "ceasefire"}))
    assert heading in page
    assert "About 3" not in page


# What the search page tells robots.


def test_the_search_pages_are_not_for_robots(client, second_transcript):
    for params in ({}, {"q": "ceasefire"}):
        assert '<meta name="robots" content="noindex">' in client.get(SEARCH, params).text
    robots = client.get("/robots.txt").text.splitlines()
    assert "Disallow: /search/" in robots
    assert robots.index("Disallow: /search/") > robots.index("User-agent: *")


# Did you mean: the archive's people first.


@pytest.mark.search_engines()
def test_a_misspelt_leader_is_suggested_with_his_statements(client, second_transcript):
    response = client.get(SEARCH, {"q": "Aliev"})
    page = text(response)
    assert "Did you mean Ilham Aliyev?" in page
    assert "allied" not in page.split("Did you mean")[1]
    mine = follow(client, href(response, "Show only statements by Ilham Aliyev"))
    assert speakers(mine) == {"Ilham Aliyev"}
    spelt = follow(client, href(response, "Search for “Aliyev”"))
    assert "Mr <mark>Aliyev</mark>, I am very happy" in spelt.content.decode()
    pair = text(client.get(SEARCH, {"q": "ilham aliev ceasefire"}))
    assert "Did you mean Ilham Aliyev?" in pair
    assert "Search for “Ilham Aliyev ceasefire”" in pair


def test_a_misspelt_ordinary_word_still_gets_the_engines_suggestion(client, second_transcript):
    assert "Did you mean ceasefire?" in text(client.get(SEARCH, {"q": "ceasfire"}))


# Read in context.


def test_read_in_context_marks_the_words_and_leads_back(client, second_transcript):
    response = client.get(SEARCH, {"q": "ceasefire", "country": "AZ", "page": 1})
    link = href(response, "Read in context: Ilham Aliyev, 16 September 2022 →")
    assert link.endswith("#t2")
    meeting = client.get(link.split("#")[0])
    page = meeting.content.decode()
    assert "The <mark>ceasefire</mark> has been observed." in page
    back = href(meeting, "← Back to results")
    assert back == "/search/?q=ceasefire&country=AZ&page=1"
    assert follow(client, back).context["results"].hits == response.context["results"].hits
    assert "Words of “ceasefire” are marked." in page


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/",
        "//evil.example/search/",
        "q=x&next=https://evil.example",
        "javascript:alert(1)",
        "%0d%0aLocation: https://evil.example",
    ],
)
def test_the_way_back_only_ever_leads_to_this_sites_search(client, samarkand, back):
    url = samarkand.get_absolute_url()
    meeting = client.get(url, {"hl": "ceasefire", "back": back})
    link = href(meeting, "← Back to results")
    assert link.startswith("/search/") and not link.startswith("//")
    assert link.split("?")[0] == "/search/"


def test_a_meeting_page_without_a_search_marks_nothing(client, samarkand):
    page = client.get(samarkand.get_absolute_url()).content.decode()
    assert "<mark>" not in page and "Back to results" not in page
    hostile = client.get(samarkand.get_absolute_url(), {"hl": "<script>alert(1)</script>"})
    assert "<script>alert" not in hostile.content.decode()


# The list of meetings a search names.


def test_the_meeting_list_page_copes_with_nothing_asked(client, db):
    response = client.get("/search/meetings/")
    assert response.status_code == 200
    assert "Search for a place" in text(response)


def test_words_lines_show_at_most_a_few_meetings(client, db):
    putin = PersonFactory(name="Vladimir Putin", country="RU")
    for n in range(5):
        meeting = MeetingFactory(title=f"Talks on the grain corridor {n}", place="Sochi")
        ParticipationFactory(meeting=meeting, person=putin)
        TurnFactory(meeting=meeting, sequence=1, speaker=putin, text="Grain.")
    response = client.get(SEARCH, {"q": "grain corridor"})
    line = href(response, "5 meetings titled with 'grain corridor'")
    assert [t for t, _ in read(response).links if t.startswith("Talks on the grain")] == []
    assert len(follow(client, line).context["page_obj"]) == 5


def test_a_lookup_of_titles_past_its_time_budget_is_left_out(
    client, second_transcript, monkeypatch
):
    from meetings.models import Meeting
    from meetings.search import context

    def slow(query, *, title_only=False):  # as a phrase of common words on a large archive
        return Meeting.objects.extra(where=["pg_sleep(0.2)::text = ''"])

    monkeypatch.setattr(context, "meetings_mentioning", slow)
    monkeypatch.setattr(context, "WORDS_BUDGET_MS", 20)
    response = client.get(SEARCH, {"q": "ceasefire"})
    assert response.status_code == 200
    assert not response.context["named"]
    assert response.context["results"].count == 4
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
