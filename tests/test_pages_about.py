"""The About page: sources and licences, reading, markers, corrections, citing."""

import re

import pytest
from django.test import SimpleTestCase

from meetings.models import Meeting
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

html = SimpleTestCase()


def source_rows(response) -> list[list[str]]:
    table = response.text.split('<table class="source-table">', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", "", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


def test_about_lists_the_sources_of_published_meetings_with_their_licences(client, db):
    for year in (2019, 2022):
        MeetingFactory(
            date=f"{year}-05-01",
            source_name="President of Russia",
            source_url=f"http://en.kremlin.ru/events/president/news/{year}",
        )
    MeetingFactory(
        date="2021-03-02", source_name="Ministry", source_url="https://mfa.example.org/1"
    )
    MeetingFactory(date="2020-01-01", source_name="Secret", status=Meeting.Status.DRAFT)
    response = client.get("/about/")
    assert response.status_code == 200
    assert source_rows(response) == [
        ["President of Russia (en.kremlin.ru)", "2 meetings from 2019 to 2022", "CC BY 4.0"],
        ["Ministry (mfa.example.org)", "1 meeting in 2021", "The publisher’s terms"],
    ]
    html.assertContains(
        response,
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>',
        html=True,
    )
    html.assertNotContains(response, "Secret")


def test_about_explains_reading_markers_corrections_and_citing(client, db):
    response = client.get("/about/")
    for heading in [
        "Sources and licences",
        "How transcripts are read and checked",
        "Translation markers",
        "Corrections",
        "How to cite",
    ]:
        html.assertContains(response, f">{heading}</h2>")
        html.assertContains(response, f">{heading}</a></li>")  # in the table of contents
    html.assertContains(response, '<p class="turn-marker">retranslated</p>', html=True)
    html.assertContains(response, "Every change to a published meeting")
    html.assertContains(
        response,
        '<span class="citation-address">http://testserver/meetings/2022/09/16/'
        "meeting-with-president-of-azerbaijan-ilham-aliyev/#t2</span>",
        html=True,
    )
    html.assertContains(response, "No meetings have been published yet.")


def test_about_is_linked_from_the_navigation_and_the_footer_of_every_page(client, samarkand):
    for url in ("/", samarkand.get_absolute_url(), "/leaders/", "/nothing/"):
        text = client.get(url).text
        nav = text.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
        footer = text.split('<footer class="site-footer">', 1)[1]
        assert 'href="/about/"' in nav and 'href="/about/"' in footer, url
    about = client.get("/about/").text
    nav = about.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'aria-current="page">([^<]+)<', nav) == ["About"]


def test_the_sitemap_lists_the_about_page(client, db):
    assert "http://testserver/about/" in client.get("/sitemap.xml").text
