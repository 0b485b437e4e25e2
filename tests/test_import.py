"""The importer: files in, meetings, people and turns out; atomic, idempotent, never lossy."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings import services
from meetings.models import Meeting, Participation, Person, PersonAlias, Turn
from meetings.parsing import TranscriptError
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "meetings" / "sample"
SEED = SAMPLE / "kremlin-2022-09-16-aliyev.txt"

SECOND = """Telephone conversation with President of Ruritania Ivo Marek

March 3, 2015, Sochi

Vladimir Putin had a telephone conversation with President of Ruritania Ivo Marek.

President of Russia Vladimir Putin: Good afternoon, Mr Marek.

President of Ruritania Ivo Marek: Good afternoon. <script>alert(1)</script> stays text.

Vladimir Putin: Thank you.
"""


def import_text(text, **kwargs):
    return services.transcript_import(text=text, **kwargs)


def test_the_seed_imports_into_one_meeting_with_three_turns():
    call_command("import_transcripts", str(SEED))
    meeting = Meeting.objects.get()
    assert meeting.title == "Meeting with President of Azerbaijan Ilham Aliyev"
    assert meeting.date == datetime.date(2022, 9, 16)
    assert meeting.place == "Samarkand"
    assert meeting.kind == Meeting.Kind.MEETING
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.summary.startswith("Talks between Vladimir Putin and President of Azerbaijan")
    assert meeting.raw_text == SEED.read_text(encoding="utf-8")
    turns = list(meeting.turns.select_related("speaker"))
    assert [(t.sequence, t.speaker.slug) for t in turns] == [
        (1, "vladimir-putin"),
        (2, "ilham-aliyev"),
        (3, "vladimir-putin"),
    ]
    assert [len(t.paragraphs) for t in turns] == [5, 5, 1]
    assert "\u00a0" not in "".join(t.text for t in turns)
    assert "September 16, 2022" not in turns[-1].text
    roles = {p.person.slug: (p.role, p.country) for p in meeting.participations.all()}
    assert roles == {
        "vladimir-putin": ("President of Russia", "RU"),
        "ilham-aliyev": ("President of Azerbaijan", "AZ"),
    }
    assert Person.objects.get(slug="ilham-aliyev").country == "AZ"


def test_importing_the_same_source_twice_leaves_one_meeting(capsys):
    call_command("import_transcripts", str(SEED))
    call_command("import_transcripts", str(SEED))
    assert "0 imported, 0 updated, 1 unchanged, 0 failed" in capsys.readouterr().out
    assert Meeting.objects.count() == 1
    assert Turn.objects.count() == 3
    assert Person.objects.count() == 2


def test_same_source_url_with_corrected_text_updates_in_place():
    first = import_text(SECOND, source_url="https://example.org/marek")
    corrected = SECOND.replace("Thank you.", "Thank you very much.")
    second = import_text(corrected, source_url="https://example.org/marek")
    assert (first.outcome, second.outcome) == ("imported", "updated")
    assert Meeting.objects.count() == 1
    assert Turn.objects.get(sequence=3).text == "Thank you very much."


def test_a_second_transcript_reuses_people_and_keeps_roles_per_meeting():
    call_command("import_transcripts", str(SEED))
    import_text(SECOND)
    putin = Person.objects.get(slug="vladimir-putin")
    assert Person.objects.filter(name="Vladimir Putin").count() == 1
    assert putin.participations.count() == 2
    marek = Person.objects.get(slug="ivo-marek")
    meeting = Meeting.objects.get(date="2015-03-03")
    assert meeting.kind == Meeting.Kind.TELEPHONE
    assert Participation.objects.get(meeting=meeting, person=marek).role == (
        "President of Ruritania"
    )


def test_markup_in_a_turn_is_stored_as_text():
    import_text(SECOND)
    assert "<script>alert(1)</script> stays text." in Turn.objects.get(sequence=2).text


def test_a_near_spelling_matches_only_when_the_country_agrees():
    aliyev = PersonFactory(name="Ilham Aliyev", country="AZ")
    text = (
        "Talks with Ilham Aliev\n\nMay 5, 2010, Baku\n\n"
        "President of Azerbaijan Ilham Aliev: Welcome.\n\n"
        "President of Russia Dmitry Medvedev: Thanks.\n"
    )
    result = import_text(text)
    turn = Turn.objects.get(sequence=1, meeting=result.meeting)
    assert turn.speaker == aliyev
    assert PersonAlias.objects.filter(person=aliyev, name="Ilham Aliev").exists()
    assert any("near spelling" in w for w in result.warnings)


def test_a_near_spelling_without_a_confirming_country_is_flagged_not_matched():
    aliyev = PersonFactory(name="Ilham Aliyev", country="AZ")
    text = (
        "Talks with Ilham Aliev\n\nMay 6, 2010, Baku\n\n"
        "Ilham Aliev: Welcome.\n\nPresident of Russia Dmitry Medvedev: Thanks.\n"
    )
    result = import_text(text)
    turn = Turn.objects.get(sequence=1, meeting=result.meeting)
    assert turn.speaker != aliyev and turn.speaker.name == "Ilham Aliev"
    assert any("looks like Ilham Aliyev" in w for w in result.warnings)


def test_names_match_ignoring_case_and_diacritics():
    erdogan = PersonFactory(name="Recep Tayyip Erdoğan", country="TR")
    text = (
        "Talks with Recep Tayyip Erdogan\n\nMay 5, 2010, Ankara\n\n"
        "President of Turkey Recep Tayyip Erdogan: Welcome.\n\n"
        "President of Russia Dmitry Medvedev: Thanks.\n"
    )
    result = import_text(text)
    assert Turn.objects.get(sequence=1, meeting=result.meeting).speaker == erdogan


def test_generic_speakers_become_turns_without_a_person():
    text = (
        "News conference\n\nMay 5, 2010, Moscow\n\n"
        "President of Russia Dmitry Medvedev: Good afternoon.\n\n"
        "Question: What about trade?\n\nDmitry Medvedev: It grows.\n"
    )
    result = import_text(text)
    question = Turn.objects.get(meeting=result.meeting, sequence=2)
    assert question.speaker is None and question.label == "Question"
    assert result.meeting.kind == Meeting.Kind.NEWS_CONFERENCE
    assert not Person.objects.filter(name__iexact="question").exists()


def test_an_unreadable_text_is_refused_with_the_line_the_parser_named(db):
    with pytest.raises(services.ImportRejected) as info:
        import_text("Title\n\nIvo Marek: Hello\x00there.")
    assert info.value.line == 3
    assert str(info.value).startswith("line 3: ")
    assert isinstance(info.value, TranscriptError)


def test_a_text_without_a_date_is_refused_unless_one_is_given():
    text = "Talks\n\nPresident of Russia Dmitry Medvedev: Hello.\n\nQuestion: Hi.\n"
    with pytest.raises(services.ImportRejected, match="no date"):
        import_text(text)
    assert import_text(text, date=datetime.date(2010, 1, 2)).meeting.date == datetime.date(
        2010, 1, 2
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (b"\xff\xfe\xfa not utf-8", "UTF-8"),
        (b"Just a paragraph of prose with no speakers at all.\n\nAnother one.", "speaker"),
    ],
)
def test_hostile_files_fail_with_a_clear_reason_and_write_nothing(
    tmp_path, capsys, content, reason
):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError):
        call_command("import_transcripts", str(path))
    out = capsys.readouterr().out
    assert "1 failed" in out and "bad.txt" in out
    assert reason.lower() in out.lower()
    assert Meeting.objects.count() == 0


def test_an_import_interrupted_half_way_leaves_nothing(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Turn.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        import_text(SECOND)
    assert (Meeting.objects.count(), Person.objects.count(), Participation.objects.count()) == (
        0,
        0,
        0,
    )


def test_folders_globs_dry_run_draft_and_summary(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(SECOND, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    call_command("import_transcripts", str(tmp_path), "--dry-run")
    assert "Dry run, nothing written: 2 imported" in capsys.readouterr().out
    assert Meeting.objects.count() == 0
    call_command("import_transcripts", str(tmp_path / "**" / "*.txt"), "--draft")
    assert "2 imported, 0 updated, 0 unchanged, 0 failed" in capsys.readouterr().out
    assert set(Meeting.objects.values_list("status", flat=True)) == {"draft"}


def test_html_pages_lose_their_tags_but_keep_paragraphs(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>x</title><script>var a=1;</script></head><body>"
        "<h1>Talks with President of Ruritania Ivo Marek</h1><p>March 3, 2015, Sochi</p>"
        "<p>President of Russia Vladimir Putin: Good afternoon.</p>"
        "<p>Second paragraph &amp; more.</p>"
        "<p>President of Ruritania Ivo Marek: Thank you.</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    call_command("import_transcripts", str(path))
    meeting = Meeting.objects.get()
    assert meeting.title == "Talks with President of Ruritania Ivo Marek"
    assert meeting.raw_text == page
    assert meeting.turns.get(sequence=1).text == "Good afternoon.\n\nSecond paragraph & more."


def test_missing_path_is_reported(capsys):
    with pytest.raises(CommandError):
        call_command("import_transcripts", "/no/such/file.txt")
    assert "no such file" in capsys.readouterr().out


def test_date_and_place_flags_supply_what_a_text_lacks(tmp_path):
    path = tmp_path / "excerpt.txt"
    path.write_text("Excerpt\n\nPresident Ivo Marek: Hello.\n\nQuestion: Hi.\n", encoding="utf-8")
    call_command("import_transcripts", str(path), "--date", "2019-05-20", "--place", "Paris")
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.place) == (datetime.date(2019, 5, 20), "Paris")


@pytest.mark.django_db(transaction=True)
def test_a_folder_import_sends_each_files_index_task_as_it_commits(tmp_path, monkeypatch):
    from meetings.search.upkeep import tasks

    sent = []
    real = tasks.reindex_meetings

    class Recorder:
        def __getattr__(self, name):
            return getattr(real, name)

        def enqueue(self, ids):
            sent.append((ids, Meeting.objects.count()))

    monkeypatch.setattr(tasks, "reindex_meetings", Recorder())
    (tmp_path / "a.txt").write_text(SECOND, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    call_command("import_transcripts", str(tmp_path))
    first, second = Meeting.objects.order_by("pk").values_list("pk", flat=True)
    # The first file's task left before the second file was imported.
    assert sent == [([first], 1), ([second], 2)]


def test_a_surname_alone_matches_the_only_person_with_it_but_a_country_clash_is_flagged():
    biden = PersonFactory(name="Joe Biden", country="US")
    marek = PersonFactory(name="Ivo Marek", country="CZ")
    text = (
        "Remarks by President Biden\n\nMay 18, 2023\nHiroshima, Japan\n\n"
        "PRESIDENT BIDEN: Thank you.\n\nQ Are you confident?\n\nPRESIDENT BIDEN: I am.\n"
    )
    result = import_text(text)
    assert Turn.objects.get(meeting=result.meeting, sequence=1).speaker == biden

    text = (
        "Talks\n\nMay 19, 2023, Paris\n\n"
        "President of France Marek: Hello.\n\nQuestion: Why?\n\nPresident of France Marek: Yes.\n"
    )
    result = import_text(text)
    assert Turn.objects.get(meeting=result.meeting, sequence=1).speaker == marek
    assert any("speaks for FR here, but Ivo Marek" in w for w in result.warnings)


RUSSIAN = """Встреча с Президентом Руритании Иво Мареком

