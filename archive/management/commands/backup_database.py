"""Write a backup of the database to BACKUP_DIR and keep the newest BACKUP_KEEP."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump, custom format) and delete all but the newest backups."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="directory",
            type=Path,
            default=settings.BACKUP_DIR,
            help=f"Where backups go (BACKUP_DIR; now {settings.BACKUP_DIR}).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=settings.BACKUP_KEEP,
            help=f"How many to keep (BACKUP_KEEP; now {settings.BACKUP_KEEP}).",
        )

    def handle(self, *args, directory, keep, **options):
        try:
            path = backup_create(directory=directory, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size / 1024 / 1024
        self.stdout.write(f"Backed up to {path} ({size:.1f} MB); keeping the newest {keep}.")
