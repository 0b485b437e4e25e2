"""A missing or damaged index: searches never 500, and the worker mends the index itself."""

import logging
import os
import shutil

import pytest
from django.core.management import call_command
from django.test import Client
from haystack import connections
from haystack.query import SearchQuerySet

from meetings.search.engines import folders
from meetings.search.upkeep import worker

pytestmark = [pytest.mark.django_db, pytest.mark.search_engines()]


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def search(visitor, q='"territorial integrity"'):
    return visitor.get("/search/", {"q": q})


def test_a_deleted_index_answers_searches_and_the_worker_rebuilds_it(
    indexed_talks, visitor, search_index, caplog
):
    assert "15 statements" in search(visitor).text
    shutil.rmtree(folders.live_folder(search_index))
    response = search(visitor)
    assert response.status_code == 200  # not a 500: no statements until the worker acts
    with caplog.at_level(logging.WARNING, logger="parley.index_worker"):
        worker.mend_missing_or_damaged()
    assert "The index is missing or empty while turns are published: rebuilding." in caplog.text
    assert "15 statements" in search(visitor).text


def test_a_damaged_index_gives_a_503_and_the_worker_rebuilds_it(
    indexed_talks, visitor, search_index, caplog
):
    live = folders.live_folder(search_index)
    for path in live.iterdir():
        if path.is_file() and "lock" not in path.name.lower():
            os.truncate(path, path.stat().st_size // 3)
    connections["default"].get_backend().close()

    with caplog.at_level(logging.ERROR, logger="parley.unavailable"):
        response = search(visitor)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The search index cannot be read just now and is being repaired." in response.text
    lines = [r for r in caplog.records if r.name == "parley.unavailable"]
    assert len(lines) == 1 and lines[0].getMessage().startswith(
        "Search index unavailable, 503 for GET /search/"
    )
    assert not lines[0].exc_info
    assert os.path.exists(os.path.join(search_index, folders.DAMAGE_REPORT))  # for the worker

    with caplog.at_level(logging.WARNING, logger="parley.index_worker"):
        worker.mend_missing_or_damaged()
    assert "A search could not read the index" in caplog.text
    assert "Index check: " in caplog.text and "unreadable part(s), rebuilding" in caplog.text
    response = search(visitor)
    assert response.status_code == 200 and "15 statements" in response.text


def test_the_full_check_of_a_deleted_index_rebuilds_it(indexed_talks, search_index, caplog):
    shutil.rmtree(folders.live_folder(search_index))
    with caplog.at_level(logging.WARNING, logger="parley.index_worker"):
        worker.check_and_repair()
    # Whoosh reopens an empty index; Xapian finds none to read: either way, a rebuild.
    assert (
        "Index check: the index is empty (15 turns published): rebuilding." in caplog.text
        or "unreadable part(s), rebuilding" in caplog.text
    )
    call_command("check_index")
    assert SearchQuerySet().filter(content="wheat").count() == 15
