"""The alerts' periodic task for the worker: it runs `alerts_send`, then books its next run.

`python manage.py send_alerts --schedule` starts the chain once (e.g. at deployment); each
run enqueues the next for ALERT_INTERVAL_MINUTES later, unless one is already waiting, so
one worker sends alerts on its own. Only queues that can defer a task (the database
queue) keep a chain; with `immediate`, use cron.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .sending import alerts_send


@task()
def send_alerts() -> int:
    """What `manage.py send_alerts` does, then the next run booked; digests sent."""
    sent = len(alerts_send().sent)
    schedule_next()
    return sent


def schedule_next() -> bool:
    """Enqueue the next run unless one is waiting already; False if none was enqueued."""
    if not send_alerts.get_backend().supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    path = f"{send_alerts.func.__module__}.{send_alerts.func.__qualname__}"
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return False
    later = timezone.now() + datetime.timedelta(minutes=settings.ALERT_INTERVAL_MINUTES)
    send_alerts.using(run_after=later).enqueue()
    return True
