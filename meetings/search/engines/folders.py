"""Where an engine's index lives, so that a rebuild can be swapped in whole.

The configured path (SEARCH_INDEX_PATH) is a root folder. Once rebuilt, it holds the index
in a folder of its own (`build-<time>`) and a symbolic link `current` naming it. A rebuild
writes a new folder beside the live one while searches go on, then replaces the link in one
`rename` (atomic on POSIX): a reader sees the old index or the new one, never a half-built
or empty one. Each engine looks the link up before it searches or writes (one `readlink`)
and reopens the index when it has changed. An index written before swaps (its files in the
root itself, no link) keeps working until the first rebuild.
"""

import contextlib
import datetime
import os
import shutil
import uuid
from pathlib import Path

CURRENT = "current"
BUILD_PREFIX = "build-"
# Meetings written to the live index while a rebuild runs, one id a line, to write again
# into the new index once it is swapped in.
PENDING = ".rebuild-pending"
# Written by a process that could not read the index; the worker then checks it.
DAMAGE_REPORT = ".damage-reported"


def live_folder(root: str | Path) -> Path:
    """The folder of the index searched now."""
    root = Path(root)
    try:
        target = os.readlink(root / CURRENT)
    except OSError:
        return root
    return root / target


def new_folder(root: str | Path) -> Path:
    """An empty folder for a rebuild, beside the live index."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S")
    folder = root / f"{BUILD_PREFIX}{stamp}-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    return folder


def swap_in(root: str | Path, folder: Path) -> Path:
    """Make `folder` the live index in one step; returns the folder it replaced."""
    root = Path(root)
    previous = live_folder(root)
    link = root / f".{CURRENT}-{uuid.uuid4().hex}"
    os.symlink(folder.name, link)
    os.replace(link, root / CURRENT)
    descriptor = os.open(root, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return previous


def holds_index(folder: Path) -> bool:
    """Whether `folder` holds index files (dot files and links do not count)."""
    return (
        any(
            entry.is_file() and not entry.is_symlink() and not entry.name.startswith(".")
            for entry in folder.iterdir()
        )
        if folder.is_dir()
        else False
    )


def remove_old(root: str | Path, previous: Path) -> None:
    """Delete a replaced index: a build folder, or the files of an index kept in the root."""
    root = Path(root)
    if previous == live_folder(root):
        return
    if previous == root:
        for entry in root.iterdir():
            if entry.is_file() and not entry.is_symlink() and not entry.name.startswith("."):
                entry.unlink(missing_ok=True)
        return
    shutil.rmtree(previous, ignore_errors=True)


def note_changes(root: str | Path, meeting_ids) -> None:
    """While a rebuild runs, note meetings written to the index it is about to replace."""
    try:
        descriptor = os.open(Path(root) / PENDING, os.O_WRONLY | os.O_APPEND)
    except OSError:
        return  # no rebuild running
    with os.fdopen(descriptor, "a") as pending:
        pending.write("".join(f"{pk}\n" for pk in meeting_ids))


@contextlib.contextmanager
def noting_changes(root: str | Path):
    """Collect `note_changes` for the block; yields a function that reads and stops them."""
    path = Path(root) / PENDING
    path.write_text("")

    def collected() -> set[int]:
        text = path.read_text()
        path.unlink(missing_ok=True)
        return {int(line) for line in text.split()}

    try:
        yield collected
    finally:
        path.unlink(missing_ok=True)


def report_damage(root: str | Path, reason: str) -> None:
    """Tell the index worker that reading the index failed (it checks within a minute)."""
    # Written whole and renamed into place: the worker never reads a half-written report.
    with contextlib.suppress(OSError):
        draft = Path(root) / f"{DAMAGE_REPORT}-{uuid.uuid4().hex}"
        draft.write_text(reason[:1000] + "\n")
        os.replace(draft, Path(root) / DAMAGE_REPORT)


def take_damage_report(root: str | Path) -> str | None:
    """The reason a process reported damage, if one did; the report is removed."""
    path = Path(root) / DAMAGE_REPORT
    try:
        reason = path.read_text().strip()
    except OSError:
        return None
    path.unlink(missing_ok=True)
    return reason


def stale_builds(root: str | Path) -> list[Path]:
    """Build folders that are not live: left by a rebuild that was stopped."""
    root, live = Path(root), live_folder(root)
    return [entry for entry in root.glob(f"{BUILD_PREFIX}*") if entry.is_dir() and entry != live]


def discard(folder: Path) -> None:
    """Delete a rebuild that failed."""
    with contextlib.suppress(OSError):
        shutil.rmtree(folder)
