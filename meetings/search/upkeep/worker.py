"""The index worker: django-tasks-db's worker, made to keep going on its own.

`manage.py db_worker` (meetings/management/commands/db_worker.py) runs `IndexWorker`, the
index's single writer. Beyond the stock worker it:

- survives the database going away: a failed query is one log line, then the worker waits
  (1, 2, 4 … up to 60 s) and tries again, instead of exiting;
- requeues tasks left RUNNING: at start (there is one worker, so a running task belongs to
  a worker that died), after a database outage (the task it was running), and any task
  RUNNING for longer than `INDEX_TASK_TIMEOUT`;
- checks the index against the database every `INDEX_CHECK_HOURS` when idle, logs what
  drifted and mends it (check_index --repair).
"""

import contextlib
import datetime
import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger("parley.index_worker")

BACKOFF_FIRST, BACKOFF_MAX = 1.0, 60.0
# The first scheduled drift check comes this long after the worker starts, when idle.
FIRST_CHECK_SECONDS = 60
DATABASE_DOWN = (OperationalError, InterfaceError)
DATABASE_DOWN_PATHS = {f"{cls.__module__}.{cls.__qualname__}" for cls in DATABASE_DOWN}


def requeue_running(*, older_than: datetime.timedelta | None = None, worker_id=None) -> int:
    """Put RUNNING tasks back in the queue (all, or those started before `older_than` ago)."""
    tasks = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    if older_than is not None:
        tasks = tasks.filter(started_at__lt=timezone.now() - older_than)
    requeued = 0
    for task in tasks:
        if worker_id is not None and task.worker_ids[-1:] != [worker_id]:
            continue
        updated = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        if updated:
            requeued += 1
            logger.warning(
                "Requeued task %s (%s), RUNNING since %s.",
                task.pk,
                task.task_name,
                task.started_at.isoformat() if task.started_at else "?",
            )
    return requeued


def check_and_repair() -> None:
    """check_index --repair: a damaged index is rebuilt, drift logged and reindexed."""
    from django.core.management import call_command

    from .drift import find_drift, unreadable_parts
    from .indexing import sync_meetings

    problems = unreadable_parts()
    if problems:
        logger.error(
            "Index check: %d unreadable part(s), rebuilding: %s", len(problems), "; ".join(problems)
        )
        call_command("rebuild_index", interactive=False, verbosity=0)
        logger.warning("Index check: rebuilt the index from the database.")
        return
    started = time.monotonic()
    drift = find_drift()
    seconds = time.monotonic() - started
    if not drift:
        logger.info("Index check: no drift (%d turns, %.0f s).", drift.turns, seconds)
        return
    if drift.turns and not drift.documents:
        logger.error(
            "Index check: the index is empty (%d turns published): rebuilding.", drift.turns
        )
        call_command("rebuild_index", interactive=False, verbosity=0)
        return
    logger.warning(
        "Index check: drift found (%s), reindexing %d meetings.",
        drift.summary().replace("\n", " "),
        len(drift.meetings),
    )
    sync_meetings(drift.meetings)


def mend_missing_or_damaged() -> None:
    """Rebuild an index that is gone (or empty) while turns are published; check a
    damaged one that a search reported."""
    from django.core.management import call_command
    from haystack import connections
    from haystack.query import SearchQuerySet

    from ...models import Meeting, Turn
    from ..contract import ParleyBackend
    from ..engines import folders

    backend = connections["default"].get_backend()
    if not isinstance(backend, ParleyBackend):
        return
    reason = folders.take_damage_report(backend.root)
    if reason is not None:
        logger.error("A search could not read the index (%s): checking it.", reason)
        check_and_repair()
        return
    try:
        empty = SearchQuerySet().count() == 0
    except Exception as error:  # noqa: BLE001 - unreadable: the full check says why
        logger.error("The index cannot be read (%s: %s): checking it.", type(error).__name__, error)
        check_and_repair()
        return
    if empty and Turn.objects.filter(meeting__status=Meeting.Status.PUBLISHED).exists():
        logger.error("The index is missing or empty while turns are published: rebuilding.")
        call_command("rebuild_index", interactive=False, verbosity=0)
        logger.warning("Rebuilt the index from the database.")


