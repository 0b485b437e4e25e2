"""rebuild_index builds a new index beside the live one and swaps it in whole."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from haystack import connections
from haystack.query import SearchQuerySet

from meetings.management.commands import rebuild_index
from meetings.models import Turn
from meetings.search.engines import folders
from meetings.search.upkeep import indexing
from tests.factories import MeetingFactory, TurnFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search_engines()]


def found(word: str) -> list[int]:
    return sorted(int(r.pk) for r in SearchQuerySet().filter(content=word)[:100])


@pytest.fixture
def archive(on_commit):
    """Three published meetings of four turns each, indexed."""
    with on_commit():
        for n in range(3):
            meeting = MeetingFactory(slug=f"talks-{n}")
            for sequence in range(1, 5):
                TurnFactory(meeting=meeting, sequence=sequence, text=f"Wheat statement {n}.")
    return Turn.objects.order_by("pk")


@pytest.fixture
def during_rebuild(monkeypatch):
    """Run a function after each batch the rebuild reads (batches of 4 turns)."""
    calls = []
    chunks = rebuild_index.turn_chunks

    def watched(queryset, size):
        for chunk in chunks(queryset, 4):
            yield chunk
            for call in calls:
                call()

    monkeypatch.setattr(rebuild_index, "turn_chunks", watched)
    return calls.append


def test_the_rebuilt_index_is_swapped_in_and_the_old_one_removed(archive, search_index):
    root = Path(search_index)
    backend = connections["default"].get_backend()
    assert found("wheat") == list(archive.values_list("pk", flat=True))
    assert backend.path == str(root)  # an index from before swaps: files in the root

    call_command("rebuild_index", "--noinput", "-v0")
    live = folders.live_folder(root)
    assert os.readlink(root / folders.CURRENT) == live.name
    assert live.name.startswith(folders.BUILD_PREFIX)
    assert not any(entry.is_file() for entry in root.iterdir() if entry.name[0] != ".")
    assert found("wheat") == list(archive.values_list("pk", flat=True))
    assert backend.path == str(live)  # this process followed the swap

    call_command("rebuild_index", "--noinput", "-v0")
    assert folders.live_folder(root) != live and not live.exists()
    assert [p.name for p in root.glob(f"{folders.BUILD_PREFIX}*")] == [
        folders.live_folder(root).name
    ]
    assert len(found("wheat")) == 12


def test_searches_answer_from_the_old_index_throughout_a_rebuild(archive, during_rebuild):
    answers = []
    during_rebuild(lambda: answers.append(len(found("wheat"))))
    call_command("rebuild_index", "--noinput", "-v0")
    assert answers == [12, 12, 12]  # never "no statements found"


def test_a_meeting_changed_during_a_rebuild_is_current_in_the_new_index(archive, during_rebuild):
    first = archive.first()

    def editor_saves():
        if not found("barley"):
            Turn.objects.filter(pk=first.pk).update(text="Barley, corrected.")
            indexing.sync_meetings([first.meeting_id])  # the worker, into the live index

    during_rebuild(editor_saves)
    call_command("rebuild_index", "--noinput", "-v0")
    assert found("barley") == [first.pk]
    assert first.pk not in found("wheat")


def test_a_failed_rebuild_leaves_the_live_index_as_it_was(archive, during_rebuild, search_index):
    call_command("rebuild_index", "--noinput", "-v0")
    live = folders.live_folder(search_index)

    def fail():
        raise RuntimeError("disk full")

    during_rebuild(fail)
    with pytest.raises(RuntimeError):
        call_command("rebuild_index", "--noinput", "-v0")
    assert folders.live_folder(search_index) == live
    assert list(Path(search_index).glob(f"{folders.BUILD_PREFIX}*")) == [live]
    assert len(found("wheat")) == 12
