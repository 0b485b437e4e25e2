"""Send the e-mail alerts that are due (daily or weekly digests); safe to run at any time."""

from django.core.management.base import BaseCommand

from meetings.alerts.sending import alerts_send


class Command(BaseCommand):
    help = "Mail each due alert its new statements, never one twice; resumes a stopped run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="instead, start the worker's periodic task (database queue), if not running",
        )

    def handle(self, *args, schedule=False, **options):
        if schedule:
            from meetings.alerts.tasks import schedule_next

            started = schedule_next()
            self.stdout.write(
                "Scheduled."
                if started
                else "Already scheduled, or the task "
                "queue cannot defer tasks (TASKS_BACKEND=database can)."
            )
            return
        outcome = alerts_send()
        self.stdout.write(
            f"{outcome.alerts} alert(s) checked, {len(outcome.sent)} digest(s) sent with "
            f"{outcome.statements} statement(s), {outcome.expired} unconfirmed alert(s) deleted."
        )
