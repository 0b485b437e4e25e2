"""The task worker, as django-tasks-db's `db_worker` with index upkeep: see upkeep/worker.py.

It takes the place of django-tasks-db's command of the same name because `meetings` comes
before `django_tasks_db` in INSTALLED_APPS, so compose and the README keep `db_worker`.
"""

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from meetings.search.upkeep import worker


class Command(db_worker.Command):
    help = "Run the index worker: the task queue's single worker, which also mends the index."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--task-timeout",
            type=float,
            default=settings.INDEX_TASK_TIMEOUT,
            help="requeue a task RUNNING for longer than this many seconds "
            "(default: INDEX_TASK_TIMEOUT, %(default)s)",
        )
        parser.add_argument(
            "--check-hours",
            type=float,
            default=settings.INDEX_CHECK_HOURS,
            help="compare the index with the database and mend it every so many hours, "
            "when idle; 0: never (default: INDEX_CHECK_HOURS, %(default)s)",
        )

    def handle(self, *args, task_timeout, check_hours, **options):
        original = db_worker.Worker

        class Worker(worker.IndexWorker):
            def __init__(self, **kwargs):
                super().__init__(
                    task_timeout=task_timeout, check_seconds=check_hours * 3600, **kwargs
                )

        # The stock command builds `Worker(...)` itself; this one builds the index worker.
        db_worker.Worker = Worker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