16 сентября 2022 года, Самарканд

В.Путин: Уважаемый господин Президент, рад вас видеть.

И.Марек: Спасибо, господин Президент.
"""


def test_the_meeting_records_the_language_the_parser_reads_unless_the_caller_gives_one():
    russian = import_text(RUSSIAN).meeting
    english = import_text(SECOND).meeting
    assert (russian.language, english.language) == ("ru", "en")
    russian.delete()
    assert import_text(RUSSIAN, language="be").meeting.language == "be"


ROLE_ONLY = """Joint press availability

May 20, 2019, London

President of Elbonia Ivo Marek: Thank you for the welcome.

PRIME MINISTER: It is a pleasure to have you here.

Ivo Marek: Thank you.
"""


def test_a_role_only_speaker_nobody_in_the_archive_held_gets_no_person_and_a_warning():
    result = import_text(ROLE_ONLY)
    assert not Person.objects.filter(name__icontains="minister").exists()
    turn = Turn.objects.get(meeting=result.meeting, sequence=2)
    assert (turn.speaker, turn.label) == (None, "PRIME MINISTER")
    assert any("kept without a person" in w for w in result.warnings)


def test_a_role_only_speaker_is_the_archive_person_who_held_the_role_then():
    ashby = PersonFactory(name="Tom Ashby", country="GB")
    earlier = import_text(
        "Talks\n\nMay 2, 2019, London\n\nPrime Minister Tom Ashby: Welcome.\n\n"
        "Question: Why?\n\nTom Ashby: Because.\n"
    )
    assert earlier.meeting.participations.get().person == ashby
    result = import_text(ROLE_ONLY)
    turn = Turn.objects.get(meeting=result.meeting, sequence=2)
    assert turn.speaker == ashby
    assert any("taken as Tom Ashby, who held that role" in w for w in result.warnings)
    assert not Person.objects.filter(name__icontains="minister").exists()
