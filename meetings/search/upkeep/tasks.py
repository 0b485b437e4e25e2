"""Index writes, run by the task worker: the index's only writer in production.

A write that finds the index locked by another writer (a rebuild's swap, an administrator's
command) is tried again a few times before the task fails; the scheduled drift check
(worker.py) mends whatever a failed task left.
"""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django_tasks import task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from ..contract import IndexLocked
from . import indexing

logger = logging.getLogger("parley.index_worker")
T = TypeVar("T")

# Tries of a write whose index is locked, each after the writer's own wait
# (contract.WRITE_LOCK_TIMEOUT), with LOCKED_PAUSE × the try number in between.
LOCKED_TRIES = 5
LOCKED_PAUSE = 5.0


def while_locked(work: Callable[[], T]) -> T:
    """Run `work`, trying again while the index is locked by another writer."""
    for attempt in range(1, LOCKED_TRIES + 1):
        try:
            return work()
        except IndexLocked as error:
            if attempt == LOCKED_TRIES:
                raise
            logger.warning("Index locked (%s); try %d of %d.", error, attempt, LOCKED_TRIES)
            time.sleep(LOCKED_PAUSE * attempt)
    raise AssertionError("unreachable")


@task()
def reindex_meetings(meeting_ids: list[int]) -> int:
    return while_locked(lambda: indexing.sync_meetings(meeting_ids))


@task()
def reindex_people(person_ids: list[int]) -> int:
    return while_locked(lambda: indexing.sync_people(person_ids))


def enqueue_once(index_task, ids: list[int]) -> bool:
    """Queue `index_task(ids)` unless the very same task is already waiting; True if queued.

    Only the database queue can hold a waiting task: an editor saving the same meeting
    five times before the worker gets to it costs one reindex, not five.
    """
    if isinstance(index_task.get_backend(), DatabaseBackend):
        waiting = DBTaskResult.objects.ready().filter(
            task_path=index_task.module_path, args_kwargs={"args": [ids], "kwargs": {}}
        )
        if waiting.exists():
            return False
    index_task.enqueue(ids)
    return True
