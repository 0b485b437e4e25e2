"""The alerts' periodic task, for a scheduler that enqueues it (cron or a systemd timer)."""

from django_tasks import task

from .sending import alerts_send


@task()
def send_alerts() -> int:
    """What `manage.py send_alerts` does; returns the number of digests sent."""
    return len(alerts_send().sent)
