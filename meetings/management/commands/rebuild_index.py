"""Rebuild the search index from the database: Haystack's `rebuild_index`, made linear in size.

This command extends Haystack's own (`haystack.management.commands.rebuild_index.Command`)
and takes its place under the same name, because `meetings` comes before `haystack` in
INSTALLED_APPS (tests/test_search_commands.py fails if that ever changes). It takes
Haystack's options, with `--optimize` besides, but does the work differently: Haystack's
pages through the database with OFFSET (each page costs more than the one before) and
commits a writer per page; this one reads pages by primary key and hands every document
to a Parley engine's bulk writer (`add_all`). Other engines get Haystack's per-batch
`update`.

A Parley engine's index is rebuilt beside the live one and swapped in when complete
(engines/folders.py), so searches keep answering from the old index throughout. Meetings
written to the old index meanwhile (noted by `indexing.sync_meetings`) are written again
to the new one right after the swap. Other engines are cleared and refilled in place.
"""

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from filelock import FileLock, Timeout
from haystack import connections
from haystack.management.commands import rebuild_index

from meetings.search.contract import ParleyBackend
from meetings.search.engines import folders
from meetings.search.upkeep.indexing import sync_meetings, turn_chunks, turn_index

DEFAULT_BATCH_SIZE = 5000
REBUILD_LOCK = ".rebuild.lock"
# Text analysis runs in this many processes (one segment each) while this one reads turns.
DEFAULT_WORKERS = min(os.cpu_count() or 1, 4)


class Command(rebuild_index.Command):
    help = (
        "Completely rebuild the search index from the database: index every turn into a "
        "new index, then swap it in for the old one."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(workers=DEFAULT_WORKERS)
        parser.add_argument(
            "--optimize",
            action="store_true",
            help="Merge the index into one segment at the end (slower build, same searches).",
        )

    def handle(
        self,
        *args,
        interactive=True,
        using=(),
        batchsize=None,
        workers=DEFAULT_WORKERS,
        optimize=False,
        commit=True,
        verbosity=1,
        **options,
    ):
        """Haystack's `--max-retries` is accepted and unused: a failed write stops the rebuild."""
        if not commit:
            raise CommandError("--nocommit is not supported: a rebuild commits as it goes.")
        aliases = using or list(connections.connections_info)
        if interactive:
            answer = input(
                "This replaces the search index "
                f"({', '.join(aliases)}) with one rebuilt from the database. Continue? [y/N] "
            )
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing changed.")
        for alias in aliases:
            self._rebuild(alias, batchsize, workers, optimize, verbosity)

    def _rebuild(self, alias, batchsize, workers, optimize, verbosity):
        backend = connections[alias].get_backend()
        index = turn_index(alias)
        batch_size = batchsize or getattr(backend, "batch_size", None) or DEFAULT_BATCH_SIZE
        started = time.monotonic()
        total = 0

        def batches():
            nonlocal total
            queryset = index.index_queryset(using=alias)
            for batch in turn_chunks(queryset, batch_size):
                before, total = total, total + len(batch)
                if verbosity >= 2 or (verbosity >= 1 and before // 100_000 != total // 100_000):
                    seconds = time.monotonic() - started
                    self.stdout.write(f"  {total} turns read in {seconds:.0f} s", ending="\n")
                    self.stdout.flush()
                yield batch

        if isinstance(backend, ParleyBackend):
            self._build_and_swap(alias, backend, index, batches, workers, optimize, verbosity)
        else:
            backend.clear()
            for batch in batches():
                backend.update(index, batch)
        seconds = time.monotonic() - started
        if verbosity >= 1:
            self.stdout.write(
                f"Indexed {total} turns into `{alias}` in {seconds:.1f} s "
                f"({total / max(seconds, 1e-9):,.0f} turns/s)."
            )

    def _build_and_swap(self, alias, backend, index, batches, workers, optimize, verbosity):
        root = Path(backend.root)
        root.mkdir(parents=True, exist_ok=True)
        try:
            lock = FileLock(root / REBUILD_LOCK).acquire(timeout=0)
        except Timeout:
            raise CommandError(f"Another rebuild of {root} is running.") from None
        with lock:
            for stale in folders.stale_builds(root):
                folders.discard(stale)
            folder = folders.new_folder(root)
            options = {**connections[alias].options, "PATH": str(folder)}
            builder = type(backend)(alias, **options)
            try:
                with folders.noting_changes(root) as changed_meanwhile:
                    builder.add_all(index, batches(), procs=max(workers, 1), optimize=optimize)
                    builder.close()
                    previous = folders.swap_in(root, folder)
                    changed = changed_meanwhile()
            except BaseException:
                builder.close()
                folders.discard(folder)
                raise
            if changed:
                sync_meetings(changed, alias)
                if verbosity >= 1:
                    self.stdout.write(f"  {len(changed)} meetings changed meanwhile, rewritten.")
            if folders.holds_index(previous):
                # A search that began on the old index may still be reading its files.
                time.sleep(settings.SEARCH_SWAP_GRACE_SECONDS)
                folders.remove_old(root, previous)
