"""The index worker keeps going on its own: database outages, dead tasks, locks, drift."""

import datetime
import logging

import pytest
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from haystack.query import SearchQuerySet

from meetings.models import Turn
from meetings.search.contract import IndexLocked
from meetings.search.upkeep import indexing, tasks, worker
from tests.factories import MeetingFactory, TurnFactory

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def found(word: str) -> list[str]:
    return sorted(r.meeting_slug for r in SearchQuerySet().filter(content=word)[:50])


def run_worker(**options) -> None:
    call_command(
        "db_worker",
        batch=True,
        startup_delay=False,
        reload=False,
        verbosity=0,
        check_hours=0,
        **options,
    )


@pytest.fixture
def queued(settings):
    """A published meeting saved with the database queue: its reindex task waits."""
    settings.TASKS = DATABASE_QUEUE
    with transaction.atomic():
        meeting = MeetingFactory(slug="wheat-talks")
        TurnFactory(meeting=meeting, sequence=1, text="Sunflower oil and wheat.")
    assert DBTaskResult.objects.ready().count() == 1
    return meeting


@pytest.fixture
def no_waiting(monkeypatch):
    pauses = []
    monkeypatch.setattr(worker.IndexWorker, "_sleep", lambda self, seconds: pauses.append(seconds))
    return pauses


def test_the_worker_waits_out_a_database_outage_then_runs_the_task(
    queued, no_waiting, monkeypatch, caplog
):
    outage = iter([OperationalError("connection refused\nIs the server running?")] * 3)
    next_task = worker.IndexWorker.next_task

    def flaky(self):
        for error in outage:
            raise error
        return next_task(self)

    monkeypatch.setattr(worker.IndexWorker, "next_task", flaky)
    with caplog.at_level(logging.INFO, logger="parley.index_worker"):
        run_worker()
    assert no_waiting == [1.0, 2.0, 4.0]  # backing off, never exiting
    messages = [r.getMessage() for r in caplog.records]
    assert "Database unavailable (try 1): connection refused. Retrying in 1 s." in messages
    assert "Database reachable again after 3 failed tries." in messages
    assert not any(r.exc_info for r in caplog.records)  # one line each, no traceback
    assert found("sunflower") == ["wheat-talks"]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_task_the_database_interrupted_is_run_again(queued, no_waiting, monkeypatch):
    sync = indexing.sync_meetings
    calls = []

    def interrupted(ids, using="default"):
        calls.append(ids)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return sync(ids, using)

    monkeypatch.setattr(indexing, "sync_meetings", interrupted)
    run_worker()
    assert calls == [[queued.pk], [queued.pk]]
    assert found("sunflower") == ["wheat-talks"]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_task_left_running_by_a_killed_worker_is_run_by_the_next(queued, caplog):
    task = DBTaskResult.objects.get()
    task.claim("a-worker-that-was-killed")
    run_worker()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids[0] == "a-worker-that-was-killed"
    assert found("sunflower") == ["wheat-talks"]
    assert any("Requeued task" in r.getMessage() for r in caplog.records)


def test_only_tasks_running_past_the_timeout_are_requeued(queued):
    with transaction.atomic():
        TurnFactory(meeting=MeetingFactory(), sequence=1, text="Barley.")
    old, recent = DBTaskResult.objects.order_by("enqueued_at")
    for task in (old, recent):
        task.claim("another-worker")
    DBTaskResult.objects.filter(pk=old.pk).update(
        started_at=timezone.now() - datetime.timedelta(hours=2)
    )
    assert worker.requeue_running(older_than=datetime.timedelta(hours=1)) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def test_identical_waiting_reindex_tasks_are_merged(queued):
    for _ in range(3):
        with transaction.atomic():
            queued.title = f"{queued.title}!"
            queued.save()
    with transaction.atomic():
        TurnFactory(meeting=MeetingFactory(), sequence=1, text="Barley.")
    waiting = DBTaskResult.objects.ready()
    assert sorted(t.args_kwargs["args"][0][0] for t in waiting) == sorted(
        [queued.pk, Turn.objects.exclude(meeting=queued).get().meeting_id]
    )


def test_a_locked_index_is_tried_again(queued, monkeypatch, caplog):
    monkeypatch.setattr(tasks, "LOCKED_PAUSE", 0)
    sync = indexing.sync_meetings
    tries = []

    def locked_twice(ids, using="default"):
        tries.append(ids)
        if len(tries) <= 2:
            raise IndexLocked("The index is locked by a writer.")
        return sync(ids, using)

    monkeypatch.setattr(indexing, "sync_meetings", locked_twice)
    run_worker()
    assert len(tries) == 3
    assert found("sunflower") == ["wheat-talks"]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert sum("Index locked" in r.getMessage() for r in caplog.records) == 2


def test_the_worker_checks_the_index_on_schedule_and_mends_drift(db, caplog):
    with transaction.atomic():
        meeting = MeetingFactory(slug="rye-talks")
        TurnFactory(meeting=meeting, sequence=1, text="Rye.")
    Turn.objects.bulk_create([Turn(meeting=meeting, sequence=2, label="Q", text="Missing spelt.")])
    assert found("spelt") == []
    index_worker = worker.IndexWorker(
        task_timeout=60,
        check_seconds=3600,
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w",
        excluded_queue_names=[],
    )
    index_worker.next_drift_check = 0
    with caplog.at_level(logging.INFO, logger="parley.index_worker"):
        index_worker.upkeep()
    assert found("spelt") == ["rye-talks"]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "Index check: drift found" in logged and "Missing from the index: 1." in logged
    caplog.clear()
    index_worker.next_drift_check = 0
    with caplog.at_level(logging.INFO, logger="parley.index_worker"):
        index_worker.upkeep()
    assert [r.getMessage() for r in caplog.records if "Index check" in r.getMessage()] == [
        "Index check: no drift (2 turns, 0 s)."
    ]


def test_manage_py_db_worker_is_the_index_worker(settings):
    settings.TASKS = DATABASE_QUEUE
    from django.core.management import get_commands, load_command_class

    from meetings.management.commands import db_worker

    app = get_commands()["db_worker"]
    assert app == "meetings", "INSTALLED_APPS must list meetings before django_tasks_db"
    command = load_command_class(app, "db_worker")
    assert type(command) is db_worker.Command
    parser = command.create_parser("manage.py", "db_worker")
    options = parser.parse_args(["--task-timeout", "90", "--check-hours", "0"])
    assert (options.task_timeout, options.check_hours) == (90.0, 0.0)
