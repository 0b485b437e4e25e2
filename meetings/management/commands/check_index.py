"""Report drift between the search index and the database; `--repair` queues the fixes."""

from django.core.management.base import BaseCommand
from haystack.constants import DEFAULT_ALIAS

from meetings.search.upkeep import tasks
from meetings.search.upkeep.drift import find_drift


class Command(BaseCommand):
    help = (
        "Compare the search index with the database: turns missing from the index, "
        "documents that should not be there, and documents that are out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Queue a reindex of every drifted meeting."
        )
        parser.add_argument(
            "--quick",
            action="store_true",
            help="Compare which turns are indexed, not whether their content is current.",
        )
        parser.add_argument("--using", default=DEFAULT_ALIAS, help="Haystack connection.")

    def handle(self, *args, repair=False, quick=False, using=DEFAULT_ALIAS, **options):
        drift = find_drift(using, quick=quick)
        self.stdout.write(drift.summary())
        if not drift:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        self.stdout.write(f"Meetings that drifted: {len(drift.meetings)}.")
        if repair:
            tasks.enqueue_once(tasks.reindex_meetings, sorted(drift.meetings))
            self.stdout.write(
                self.style.SUCCESS(f"Queued a reindex of {len(drift.meetings)} meetings.")
            )
        else:
            self.stdout.write("Run with --repair to fix it.")
