"""Send the e-mail alerts that are due (daily or weekly digests); safe to run at any time."""

from django.core.management.base import BaseCommand

from meetings.alerts.sending import alerts_send


class Command(BaseCommand):
    help = "Mail each due alert its new statements, never one twice; resumes a stopped run."

    def handle(self, *args, **options):
        outcome = alerts_send()
        self.stdout.write(
            f"{outcome.alerts} alert(s) checked, {len(outcome.sent)} digest(s) sent with "
            f"{outcome.statements} statement(s), {outcome.expired} unconfirmed alert(s) deleted."
        )
