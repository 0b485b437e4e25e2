"""No parameter of any public page gives a server error: a strange value still gets a page.

The two inputs that once gave a 500 are checked for what the reader sees; then every
parameter of every public page (query strings and the date parts of paths) is fuzzed with
hypothesis, in the style of the search page's odd-query tests.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.search.forms import EARLIEST_DATE, LATEST_DATE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values that have broken web pages before: NUL and other control characters, dates the
# engines cannot hold, numbers past any integer type, markup and SQL.
EDGE_VALUES = [
    "",
    "\x00",
    "%00",
    "\x00ru",
    "\r\n",
    "0001-01-01",
    "0999-12-31",
    "9999-12-31",
    "10000-01-01",
    "2022-02-30",
    "2022-09-16",
    "-1",
    "0",
    "1",
    "2",
    "last",
    "99999999999999999999999999",
    "1e9",
    "ru",
    "RU",
    "zz",
    "ilham-aliyev",
    "vladimir-putin",
    "relevance",
    "newest",
    "talks",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "é" * 300,
]
VALUES = st.one_of(st.sampled_from(EDGE_VALUES), st.text(max_size=40))
SAMARKAND = "/meetings/2022/09/16/meeting-with-president-of-azerbaijan-ilham-aliyev/"

# Every public page and the parameters it reads (`page` where it is paginated).
PAGES = {
    "/": ["page"],
    "/meetings/": ["page"],
    "/meetings/2022/": ["page"],
    "/meetings/2022/09/": ["page"],
    "/meetings/2022/09/16/": ["page"],
    SAMARKAND: ["page"],
    "/leaders/": ["country", "initial", "page"],
    "/leaders/vladimir-putin/": ["page"],
    "/leaders/vladimir-putin/with/ilham-aliyev/": ["page"],
    "/countries/": ["page"],
    "/network/": ["from", "to", "country", "page"],
    "/countries/ru/": ["page"],
    "/search/": ["q", "speaker", "country", "from", "to", "kind", "sort", "page"],
    "/search/help/": ["q"],
    "/search/feed/": ["q", "speaker", "country", "from", "to", "kind", "sort", "page"],
    "/search/export.csv": ["q", "speaker", "country", "from", "to", "kind", "sort"],
    "/search/export.jsonl": ["q", "speaker", "country", "from", "to", "kind", "sort"],
    "/meetings/feed/": ["page"],
    "/leaders/vladimir-putin/feed/": ["page"],
    "/leaders/vladimir-putin/with/ilham-aliyev/feed/": ["page"],
    "/countries/ru/feed/": ["page"],
    "/trends/": ["q", "speaker", "country", "from", "to", "kind"],
    "/alerts/new/": ["q", "speaker", "country", "kind"],
    "/sitemap.xml": ["p", "section"],
    "/robots.txt": ["q"],
}


def params_for(names):
    """Some of `names`, each with one value or several (as `?speaker=a&speaker=b`)."""
    return st.dictionaries(
        st.sampled_from(names), st.one_of(VALUES, st.lists(VALUES, min_size=2, max_size=3))
    )


@pytest.fixture
def archive(second_transcript):
    """Two indexed, published meetings: Samarkand (Putin, Aliyev) and a call with Erdoğan."""
    return second_transcript


def test_a_search_from_year_one_is_read_from_the_year_1000(client, archive):
    response = client.get("/search/", {"q": "ceasefire", "from": "0001-01-01"})
    assert response.status_code == 200
    speakers = {hit.speaker_name for hit in response.context["results"].hits}
    assert speakers == {"Ilham Aliyev", "Vladimir Putin", "Recep Tayyip Erdoğan", "Question"}
    content = response.content.decode()
    assert "the start date 0001-01-01 was read as 1000-01-01" in content
    assert 'name="from" value="1000-01-01"' in content


@pytest.mark.search_engines()
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "0999-12-31"}, 4),  # Xapian compared "9991231" with "20220916" as text
        ({"to": "0500-01-01"}, 0),
        ({"to": "1990-01-01"}, 0),  # before every indexed year: Whoosh once matched all
        ({"from": "2030-01-01"}, 0),
        ({"from": "2023-01-01", "to": "9999-12-31"}, 3),
        ({"to": "9999-12-31"}, 4),
    ],
)
def test_every_engine_searches_dates_at_the_ends_of_its_range(client, archive, params, expected):
    response = client.get("/search/", {"q": "ceasefire", **params})
    assert response.status_code == 200
    assert response.context["results"].count == expected


def test_the_supported_years_are_the_four_digit_ones():
    assert (EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()) == ("1000-01-01", "9999-12-31")


def test_a_nul_country_on_the_leaders_page_lists_everyone_and_says_why(client, samarkand):
    response = client.get("/leaders/?country=%00")
    assert response.status_code == 200
    content = response.content.decode()
    assert "That country code was not recognised" in content
    assert [p.name for p in response.context["people"]] == ["Ilham Aliyev", "Vladimir Putin"]


def test_a_known_country_still_filters_the_leaders(client, samarkand):
    response = client.get("/leaders/?country=az")
    assert [p.name for p in response.context["people"]] == ["Ilham Aliyev"]
    assert "not recognised" not in response.content.decode()


@pytest.mark.parametrize("path", list(PAGES))
def test_every_parameter_of_every_public_page_gets_a_page(client, archive, path):
    @FUZZ
    @given(params=params_for(PAGES[path]))
    def check(params):
        response = client.get(path, params)
        assert response.status_code in (200, 301, 404), (path, params, response.status_code)
        if response.streaming:  # an export: its rows are made as it is read
            b"".join(response.streaming_content)

    check()


@FUZZ
@given(
    year=st.integers(0, 9999),
    month=st.integers(0, 99),
    day=st.integers(0, 99),
    depth=st.sampled_from(["year", "month", "day", "meeting"]),
)
def test_any_date_in_a_meeting_address_gets_a_page(client, archive, year, month, day, depth):
    parts = {"year": [year], "month": [year, month], "day": [year, month, day]}
    parts["meeting"] = parts["day"]
    path = (
        "/meetings/"
        + "/".join(f"{n:04d}" if i == 0 else f"{n:02d}" for i, n in enumerate(parts[depth]))
        + "/"
    )
    if depth == "meeting":
        path += "meeting-with-president-of-azerbaijan-ilham-aliyev/"
    response = client.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)


@pytest.mark.parametrize(
    "path",
    ["/meetings/9999/", "/meetings/9999/12/", "/meetings/9999/12/31/", "/meetings/0001/01/01/"],
)
def test_the_ends_of_the_calendar_are_pages_not_errors(client, archive, path):
    assert client.get(path).status_code in (200, 404)
