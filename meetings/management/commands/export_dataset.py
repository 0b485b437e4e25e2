"""Write the published archive as downloadable data files (meetings/dataset.py)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from meetings.dataset import dataset_export


class Command(BaseCommand):
    help = (
        "Write the published archive into DIR (default: DATASET_DIR) as meetings.jsonl.gz, "
        "turns.csv.gz, a Popolo people.json and a README with each source's licence. Does "
        "nothing when the archive has not changed since the last run (--force: write anyway)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", nargs="?", help="the folder to write (created if missing)")
        parser.add_argument(
            "--base-url",
            default="",
            help="the site's address for links, e.g. https://parley.example.org",
        )
        parser.add_argument("--force", action="store_true", help="write even if up to date")

    def handle(self, *args, dir=None, base_url="", force=False, **options):
        folder = Path(dir) if dir else settings.DATASET_DIR
        started = time.monotonic()
        outcome = dataset_export(folder=folder, base_url=base_url, force=force)
        seconds = time.monotonic() - started
        counts = outcome.manifest["counts"]
        if not outcome.written:
            self.stdout.write(
                f"{folder}: up to date ({counts['meetings']:,} meetings, "
                f"{counts['statements']:,} statements; {seconds:.1f} s)."
            )
            return
        sizes = ", ".join(
            f"{name} {size / 1e6:.1f} MB" for name, size in outcome.manifest["files"].items()
        )
        self.stdout.write(
            f"{folder}: wrote {counts['meetings']:,} meetings, "
            f"{counts['statements']:,} statements, {counts['people']:,} people "
            f"in {seconds:.1f} s ({sizes})."
        )
