import datetime
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from meetings import services
from meetings.models import Meeting
from meetings.resolution import PersonDirectory
from meetings.search.upkeep import indexing
from meetings.services import ImportOutcome as Outcome
from meetings.sources import UnreadableSource, decode_transcript, expand_paths

PROGRESS_FROM = 10  # files; fewer do not need a progress bar


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date {value!r} is not a date of the form YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = (
        "Import transcripts (files, folders, globs; plain text or saved HTML pages). Each file "
        "is imported atomically; importing the same source again updates its meeting, keeping "
        "each statement's number, unless editors changed the meeting since (see --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--date", type=iso_date, help="date (YYYY-MM-DD) for texts without one")
        parser.add_argument("--place", help="place, where a text lacks it")
        parser.add_argument("--title", help="title, where a text lacks it")
        parser.add_argument("--kind", choices=Meeting.Kind.values)
        parser.add_argument("--source-url", default="", help="the page the text came from")
        parser.add_argument("--source-name", default="", help="who published it, for the credit")
        parser.add_argument("--draft", action="store_true", help="import without publishing")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and report; write nothing"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="update meetings even where editors changed them since their last import "
            "(their version stays in the meeting's history)",
        )

    def handle(self, *args, **options):
        files, missing = expand_paths(options["paths"])
        if options["source_url"] and len(files) > 1:
            raise CommandError("--source-url names one page: give it with a single file.")
        counts = Counter()
        failures = [(pattern, "no such file, folder or match") for pattern in missing]
        refusals = []
        directory = PersonDirectory()
        started = time.monotonic()
        self.reindexed = 0
        # Each file's index work is queued as its transaction commits, so an import stopped
        # halfway leaves the files it imported on their way into the index.
        for number, path in enumerate(files, start=1):
            try:
                result = self._import_one(path, options, directory)
            except (UnreadableSource, services.ImportRejected, OSError) as exc:
                failures.append((str(path), str(exc)))
            else:
                counts[result.outcome] += 1
                if result.outcome == services.ImportOutcome.REFUSED_EDITED:
                    refusals.append((str(path), result.refusal))
                if result.outcome == services.ImportOutcome.UNCHANGED and not options["dry_run"]:
                    self._ensure_indexed(result.meeting)
                if options["verbosity"] >= 2 or (len(files) < PROGRESS_FROM and result.warnings):
                    for warning in result.warnings:
                        self.stderr.write(f"{path}: warning: {warning}")
            if len(files) >= PROGRESS_FROM and options["verbosity"] >= 1:
                self._progress(number, len(files))
        self._summary(counts, failures, refusals, time.monotonic() - started, options["dry_run"])
        if failures:
            raise CommandError(f"{len(failures)} file(s) could not be imported.", returncode=1)
        if refusals:
            raise CommandError(
                f"{len(refusals)} file(s) left as editors corrected them; --force overrides.",
                returncode=1,
            )

    def _ensure_indexed(self, meeting: Meeting) -> None:
        """An unchanged meeting whose index documents are not its turns is reindexed.

        A run stopped before its index work was done (or a worker that lost it) leaves
        meetings in the database but not in the index; running the import again mends them.
        """
        if not indexing.meeting_in_index(meeting.pk):
            indexing.schedule_meeting_reindex(meeting.pk)
            self.reindexed += 1

    def _import_one(self, path, options, directory):
        """Plan the file's import (as the admin's preview does) and, unless a dry run, apply it."""
        text, raw = decode_transcript(path.read_bytes(), name=str(path))
        plan = services.plan_import(
            text,
            services.ImportOptions(
                raw_text=raw,
                date=options["date"],
                place=options["place"],
                title=options["title"],
                kind=options["kind"],
                source_name=options["source_name"],
                source_url=options["source_url"],
                status=Meeting.Status.DRAFT if options["draft"] else Meeting.Status.PUBLISHED,
                force=options["force"],
            ),
            directory=directory,
        )
        return plan.result() if options["dry_run"] else services.apply_import(plan)

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        end = "\n" if done == total else ""
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=end)
        self.stderr.flush()

    def _summary(self, counts, failures, refusals, seconds, dry_run):
        prefix = "Dry run, nothing written: " if dry_run else ""
        refused = f"{len(refusals)} refused (edited), " if refusals else ""
        self.stdout.write(
            f"{prefix}{counts[Outcome.IMPORTED]} imported, {counts[Outcome.UPDATED]} updated, "
            f"{counts[Outcome.UNCHANGED]} unchanged, {refused}{len(failures)} failed "
            f"({seconds:.1f} s)."
        )
        if self.reindexed:
            self.stdout.write(f"  {self.reindexed} unchanged meeting(s) queued for reindexing.")
        for name, reason in refusals:
            self.stdout.write(f"  refused: {name}: {reason}")
        for name, reason in failures:
            self.stdout.write(f"  failed: {name}: {reason}")