class IndexWorker(Worker):
    def __init__(self, *, task_timeout: float, check_seconds: float, **kwargs):
        super().__init__(**kwargs)
        self.task_timeout = datetime.timedelta(seconds=task_timeout)
        # How often, when idle, the worker looks for tasks running too long and for an
        # index that is missing or that a search could not read.
        self.watch_seconds = settings.INDEX_WATCH_SECONDS
        self.check_seconds = check_seconds
        now = time.monotonic()
        self.next_stuck_check = now
        self.next_drift_check = now + FIRST_CHECK_SECONDS if check_seconds else None
        self.failures = 0
        self.requeued_at_start = False

    def run(self) -> None:
        logger.info("Index worker %s starting.", self.worker_id)
        while self.running:
            close_old_connections()
            task_result, retrieved = self._safely(self.next_task) or (None, False)
            if task_result is not None:
                self.run_task(task_result)
                # The task's result could not be written: the database went away meanwhile.
                if self.failures:
                    continue
            if self.batch and retrieved and task_result is None:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.running and task_result is None and retrieved:
                self._safely(self.upkeep)
                self._sleep(self.interval)

    def next_task(self):
        """Claim the next ready task: (task or None, whether the queue could be read)."""
        if not self.requeued_at_start:
            requeue_running()
            self.requeued_at_start = True
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return None, False
                raise
            if task_result is not None:
                task_result.claim(self.worker_id)
        if self.failures:
            logger.warning("Database reachable again after %d failed tries.", self.failures)
            self.failures = 0
            # The task this worker was running when the database went away, if any.
            requeue_running(worker_id=self.worker_id)
            return None, False
        return task_result, True

    def run_task(self, db_task_result) -> None:
        try:
            super().run_task(db_task_result)
            failed_on = db_task_result.exception_class_path
            if (
                db_task_result.status == TaskResultStatus.FAILED
                and failed_on in DATABASE_DOWN_PATHS
            ):
                # The database went away during the task and was back to record it.
                DBTaskResult.objects.filter(pk=db_task_result.pk).update(
                    status=TaskResultStatus.READY, started_at=None, finished_at=None
                )
                logger.warning(
                    "Requeued task %s: the database went away during it.", db_task_result.pk
                )
        except DATABASE_DOWN as error:
            # Recording the result failed; the task is requeued once the database is back.
            self._database_down(error)

    def upkeep(self) -> None:
        now = time.monotonic()
        if now >= self.next_stuck_check:
            self.next_stuck_check = now + self.watch_seconds
            requeue_running(older_than=self.task_timeout)
            self._mending(mend_missing_or_damaged)
        if self.next_drift_check is not None and now >= self.next_drift_check:
            self.next_drift_check = now + self.check_seconds
            self._mending(check_and_repair)

    def _mending(self, step) -> None:
        """Index repairs never stop the worker: a failure is logged, tried again later."""
        try:
            step()
        except DATABASE_DOWN:
            raise
        except Exception:
            logger.exception("Index repair failed (%s).", step.__name__)

    def _safely(self, step):
        """Run a step; on a database error, log one line and wait before the next try."""
        try:
            return step()
        except DATABASE_DOWN as error:
            self._database_down(error)
            return None

    def _database_down(self, error: Exception) -> None:
        self.failures += 1
        delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (self.failures - 1))
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        logger.error(
            "Database unavailable (try %d): %s. Retrying in %.0f s.", self.failures, reason, delay
        )
        for connection in connections.all():
            with contextlib.suppress(*DATABASE_DOWN):
                connection.close()
        self._sleep(delay)

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while self.running and time.monotonic() < deadline:
            time.sleep(min(0.5, deadline - time.monotonic()))
