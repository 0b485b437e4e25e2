"""Database backups: pg_dump files kept to a count, and a restore into an empty database.

A backup is `parley-<UTC time>.dump` (pg_dump's custom format: compressed, restorable table
by table) in BACKUP_DIR. It is written as `.partial` and renamed only once pg_dump has
succeeded, so a failed run neither counts as a backup nor pushes a good one out; then all
but the newest BACKUP_KEEP backups are deleted. A restore refuses a database that already
has tables, loads the dump in one transaction, applies migrations newer than the dump,
rebuilds the search index (it is not in the dump) and drops the cached figures.
"""

import datetime
import os
import shutil
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.db import connection

from meetings import overview

PREFIX, SUFFIX = "parley-", ".dump"


class BackupError(Exception):
    """What went wrong, in words an operator can act on."""


def _pg_env() -> dict[str, str]:
    """libpq's variables for the default database, so no password appears in `ps`."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL: DATABASE_URL names another database.")
    values = {
        "PGHOST": db["HOST"],
        "PGPORT": db["PORT"],
        "PGUSER": db["USER"],
        "PGPASSWORD": db["PASSWORD"],
        "PGDATABASE": db["NAME"],
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    return path


def backups_list(*, directory: Path) -> list[Path]:
    """The backups in `directory`, oldest first."""
    return sorted(directory.glob(f"{PREFIX}*{SUFFIX}"))


def backup_create(*, directory: Path, keep: int) -> Path:
    """Dump the database into a new file in `directory`; keep the newest `keep` backups."""
    if keep < 1:
        raise BackupError("BACKUP_KEEP must be at least 1.")
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    target = directory / f"{PREFIX}{now:%Y%m%d-%H%M%S-%f}{SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    result = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
        env=_pg_env(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    partial.rename(target)
    for old in backups_list(directory=directory)[:-keep]:
        old.unlink()
    return target


def backup_restore(*, path: Path, rebuild_index: bool = True) -> None:
    """Load the backup at `path` into the (empty) default database, then bring it up to date."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']!r} already has {len(tables)} "
            "tables: restore into an empty one (README, Backups)."
        )
    connection.close()  # pg_restore creates the tables; start afresh afterwards
    result = subprocess.run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={_pg_env()['PGDATABASE']}",
            str(path),
        ],
        env=_pg_env(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    call_command("migrate", "--noinput", verbosity=0)
    if rebuild_index:
        call_command("rebuild_index", "--noinput", verbosity=0)
    overview.forget()
