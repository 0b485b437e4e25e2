"""What every archive page shares: breadcrumbs, earlier/later links, the main navigation."""

import re

import pytest
from django.test import SimpleTestCase
from django.urls import include, path

from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

html = SimpleTestCase()


def crumbs(response) -> list[tuple[str, str, bool]]:
    """(label, href, is current) of each breadcrumb, top first."""
    nav = response.text.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    return [
        (label, href, bool(current))
        for href, current, label in re.findall(
            r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav
        )
    ]


def current_section(response) -> list[str]:
    nav = response.text.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'aria-current="page">([^<]+)<', nav)


def test_date_pages_lead_down_from_the_archive_to_their_own_period(client, samarkand):
    assert crumbs(client.get("/meetings/2022/")) == [
        ("Meetings", "/meetings/", False),
        ("2022", "/meetings/2022/", True),
    ]
    assert crumbs(client.get("/meetings/2022/09/16/")) == [
        ("Meetings", "/meetings/", False),
        ("2022", "/meetings/2022/", False),
        ("September", "/meetings/2022/09/", False),
        ("16", "/meetings/2022/09/16/", True),
    ]
    # A meeting's trail stops at its day, which is not the page itself.
    assert crumbs(client.get(samarkand.get_absolute_url()))[-1] == (
        "16",
        "/meetings/2022/09/16/",
        False,
    )


def test_leader_and_country_pages_have_their_trails(client, samarkand):
    assert crumbs(client.get("/leaders/ilham-aliyev/with/vladimir-putin/")) == [
        ("Leaders", "/leaders/", False),
        ("Ilham Aliyev", "/leaders/ilham-aliyev/", False),
        ("With Vladimir Putin", "/leaders/ilham-aliyev/with/vladimir-putin/", True),
    ]
    assert crumbs(client.get("/countries/az/")) == [
        ("Countries", "/countries/", False),
        ("Azerbaijan", "/countries/az/", True),
    ]
    assert 'aria-label="Breadcrumb"' not in client.get("/leaders/").text


def test_earlier_and_later_periods_are_linked_by_name(client, samarkand):
    MeetingFactory(title="Earlier", date="2021-03-02")
    MeetingFactory(title="Later", date="2022-11-30")
    month = client.get("/meetings/2022/09/")
    html.assertContains(
        month,
        '<nav class="adjacent" aria-label="Other months">'
        '<a class="adjacent-prev" rel="prev" href="/meetings/2021/03/">← March 2021</a>'
        '<a class="adjacent-next" rel="next" href="/meetings/2022/11/">November 2022 →</a>'
        "</nav>",
        html=True,
    )
    day = client.get("/meetings/2022/11/30/")
    html.assertContains(
        day,
        '<nav class="adjacent" aria-label="Other days"><a class="adjacent-prev" rel="prev" '
        'href="/meetings/2022/09/16/">← 16 September 2022</a></nav>',
        html=True,
    )
    only_year = client.get("/meetings/2021/")
    html.assertContains(only_year, 'rel="next" href="/meetings/2022/">2022 →</a>')
    html.assertNotContains(only_year, 'rel="prev"')


def test_the_main_navigation_marks_the_section_of_the_page(client, samarkand):
    assert current_section(client.get(samarkand.get_absolute_url())) == ["Meetings"]
    assert current_section(client.get("/meetings/2022/")) == ["Meetings"]
    assert current_section(client.get("/leaders/ilham-aliyev/")) == ["Leaders"]
    assert current_section(client.get("/countries/")) == ["Countries"]
    assert current_section(client.get("/")) == []
    assert current_section(client.get("/search/?q=ceasefire")) == []


# The site with search mounted elsewhere: pages must follow the URLconf, not write /search/.
urlpatterns = [
    path("elsewhere/", include("meetings.search.urls")),
    path("", include("meetings.alerts.urls")),
    path("", include("meetings.urls")),
]


@pytest.mark.urls(__name__)
def test_search_links_follow_the_url_configuration(client, samarkand):
    for url in ("/", "/leaders/ilham-aliyev/", samarkand.get_absolute_url(), "/nothing/"):
        response = client.get(url)
        assert 'action="/elsewhere/search/"' in response.text or (
            'href="/elsewhere/search/"' in response.text
        ), url
        assert '"/search/"' not in response.text, url
