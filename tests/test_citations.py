"""A citation for every statement, and what the meeting page tells Zotero, search engines
and link previews."""

import html as html_lib
import json
import re

import bibtexparser
import pytest
import rispy
from django.utils import timezone

from meetings.models import Meeting
from tests.factories import TurnFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver/meetings/2022/09/16/meeting-with-president-of-azerbaijan-ilham-aliyev/"


def page(client, meeting) -> str:
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def today():
    date = timezone.localdate()
    return date, f"{date:%B} {date.day}, {date.year}"


def test_each_statement_shows_its_number_and_a_cite_control(client, samarkand):
    text = page(client, samarkand)
    assert '<p class="turn-number"><span class="visually-hidden">Statement </span>2</p>' in text
    assert text.count('<details class="cite">') == 3
    accessed, us_date = today()
    mla_date = f"{accessed.day} {['Jan.', 'Feb.', 'Mar.', 'Apr.', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'][accessed.month - 1]} {accessed.year}"  # noqa: E501
    chicago = (
        f"Aliyev, Ilham. “Meeting with President of Azerbaijan Ilham Aliyev.” "
        f"Statement 2. Samarkand, September 16, 2022. Parley. Accessed {us_date}. "
        f"{BASE}#t2."
    )
    apa = (
        f"Aliyev, I. (2022, September 16). Statement 2 [Transcript]. In Meeting with "
        f"President of Azerbaijan Ilham Aliyev. Parley. Retrieved {us_date}, from {BASE}#t2"
    )
    mla = (
        f"Aliyev, Ilham. Statement 2. “Meeting with President of Azerbaijan Ilham Aliyev,” "
        f"16 Sept. 2022, Samarkand. Parley, {BASE}#t2. Accessed {mla_date}."
    )
    for style, expected in (("Chicago", chicago), ("APA", apa), ("MLA", mla)):
        assert f"<dt>{style}</dt><dd>{html_lib.escape(expected, quote=True)}</dd>" in text, style
    path = samarkand.get_absolute_url()
    for extension in ("bib", "ris", "json"):
        assert f'<a href="{path}cite/2.{extension}" rel="nofollow" download>' in text


def test_a_generic_speaker_is_cited_by_the_label_as_printed(client, samarkand):
    TurnFactory(meeting=samarkand, sequence=4, speaker=None, label="Question", text="Why?")
    text = page(client, samarkand)
    assert "<dd>Question. “Meeting with President of Azerbaijan Ilham Aliyev.” Statement 4." in text


def test_bibtex_ris_and_csl_json_downloads_parse_and_agree(client, samarkand):
    accessed, _ = today()
    path = samarkand.get_absolute_url()
    bib = client.get(f"{path}cite/2.bib")
    assert bib["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert bib["Content-Disposition"] == 'attachment; filename="aliyev2022t2.bib"'
    entry = bibtexparser.loads(bib.content.decode()).entries[0]
    assert entry["ENTRYTYPE"] == "misc" and entry["ID"] == "aliyev2022t2"
    assert entry["author"] == "Aliyev, Ilham"
    assert entry["title"] == "{Meeting with President of Azerbaijan Ilham Aliyev}: statement 2"
    assert entry["url"] == f"{BASE}#t2"
    assert entry["year"] == "2022" and entry["urldate"] == accessed.isoformat()

    ris = client.get(f"{path}cite/2.ris")
    assert ris["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    [record] = rispy.loads(ris.content.decode())
    assert record["type_of_reference"] == "GEN"
    assert record["authors"] == ["Aliyev, Ilham"]
    assert record["title"] == "Meeting with President of Azerbaijan Ilham Aliyev: statement 2"
    assert record["urls"] == [f"{BASE}#t2"]
    assert record["date"] == "2022/09/16"

    csl = client.get(f"{path}cite/2.json")
    assert csl["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    [item] = json.loads(csl.content)
    assert item["type"] == "speech"
    assert item["author"] == [{"family": "Aliyev", "given": "Ilham"}]
    assert item["issued"] == {"date-parts": [[2022, 9, 16]]}
    assert item["URL"] == f"{BASE}#t2"

    assert client.get(f"{path}cite/9.bib").status_code == 404
    Meeting.objects.filter(pk=samarkand.pk).update(status="draft")
    assert client.get(f"{path}cite/2.bib").status_code == 404


def meta(text: str, attribute: str, name: str) -> list[str]:
    return [
        html_lib.unescape(value)
        for value in re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', text)
    ]


def test_the_meeting_page_carries_highwire_open_graph_and_twitter_tags(client, samarkand):
    text = page(client, samarkand)
    assert meta(text, "name", "citation_title") == [samarkand.title]
    assert meta(text, "name", "citation_author") == ["Vladimir Putin", "Ilham Aliyev"]
    assert meta(text, "name", "citation_publication_date") == ["2022/09/16"]
    assert meta(text, "name", "citation_abstract_html_url") == [BASE]
    assert meta(text, "property", "og:title") == [samarkand.title]
    assert meta(text, "property", "og:url") == [BASE]
    description = "Talks took place on the sidelines of the SCO summit."
    assert meta(text, "property", "og:description") == [description]
    assert meta(text, "name", "twitter:card") == ["summary"]
    assert meta(text, "name", "description") == [description]


def test_without_a_lead_the_description_says_who_met_where_and_when(client, samarkand):
    Meeting.objects.filter(pk=samarkand.pk).update(summary="")
    text = page(client, samarkand)
    assert meta(text, "property", "og:description") == [
        "Transcript of the talks with Vladimir Putin and Ilham Aliyev in Samarkand on "
        "16 September 2022: 3 statements."
    ]


def ld(text: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_json_ld_is_an_event_with_attendees_and_each_statement_a_quotation(client, samarkand):
    data = ld(page(client, samarkand))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == samarkand.title and data["startDate"] == "2022-09-16"
    assert data["location"] == {"@type": "Place", "name": "Samarkand"}
    assert [(a["name"], a["jobTitle"]) for a in data["attendee"]] == [
        ("Vladimir Putin", "President of Russia"),
        ("Ilham Aliyev", "President of Azerbaijan"),
    ]
    quotes = data["subjectOf"]["hasPart"]
    assert [q["@type"] for q in quotes] == ["Quotation"] * 3
    assert quotes[1]["text"] == (
        "The ceasefire has been observed.\n\nThe tripartite commission works."
    )
    assert quotes[1]["creator"] == {
        "@type": "Person",
        "name": "Ilham Aliyev",
        "url": "http://testserver/leaders/ilham-aliyev/",
        "jobTitle": "President of Azerbaijan",
    }
    assert quotes[1]["url"] == f"{BASE}#t2"


def test_markup_in_a_statement_stays_text_everywhere(client, samarkand):
    hostile = 'He said </script><script>alert("x")</script> & <b>left</b>.'
    TurnFactory(
        meeting=samarkand, sequence=4, text=hostile, speaker=samarkand.participations.first().person
    )
    text = page(client, samarkand)
    assert "<script>alert" not in text
    assert "<b>left</b>" not in text
    assert text.count("</script>") == 1  # the JSON-LD block's own end
    quotes = ld(text)["subjectOf"]["hasPart"]
    assert quotes[3]["text"] == hostile  # the data is the text as said, unharmed


def test_json_ld_is_a_data_block_the_csp_does_not_need_to_allow(client, samarkand):
    response = client.get(samarkand.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert '<script type="application/ld+json">' in response.content.decode()
