"""Atom feeds: they parse as Atom, list what their page lists, and link to real pages."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from meetings.models import Meeting

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url) -> tuple[ET.Element, list[ET.Element]]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    return feed, feed.findall(f"{ATOM}entry")


def entry_titles(found) -> list[str]:
    return [entry.find(f"{ATOM}title").text for entry in found]


def linked_paths(found) -> list[str]:
    return [urlsplit(entry.find(f"{ATOM}link").get("href")) for entry in found]


def alternate(page_html: str) -> str:
    match = re.search(
        r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" '
        r'href="([^"]+)">',
        page_html,
    )
    assert match, "no feed link"
    return match.group(1).replace("&amp;", "&")


def test_the_latest_meetings_feed_links_to_each_meeting_page(client, build_archive):
    made = build_archive(meetings=3, turns=2)
    feed_url = alternate(client.get("/meetings/").content.decode())
    assert feed_url == "/meetings/feed/"
    assert alternate(client.get("/").content.decode()) == feed_url
    feed, found = entries(client, feed_url)
    assert feed.find(f"{ATOM}title").text == "Parley: the latest meetings"
    assert entry_titles(found) == [f"{m.title} ({m.date:%-d %B %Y})" for m in reversed(made)]
    assert "Unpublished draft talks" not in " ".join(entry_titles(found))
    summary = found[-1].find(f"{ATOM}summary").text
    assert summary == ("Lead paragraph of meeting 0. Participants: Vladimir Putin, Ilham Aliyev.")
    for link in linked_paths(found):
        assert client.get(link.path).status_code == 200


def test_a_leaders_a_pairs_and_a_countrys_feed_hold_their_meetings(client, build_archive):
    made = build_archive(meetings=4, turns=2)
    cases = (
        ("/leaders/ilham-aliyev/", [made[3], made[0]]),
        ("/leaders/vladimir-putin/with/jeyhun-bayramov/", [made[3], made[1]]),
        ("/countries/am/", [made[1]]),
    )
    for page, meetings in cases:
        feed_url = alternate(client.get(page).content.decode())
        assert feed_url == page + "feed/"
        _feed, found = entries(client, feed_url)
        assert [link.path for link in linked_paths(found)] == [
            m.get_absolute_url() for m in meetings
        ], page
    assert client.get("/leaders/nobody/feed/").status_code == 404
    assert client.get("/countries/xx/feed/").status_code == 404
    assert client.get("/leaders/ilham-aliyev/with/ilham-aliyev/feed/").status_code == 404


def test_a_search_feed_holds_the_newest_matching_statements(client, second_transcript):
    page = client.get("/search/", {"q": "ceasefire", "speaker": "vladimir-putin"})
    feed_url = alternate(page.content.decode())
    assert feed_url == "/search/feed/?q=ceasefire&speaker=vladimir-putin"
    feed, found = entries(client, feed_url)
    assert feed.find(f"{ATOM}title").text == "Parley: statements matching ceasefire"
    assert entry_titles(found) == ["Vladimir Putin, 2 March 2023"]
    links = linked_paths(found)
    assert [link.fragment for link in links] == ["t1"]
    assert client.get(links[0].path).status_code == 200
    assert "<mark>ceasefire</mark>" in found[0].find(f"{ATOM}summary").text
    _feed, everyone = entries(client, "/search/feed/?q=ceasefire")
    assert entry_titles(everyone) == [
        "Vladimir Putin, 2 March 2023",
        "Recep Tayyip Erdoğan, 2 March 2023",
        "Question, 2 March 2023",
        "Ilham Aliyev, 16 September 2022",
    ]
    assert client.get("/search/feed/").status_code == 404


def test_drafts_stay_out_of_feeds(client, samarkand):
    Meeting.objects.filter(pk=samarkand.pk).update(status="draft")
    _feed, found = entries(client, "/meetings/feed/")
    assert found == []
