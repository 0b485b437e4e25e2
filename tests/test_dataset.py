"""The bulk dataset: `export_dataset DIR` writes the published archive as files, skips the
work when nothing changed, and /data/ describes and serves them."""

import csv
import gzip
import io
import json

import pytest
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat

from meetings.models import Meeting, Person
from tests.factories import MeetingFactory, ParticipationFactory, TurnFactory

pytestmark = pytest.mark.django_db


def run(folder, *args) -> str:
    out = io.StringIO()
    call_command("export_dataset", str(folder), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def archive(build_archive):
    made = build_archive(meetings=3, turns=4)
    Person.objects.filter(slug="vladimir-putin").update(wikidata_id="Q7747")
    kremlin = MeetingFactory(
        title="From the Kremlin",
        date="2018-05-05",
        source_name="President of Russia",
        source_url="http://en.kremlin.ru/events/president/news/1",
    )
    ParticipationFactory(
        meeting=kremlin,
        person=Person.objects.get(slug="vladimir-putin"),
        role="President of Russia",
        country="RU",
    )
    TurnFactory(
        meeting=kremlin,
        sequence=1,
        speaker=kremlin.participations.get().person,
        text="Good afternoon.",
    )
    return made + [kremlin]


def test_the_dataset_holds_every_published_meeting_and_statement(tmp_path, archive):
    said = run(tmp_path, "--base-url", "https://parley.example.org")
    assert said.startswith(f"{tmp_path}: wrote 4 meetings, 13 statements, 5 people in ")
    with gzip.open(tmp_path / "meetings.jsonl.gz", "rt", encoding="utf-8") as lines:
        meetings = [json.loads(line) for line in lines]
    assert [m["title"] for m in meetings] == [
        "From the Kremlin",
        "Talks number 0",
        "Talks number 1",
        "Talks number 2",
    ]
    assert "Unpublished draft talks" not in {m["title"] for m in meetings}
    assert meetings[1]["turns"][0]["text"] == "Statement 1 of meeting 0.\n\nA second paragraph."
    assert meetings[1]["turns"][0]["url"] == (
        "https://parley.example.org/meetings/2019/01/10/talks-number-0/#t1"
    )
    assert meetings[0]["source"]["licence"] == "CC BY 4.0"
    with gzip.open(tmp_path / "turns.csv.gz", "rt", encoding="utf-8", newline="") as rows:
        turns = list(csv.DictReader(rows))
    assert len(turns) == 13
    assert turns[1]["meeting_slug"] == "talks-number-0" and turns[1]["number"] == "1"


def test_people_json_is_popolo_with_roles_over_time_and_wikidata(tmp_path, archive):
    run(tmp_path)
    people = json.loads((tmp_path / "people.json").read_text())
    putin = next(p for p in people["persons"] if p["id"] == "vladimir-putin")
    assert putin["identifiers"] == [{"scheme": "wikidata", "identifier": "Q7747"}]
    assert {"url": "https://www.wikidata.org/wiki/Q7747", "note": "Wikidata"} in putin["links"]
    russia = next(o for o in people["organizations"] if o["id"] == "country-ru")
    assert russia["name"] == "Russia" and russia["classification"] == "country"
    held = [
        (m["role"], m["start_date"], m["end_date"])
        for m in people["memberships"]
        if m["person_id"] == "vladimir-putin"
    ]
    assert held == [
        ("President of Russia", "2018-05-05", "2018-05-05"),
        ("Role of Vladimir Putin", "2019-01-10", "2019-03-25"),
    ]
    posts = {p["id"]: p for p in people["posts"]}
    assert all(m["post_id"] in posts for m in people["memberships"])


def test_the_readme_gives_each_sources_licence(tmp_path, archive):
    run(tmp_path)
    readme = (tmp_path / "README.md").read_text()
    assert (
        "| President of Russia | 1 | 2018 | "
        "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/) |"
    ) in readme
    assert "| Test source | 3 | 2019 | the publisher's terms (no open licence stated) |" in readme


def test_running_it_again_does_nothing_until_the_archive_changes(tmp_path, archive):
    run(tmp_path)
    written = (tmp_path / "meetings.jsonl.gz").stat().st_mtime_ns
    assert ": up to date (4 meetings, 13 statements;" in run(tmp_path)
    assert (tmp_path / "meetings.jsonl.gz").stat().st_mtime_ns == written
    meeting = Meeting.objects.get(title="Talks number 1")
    meeting.title = "Talks number one"
    meeting.save()
    assert ": wrote 4 meetings" in run(tmp_path)
    with gzip.open(tmp_path / "meetings.jsonl.gz", "rt", encoding="utf-8") as lines:
        assert "Talks number one" in {json.loads(line)["title"] for line in lines}
    assert ": wrote" in run(tmp_path, "--force")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporaries


def test_the_data_page_describes_and_serves_the_files(client, tmp_path, archive, settings):
    settings.DATASET_DIR = tmp_path
    empty = client.get("/data/").content.decode()
    assert "The dataset has not been made yet." in empty
    run(tmp_path)
    page = client.get("/data/").content.decode()
    assert "4 meetings, 13 statements, 5 people." in page
    for name in ("meetings.jsonl.gz", "turns.csv.gz", "people.json", "README.md"):
        assert f'<a href="/data/{name}" download>{name}</a>' in page
    size = (tmp_path / "people.json").stat().st_size
    assert f"<td>{filesizeformat(size)}</td>" in page
    download = client.get("/data/meetings.jsonl.gz")
    assert download["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in download
    body = b"".join(download.streaming_content)
    assert gzip.decompress(body).decode().count("\n") == 4
    assert client.get("/data/manifest.json").status_code == 404
    assert client.get("/data/..%2Fsecret").status_code == 404
    assert 'href="/data/">Data and API</a>' in page
