"""Rebuild the search index from the database: Haystack's command, made linear in size.

Haystack's own `rebuild_index` pages through the database with OFFSET (each page costs
more than the one before) and commits a writer per page. This one reads pages by primary
key and adds every document with one writer, which the engine commits once at the end.
Engines without a bulk writer get Haystack's per-batch `update`.
"""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from haystack import connections

from meetings.search.indexing import turn_index

DEFAULT_BATCH_SIZE = 5000
# Text analysis runs in this many processes (one segment each) while this one reads turns.
DEFAULT_WORKERS = min(os.cpu_count() or 1, 4)


class Command(BaseCommand):
    help = "Completely rebuild the search index: remove every document, then index every turn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput",
            action="store_false",
            dest="interactive",
            default=True,
            help="Do not ask for confirmation before the index is wiped.",
        )
        parser.add_argument(
            "-u",
            "--using",
            action="append",
            default=[],
            help="Rebuild only the named Haystack connection (repeatable); default: all.",
        )
        parser.add_argument(
            "-b", "--batch-size", dest="batchsize", type=int, help="Turns read per query."
        )
        parser.add_argument(
            "-k",
            "--workers",
            default=DEFAULT_WORKERS,
            type=int,
            help="Processes analysing text, each writing a segment (Whoosh); with 1, this "
            f"process does it all. Default: {DEFAULT_WORKERS}.",
        )
        parser.add_argument(
            "--optimize",
            action="store_true",
            help="Merge the index into one segment at the end (slower build, same searches).",
        )

    def handle(self, *args, interactive=True, using=(), batchsize=None, workers=DEFAULT_WORKERS,
               optimize=False, verbosity=1, **options):
        aliases = using or list(connections.connections_info)
        if interactive:
            answer = input(
                "This removes every document from the search index "
                f"({', '.join(aliases)}) and rebuilds it. Continue? [y/N] "
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
        backend.clear()
        total = 0

        def batches():
            nonlocal total
            queryset = index.index_queryset(using=alias).order_by("pk")
            last = 0
            while True:
                batch = list(queryset.filter(pk__gt=last)[:batch_size])
                if not batch:
                    return
                last = batch[-1].pk
                before, total = total, total + len(batch)
                if verbosity >= 2 or (verbosity >= 1 and before // 100_000 != total // 100_000):
                    seconds = time.monotonic() - started
                    self.stdout.write(f"  {total} turns read in {seconds:.0f} s", ending="\n")
                    self.stdout.flush()
                yield batch

        if hasattr(backend, "add_all"):
            backend.add_all(index, batches(), procs=workers, optimize=optimize)
        else:
            for batch in batches():
                backend.update(index, batch)
            if optimize and hasattr(backend, "optimize"):
                backend.optimize()
        seconds = time.monotonic() - started
        if verbosity >= 1:
            self.stdout.write(
                f"Indexed {total} turns into `{alias}` in {seconds:.1f} s "
                f"({total / max(seconds, 1e-9):,.0f} turns/s)."
            )
