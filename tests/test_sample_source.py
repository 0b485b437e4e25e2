"""`make run` imports the sample with the source that meetings/sample/SOURCE names."""

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from meetings.models import Meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "meetings" / "sample"


def make_run_import(source: Path) -> list[str]:
    """The arguments `make run` gives import_transcripts, read from its dry run."""
    dry_run = subprocess.run(
        ["make", "-n", "run", f"SAMPLE_SOURCE={source}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    [line] = [line for line in dry_run.stdout.splitlines() if "import_transcripts" in line]
    words = shlex.split(line)
    path, *options = words[words.index("import_transcripts") + 1 :]
    return [str(ROOT / path), *options]


def test_the_sample_is_imported_with_its_page_address_shown_and_linked(client, tmp_path):
    shutil.copy(SAMPLE / "kremlin-2022-09-16-aliyev.txt", tmp_path)
    address = "http://en.kremlin.ru/events/president/news/12345"
    (tmp_path / "SOURCE").write_text(
        "# a comment\nfile=kremlin-2022-09-16-aliyev.txt\n"
        f"name=President of Russia\nurl={address}\n"
    )
    call_command("import_transcripts", *make_run_import(tmp_path / "SOURCE"), verbosity=0)
    meeting = Meeting.objects.get()
    assert (meeting.source_name, meeting.source_url) == ("President of Russia", address)
    page = client.get(meeting.get_absolute_url()).text
    facts = page.split('class="meeting-facts"')[1].split("</dl>")[0]
    assert (
        f'President of Russia, <a class="source-link" href="{address}" rel="external">'
        "en.kremlin.ru/events/president/news/12345</a>"
    ) in facts
    assert 'rel="license">CC BY 4.0</a>' in facts


def test_the_source_file_names_the_sample_and_its_publisher(client):
    args = make_run_import(SAMPLE / "SOURCE")
    assert Path(args[0]) == SAMPLE / "kremlin-2022-09-16-aliyev.txt"
    call_command("import_transcripts", *args, verbosity=0)
    meeting = Meeting.objects.get()
    assert meeting.source_name.startswith("President of Russia")
    page = client.get(meeting.get_absolute_url()).text
    assert 'rel="license">CC BY 4.0</a>' in page.split('class="meeting-facts"')[1]
    if meeting.source_url:  # once the verified page address is in SOURCE
        assert f'href="{meeting.source_url}"' in page
        assert "(en.kremlin.ru)" not in meeting.source_name
