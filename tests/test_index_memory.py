"""Index work never loads a meeting's source text and walks a meeting's turns in chunks.

`bench/memory.py` measures what this bounds (the worker's peak RSS); these tests check the
behaviour behind it: the SQL the index runs, and the size of each write.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting, Turn
from meetings.search.upkeep import indexing
from tests.factories import MeetingFactory, TurnFactory

pytestmark = pytest.mark.django_db

SOURCE = "THE WHOLE SOURCE TEXT " * 1000


@pytest.fixture
def big_meeting(db):
    """A published meeting of seven turns whose raw text stands in for 20 MB."""
    meeting = MeetingFactory(title="Talks on grain", raw_text=SOURCE)
    for sequence in range(1, 8):
        TurnFactory(meeting=meeting, sequence=sequence, text=f"Barley statement {sequence}.")
    return meeting


def selects_raw_text(sql: str) -> bool:
    return '"meetings_meeting"."raw_text"' in sql


def turn_reads(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if '"meetings_turn"."text"' in q["sql"]]


def test_the_index_queryset_never_selects_the_source_text(big_meeting):
    index = indexing.turn_index()
    queryset = index.index_queryset()
    assert not selects_raw_text(str(queryset.query))
    assert '"meetings_meeting"."title"' in str(queryset.query)  # the meeting is still joined
    turn = queryset.get(meeting=big_meeting, sequence=1)
    assert "raw_text" in turn.meeting.get_deferred_fields()
    # What a document shows of its meeting is there without another query.
    with CaptureQueriesContext(connection) as queries:
        document = index.full_prepare(turn)
    assert document["meeting_title"] == "Talks on grain"
    assert not any(selects_raw_text(q["sql"]) for q in queries.captured_queries)


def test_sync_writes_a_large_meeting_in_chunks(big_meeting, monkeypatch):
    backend = indexing.connections["default"].get_backend()
    written = []
    update = backend.update
    monkeypatch.setattr(indexing, "TURNS_PER_CHUNK", 3)

    def counted(index, turns, **options):
        written.append(len(turns))
        return update(index, turns, **options)

    monkeypatch.setattr(backend, "update", counted)
    with CaptureQueriesContext(connection) as queries:
        assert indexing.sync_meetings([big_meeting.pk]) == 7
    assert written == [3, 3, 1]
    turn_queries = turn_reads(queries)
    assert len(turn_queries) == 4  # three chunks and the empty read that ends the walk
    assert all("LIMIT 3" in sql for sql in turn_queries)
    assert not any(selects_raw_text(q["sql"]) for q in queries.captured_queries)
    assert indexing.indexed_turn_ids(meeting=big_meeting.pk) == set(
        big_meeting.turns.values_list("pk", flat=True)
    )


def test_removed_turns_leave_the_index_when_a_meeting_is_synced_in_chunks(big_meeting, monkeypatch):
    monkeypatch.setattr(indexing, "TURNS_PER_CHUNK", 2)
    indexing.sync_meetings([big_meeting.pk])
    Turn.objects.filter(meeting=big_meeting, sequence__gt=4).delete()
    assert indexing.sync_meetings([big_meeting.pk]) == 4
    assert len(indexing.indexed_turn_ids(meeting=big_meeting.pk)) == 4


def test_rebuild_and_check_index_read_turns_in_batches_without_the_source_text(big_meeting, capsys):
    other = MeetingFactory(raw_text=SOURCE)
    TurnFactory(meeting=other, sequence=1, text="Oats.")
    with CaptureQueriesContext(connection) as queries:
        call_command("rebuild_index", "--noinput", "--batch-size", "3", "-v0")
    assert len(turn_reads(queries)) == 4  # 8 turns by 3, then the empty read
    assert not any(selects_raw_text(q["sql"]) for q in queries.captured_queries)

    with CaptureQueriesContext(connection) as queries:
        call_command("check_index")
    assert "The index matches the database." in capsys.readouterr().out
    assert not any(selects_raw_text(q["sql"]) for q in queries.captured_queries)

    Meeting.objects.filter(pk=other.pk).update(title="Renamed")
    call_command("check_index")
    out = capsys.readouterr().out
    assert "Missing from the index: 0. Not in the database: 0. Out of date: 1." in out


@pytest.mark.search_engines()
def test_indexed_turns_are_listed_a_page_of_hits_at_a_time(big_meeting, monkeypatch):
    indexing.sync_meetings([big_meeting.pk])
    monkeypatch.setattr(indexing, "IDS_PER_PAGE", 3)
    backend = indexing.connections["default"].get_backend()
    pages = []
    search = backend.search

    def paged(*args, **options):
        pages.append(options.get("end_offset"))
        return search(*args, **options)

    monkeypatch.setattr(backend, "search", paged)
    assert indexing.indexed_turn_ids(meeting=big_meeting.pk) == set(
        big_meeting.turns.values_list("pk", flat=True)
    )
    assert pages == [3, 6, 9]
