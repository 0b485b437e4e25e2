"""check_index reads every part of the index: a damaged file is reported, and repaired."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from haystack import connections
from haystack.query import SearchQuerySet

from meetings.search.engines import folders

pytestmark = [pytest.mark.django_db, pytest.mark.search_engines()]


def truncate_largest_file(root: str) -> str:
    live = folders.live_folder(root)
    files = [p for p in live.iterdir() if p.is_file() and "lock" not in p.name.lower()]
    largest = max(files, key=lambda p: p.stat().st_size)
    os.truncate(largest, largest.stat().st_size // 2)
    connections["default"].get_backend().close()
    return largest.name


def test_a_truncated_index_file_is_reported_and_repair_rebuilds(
    indexed_talks, search_index, capsys
):
    call_command("check_index")
    out = capsys.readouterr().out
    assert "Every part of the index is readable." in out
    assert "The index matches the database." in out

    name = truncate_largest_file(search_index)
    with pytest.raises(CommandError, match="unreadable part"):
        call_command("check_index")
    assert "Unreadable: " in capsys.readouterr().out, name

    call_command("check_index", "--repair")
    assert "Rebuilt the index from the database." in capsys.readouterr().out
    call_command("check_index")
    assert "Every part of the index is readable." in capsys.readouterr().out
    assert SearchQuerySet().filter(content='"territorial integrity"').count() == 15
    assert Path(search_index, folders.CURRENT).is_symlink()
