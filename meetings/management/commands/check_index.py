"""Report drift between the search index and the database; `--repair` queues the fixes.

First, unless `--quick`, every part of the index is read (engines' `unreadable_parts`): a
truncated or damaged file is reported, and `--repair` then rebuilds the whole index, since
reindexing meetings cannot mend a segment that other meetings share.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from haystack.constants import DEFAULT_ALIAS

from meetings.search.upkeep import tasks
from meetings.search.upkeep.drift import find_drift, unreadable_parts


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
            help="Compare which turns are indexed, not whether their content is current "
            "nor whether every part of the index can be read.",
        )
        parser.add_argument("--using", default=DEFAULT_ALIAS, help="Haystack connection.")

    def handle(self, *args, repair=False, quick=False, using=DEFAULT_ALIAS, **options):
        if not quick:
            problems = unreadable_parts(using)
            if problems:
                for problem in problems:
                    self.stdout.write(f"Unreadable: {problem}")
                if not repair:
                    raise CommandError(
                        f"The index has {len(problems)} unreadable part(s); "
                        "rebuild it (rebuild_index, or check_index --repair).",
                        returncode=1,
                    )
                call_command("rebuild_index", interactive=False, using=[using], verbosity=0)
                self.stdout.write(self.style.SUCCESS("Rebuilt the index from the database."))
                return
            self.stdout.write("Every part of the index is readable.")
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
