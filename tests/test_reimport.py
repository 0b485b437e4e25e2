"""Re-importing a transcript: permanent statement numbers, corrections, editors' versions."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings import services
from meetings.models import HistoricalTurn, Meeting, MeetingChange, RemovedTurn, Turn
from meetings.services import ImportOutcome

pytestmark = pytest.mark.django_db

URL = "https://example.org/talks-with-marek"

TURNS = [
    (
        "President of Russia Vladimir Putin",
        "Good afternoon, Mr Marek. Welcome to Sochi; we "
        "are glad to see you here again after such a long break.",
    ),
    (
        "President of Ruritania Ivo Marek",
        "Thank you. Our trade grew by a third last year, "
        "and we want to keep that pace in the years to come.",
    ),
    (
        "Vladimir Putin",
        "We discussed the gas pipeline and its route through the mountains "
        "near the border. The engineers will report by May.",
    ),
    (
        "Ivo Marek",
        "The border commission will meet in April. Its work matters to both our "
        "countries and to the whole region.",
    ),
    (
        "Vladimir Putin",
        "Energy prices were the last point of our talks. We agreed to consult "
        "each other every quarter from now on.",
    ),
    ("Ivo Marek", "Thank you very much for your hospitality."),
]


def transcript(turns) -> str:
    head = (
        "Talks with President of Ruritania Ivo Marek\n\nMarch 3, 2015, Sochi\n\n"
        "Vladimir Putin held talks with President of Ruritania Ivo Marek.\n\n"
    )
    return head + "\n\n".join(f"{label}: {text}" for label, text in turns) + "\n"


def corrected_turns():
    """Inserted, split, edited and removed: what a corrected source might say."""
    turns = list(TURNS)
    pipeline_a, pipeline_b = turns[2][1].split(" The engineers")
    return [
        turns[0],
        turns[1],
        ("Question", "Did you discuss the grain corridor as well?"),
        ("Vladimir Putin", pipeline_a),
        ("Vladimir Putin", "The engineers" + pipeline_b),
        (
            "Ivo Marek",
            "The border commission will meet in early April. Its work matters "
            "greatly to both our countries and to the whole region.",
        ),
        turns[5],
    ]


class Anchors(HTMLParser):
    """The words inside each element that has an id of the form t<n>."""

    def __init__(self):
        super().__init__()
        self.words: dict[str, str] = {}
        self.open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        anchor = dict(attrs).get("id")
        if tag in {"br", "img", "input", "meta", "link"}:
            return
        self.open.append((tag, anchor if anchor and re.fullmatch(r"t\d+", anchor) else None))
        if self.open[-1][1]:
            self.words[anchor] = ""

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, anchor in self.open:
            if anchor:
                self.words[anchor] += data


def permalinks(client, meeting) -> dict[str, str]:
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    parser = Anchors()
    parser.feed(response.content.decode())
    return {anchor: " ".join(text.split()) for anchor, text in parser.words.items()}


def test_every_old_permalink_keeps_its_words_across_a_corrected_reimport(client):
    first = services.transcript_import(text=transcript(TURNS), source_url=URL)
    cited = permalinks(client, first.meeting)
    assert sorted(cited, key=lambda a: int(a[1:])) == [f"t{n}" for n in range(1, 7)]

    second = services.transcript_import(text=transcript(corrected_turns()), source_url=URL)
    assert second.outcome == ImportOutcome.UPDATED
    now = permalinks(client, Meeting.objects.get())

    for anchor in ("t1", "t2", "t6"):
        assert now[anchor] == cited[anchor]
    # The split statement keeps its number on its larger part; the rest is a new statement.
    assert "We discussed the gas pipeline" in now["t3"]
    assert "The engineers will report by May" not in now["t3"]
    assert "border commission will meet in early April" in now["t4"]
    assert "This statement was removed in a correction on" in now["t5"]
    # New statements get numbers never used before, in reading order.
    assert "grain corridor" in now["t7"] and "The engineers will report by May" in now["t8"]
    reading = [t.sequence for t in Meeting.objects.get().turns.order_by("position")]
    assert reading == [1, 2, 7, 3, 8, 4, 6]


def test_the_removal_note_stands_where_the_statement_was(client):
    services.transcript_import(text=transcript(TURNS), source_url=URL)
    services.transcript_import(text=transcript(TURNS[:2] + TURNS[3:]), source_url=URL)
    html = client.get(Meeting.objects.get().get_absolute_url()).content.decode()
    assert html.index('id="t2"') < html.index('id="t3"') < html.index('id="t4"')
    assert RemovedTurn.objects.get().follows == 2


def test_a_removed_number_is_never_given_again():
    services.transcript_import(text=transcript(TURNS), source_url=URL)
    services.transcript_import(text=transcript(TURNS[:5]), source_url=URL)
    extra = ("Vladimir Putin", "One more thing: the next meeting will be in Moscow in autumn.")
    services.transcript_import(text=transcript(TURNS[:5] + [extra]), source_url=URL)
    last = Turn.objects.order_by("position").last()
    assert last.text.startswith("One more thing") and last.sequence == 7
    assert list(RemovedTurn.objects.values_list("number", flat=True)) == [6]


def test_a_reimport_that_changes_a_published_meeting_is_a_correction(client):
    services.transcript_import(text=transcript(TURNS), source_url=URL)
    services.transcript_import(text=transcript(corrected_turns()), source_url=URL)
    change = MeetingChange.objects.get()
    assert (change.kind, change.public) == ("import", True)
    assert change.summary["added"] == [7, 8]
    assert change.summary["edited"] == [3, 4]
    assert change.summary["removed"] == [5]
    html = client.get(Meeting.objects.get().get_absolute_url()).content.decode()
    assert "Corrected on" in html
    assert "statements 3 and 4 edited; statements 7 and 8 added; statement 5 removed" in html


def test_reimporting_the_same_text_changes_nothing_and_records_nothing():
    services.transcript_import(text=transcript(TURNS), source_url=URL)
    again = services.transcript_import(text=transcript(TURNS), source_url=URL)
    assert again.outcome == ImportOutcome.UNCHANGED
    assert not MeetingChange.objects.exists()


def test_a_corrected_text_without_an_address_updates_the_meeting_with_that_title_and_people():
    services.transcript_import(text=transcript(TURNS))
    result = services.transcript_import(text=transcript(corrected_turns()))
    assert result.outcome == ImportOutcome.UPDATED
    assert Meeting.objects.count() == 1
    assert Turn.objects.get(sequence=4).text.startswith("The border commission will meet in early")


def test_the_same_title_with_other_people_is_another_meeting():
    services.transcript_import(text=transcript(TURNS))
    others = [("President of Russia Vladimir Putin", "Welcome."), ("Question", "Why?")]
    result = services.transcript_import(text=transcript(others).replace("Ivo Marek", "Jan Hus"))
    assert result.outcome == ImportOutcome.IMPORTED
    assert Meeting.objects.count() == 2


# ---- Editors' versions ------------------------------------------------------------------


@pytest.fixture
def edited(django_user_model):
    """The meeting imported, then statement 2 corrected by an editor."""
    editor = django_user_model.objects.create_user(username="ines", password="x-long-pass-1")
    services.transcript_import(text=transcript(TURNS), source_url=URL)
    turn = Turn.objects.get(sequence=2)
    turn.text = "Thank you. Our trade grew by a quarter last year (corrected)."
    services.turn_save(turn=turn, editor=editor)
    return turn


def test_a_reimport_stops_when_editors_changed_the_meeting_since(edited):
    result = services.transcript_import(text=transcript(corrected_turns()), source_url=URL)
    assert result.outcome == ImportOutcome.REFUSED_EDITED
    assert [change.editor.username for change in result.edits] == ["ines"]
    assert Turn.objects.get(sequence=2).text.endswith("(corrected).")
    assert not Turn.objects.filter(sequence=7).exists()


def test_the_same_text_again_leaves_the_editors_version(edited):
    result = services.transcript_import(text=transcript(TURNS), source_url=URL)
    assert result.outcome == ImportOutcome.UNCHANGED
    assert Turn.objects.get(sequence=2).text.endswith("(corrected).")


def test_force_overrides_and_the_editors_version_stays_in_the_history(edited):
    result = services.transcript_import(
        text=transcript(corrected_turns()), source_url=URL, force=True
    )
    assert result.outcome == ImportOutcome.UPDATED
    assert Turn.objects.get(sequence=2).text == TURNS[1][1]
    kept = HistoricalTurn.objects.filter(sequence=2, change__kind="edit").get()
    assert kept.text.endswith("(corrected).") and kept.history_user.username == "ines"
    # After a forced import, the next re-import is judged from it.
    again = services.transcript_import(text=transcript(corrected_turns()), source_url=URL)
    assert again.outcome == ImportOutcome.UNCHANGED


def test_the_command_says_which_file_it_refused_and_why(edited, tmp_path, capsys):
    path = tmp_path / "marek.txt"
    path.write_text(transcript(corrected_turns()), encoding="utf-8")
    with pytest.raises(CommandError, match="--force"):
        call_command("import_transcripts", str(path), "--source-url", URL)
    out = capsys.readouterr().out
    assert "0 updated, 0 unchanged, 1 refused (edited), 0 failed" in out
    assert "marek.txt" in out and "ines" in out and "statement 2 edited" in out
    call_command("import_transcripts", str(path), "--source-url", URL, "--force")
    assert "1 updated" in capsys.readouterr().out
    assert Turn.objects.get(sequence=7).text == "Did you discuss the grain corridor as well?"


# ---- The search index follows ------------------------------------------------------------


def _hits(word):
    from haystack.query import SearchQuerySet

    return sorted(result.sequence for result in SearchQuerySet().filter(content=word)[:50])


def test_a_corrected_reimport_and_its_revert_reach_the_search_index(on_commit):
    with on_commit():
        services.transcript_import(text=transcript(TURNS), source_url=URL)
    assert _hits("quarter") == [5] and _hits("engineers") == [3]
    with on_commit():
        services.transcript_import(text=transcript(corrected_turns()), source_url=URL)
    assert _hits("quarter") == []  # statement 5 was removed
    assert _hits("engineers") == [8] and _hits("greatly") == [4] and _hits("corridor") == [7]
    with on_commit():
        services.meeting_change_revert(change=MeetingChange.objects.get())
    assert _hits("quarter") == [5] and _hits("engineers") == [3]
    assert _hits("greatly") == [] and _hits("corridor") == []


def test_an_editors_turn_edit_and_removal_reach_the_search_index(on_commit):
    with on_commit():
        services.transcript_import(text=transcript(TURNS), source_url=URL)
    with on_commit():
        turn = Turn.objects.get(sequence=4)
        turn.text = "The border commission will meet in July."
        services.turn_save(turn=turn)
        services.turn_delete(turn=Turn.objects.get(sequence=6))
    assert _hits("july") == [4] and _hits("april") == [] and _hits("hospitality") == []
