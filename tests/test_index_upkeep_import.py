"""An import stopped halfway leaves what it imported indexed, or indexed on the next run."""

import pytest
from django.core.management import call_command
from haystack.query import SearchQuerySet

from meetings import services
from meetings.models import Meeting
from meetings.search.upkeep import indexing, tasks

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = """Telephone conversation with President of Ruritania Ivo Marek

March 3, 2021

President of Russia Vladimir Putin: We discussed barley exports.

President of Ruritania Ivo Marek: And the rye harvest.
"""
SECOND = FIRST.replace("Ruritania", "Freedonia").replace("March 3", "April 4")


def found(word: str) -> int:
    return SearchQuerySet().filter(content=word).count()


@pytest.fixture
def two_files(tmp_path):
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SECOND, encoding="utf-8")
    return tmp_path


def test_an_import_killed_after_its_first_file_leaves_that_file_indexed(two_files, monkeypatch):
    real_apply = services.apply_import
    imported = []

    def killed_on_the_second(plan, *args, **kwargs):
        if imported:
            raise KeyboardInterrupt  # the process is stopped during the second file
        imported.append(real_apply(plan, *args, **kwargs))
        return imported[-1]

    monkeypatch.setattr(services, "apply_import", killed_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        call_command("import_transcripts", str(two_files))
    assert Meeting.objects.count() == 1
    assert found("barley") == 1 and found("rye") == 1


def test_a_rerun_indexes_unchanged_meetings_that_are_not_in_the_index(
    two_files, monkeypatch, capsys
):
    monkeypatch.setattr(tasks, "enqueue_once", lambda task, ids: False)  # index work lost
    call_command("import_transcripts", str(two_files))
    assert Meeting.objects.count() == 2 and found("barley") == 0
    monkeypatch.undo()

    call_command("import_transcripts", str(two_files))
    out = capsys.readouterr().out
    assert "0 imported, 0 updated, 2 unchanged" in out
    assert "2 unchanged meeting(s) queued for reindexing." in out
    assert found("barley") == 2

    call_command("import_transcripts", str(two_files))
    assert "queued for reindexing" not in capsys.readouterr().out
    assert all(indexing.meeting_in_index(pk) for pk in Meeting.objects.values_list("pk", flat=True))
