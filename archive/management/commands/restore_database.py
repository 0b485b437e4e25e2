"""Restore a backup into an empty database, migrate it, and rebuild the search index."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup_database file into the (empty) database of DATABASE_URL, apply "
        "newer migrations, rebuild the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A .dump file written by backup_database.")
        parser.add_argument(
            "--no-rebuild-index",
            dest="rebuild_index",
            action="store_false",
            help="Leave the search index alone (rebuild it later).",
        )

    def handle(self, *args, path, rebuild_index, **options):
        try:
            backup_restore(path=path, rebuild_index=rebuild_index)
        except BackupError as error:
            raise CommandError(str(error)) from None
        done = "restored, migrated and indexed" if rebuild_index else "restored and migrated"
        self.stdout.write(f"{path.name}: {done}.")
