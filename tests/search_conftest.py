"""Search fixtures, imported by tests/conftest.py: a throwaway index for every test.

A test or module marked `@pytest.mark.search_engines` runs once per search engine of
`archive.settings` (or once per engine named in the marker), with ids like `[xapian]`;
every other test uses the configured engine.
"""

import contextlib
import copy
import datetime
import threading

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from haystack import connections

from archive.settings import _SEARCH_ENGINES
from meetings.search.contract import ParleyBackend
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory


def pytest_generate_tests(metafunc):
    marker = metafunc.definition.get_closest_marker("search_engines")
    if marker is not None:
        engines = list(marker.args or _SEARCH_ENGINES)
        metafunc.parametrize("search_engine", engines, indirect=True)


def _reset_search_connections():
    for conn in getattr(connections.thread_local, "connections", {}).values():
        backend = conn._backend
        if isinstance(backend, ParleyBackend):
            backend.close()
    connections.thread_local = threading.local()


@pytest.fixture
def search_engine(request):
    """The engine's name in SEARCH_ENGINE terms; None: the configured engine."""
    return getattr(request, "param", None)


@contextlib.contextmanager
def index_at(path, engine: str | None = None, **options):
    """Point Haystack at the index in `path` (created if missing), errors surfacing."""
    conns = copy.deepcopy(django_settings.HAYSTACK_CONNECTIONS)
    for connection in conns.values():
        connection.update(PATH=str(path), SILENTLY_FAIL=False, **options)
        if engine is not None:
            connection["ENGINE"] = _SEARCH_ENGINES[engine]
    saved_settings, saved_info = django_settings.HAYSTACK_CONNECTIONS, connections.connections_info
    saved_grace = django_settings.SEARCH_SWAP_GRACE_SECONDS
    django_settings.HAYSTACK_CONNECTIONS = connections.connections_info = conns
    # A rebuilt index's old folder goes at once: tests have no searcher still reading it.
    django_settings.SEARCH_SWAP_GRACE_SECONDS = 0
    _reset_search_connections()
    try:
        yield conns["default"]["PATH"]
    finally:
        _reset_search_connections()
        django_settings.HAYSTACK_CONNECTIONS, connections.connections_info = (
            saved_settings,
            saved_info,
        )
        django_settings.SEARCH_SWAP_GRACE_SECONDS = saved_grace


@pytest.fixture(autouse=True)
def search_index(tmp_path, search_engine):
    """Point Haystack at an empty index of this test's own, with errors surfacing."""
    with index_at(tmp_path / "search-index", search_engine) as path:
        yield path


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (index work) when the block ends, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def indexed_samarkand(request, on_commit):
    """The samarkand meeting, indexed through the signals and the task queue."""
    with on_commit():
        meeting = request.getfixturevalue("samarkand")
    return meeting


@pytest.fixture
def indexed_talks(on_commit):
    """Three meetings of five statements each on "territorial integrity", rebuilt into the
    index: for the tests that damage it."""
    with on_commit():
        for n in range(3):
            meeting = MeetingFactory(slug=f"talks-{n}")
            for sequence in range(1, 6):
                TurnFactory(
                    meeting=meeting,
                    sequence=sequence,
                    text=f"The territorial integrity of the wheat fields, statement {n}.",
                )
    call_command("rebuild_index", "--noinput", "-v0")


@pytest.fixture
def second_transcript(indexed_samarkand, on_commit):
    """A second published meeting: Putin and Erdoğan, also on the ceasefire."""
    putin = indexed_samarkand.turns.get(sequence=1).speaker
    with on_commit():
        erdogan = PersonFactory(name="Recep Tayyip Erdoğan", country="TR")
        meeting = MeetingFactory(
            title="Telephone conversation with President of Türkiye",
            date=datetime.date(2023, 3, 2),
            place="Moscow",
            kind="telephone",
            summary="The leaders discussed the grain deal.",
        )
        ParticipationFactory(meeting=meeting, person=putin, role="President of Russia")
        ParticipationFactory(meeting=meeting, person=erdogan, role="President of Türkiye")
        TurnFactory(
            meeting=meeting,
            sequence=1,
            speaker=putin,
            label="Vladimir Putin",
            text="We support a ceasefire along the whole line.\n\nThe grain deal works.",
        )
        TurnFactory(
            meeting=meeting,
            sequence=2,
            speaker=erdogan,
            label="Recep Tayyip Erdoğan",
            text="A lasting ceasefire needs a commission, perhaps a tripartite one.",
        )
        TurnFactory(
            meeting=meeting,
            sequence=3,
            speaker=None,
            label="Question",
            text="Will the ceasefire hold?",
        )
    return meeting
