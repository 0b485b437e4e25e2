"""Report drift between the search index and the database; `--repair` queues the fixes."""

from django.core.management.base import BaseCommand
from haystack import connections
from haystack.constants import DEFAULT_ALIAS
from haystack.query import SearchQuerySet

from meetings.search.contract import ParleyBackend
from meetings.search.upkeep import tasks
from meetings.search.upkeep.indexing import turn_index
from meetings.search_indexes import document_fingerprint

PAGE = 1000


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
        index = turn_index(using)
        indexed = self._indexed(using)  # turn pk -> (meeting pk, fingerprint)
        expected = {}
        queryset = index.index_queryset(using=using)
        if quick:
            for pk, meeting_id in queryset.values_list("pk", "meeting_id").iterator(PAGE):
                expected[pk] = (meeting_id, None)
        else:
            for turn in queryset.iterator(chunk_size=PAGE):
                data = index.full_prepare(turn)
                expected[turn.pk] = (turn.meeting_id, document_fingerprint(data))

        missing = expected.keys() - indexed.keys()
        extra = indexed.keys() - expected.keys()
        stale = set()
        if not quick:
            stale = {
                pk for pk in expected.keys() & indexed.keys() if expected[pk][1] != indexed[pk][1]
            }
        self.stdout.write(
            f"Database: {len(expected)} published turns. Index: {len(indexed)} documents.\n"
            f"Missing from the index: {len(missing)}. Not in the database: {len(extra)}."
            + ("" if quick else f" Out of date: {len(stale)}.")
        )
        meetings = {expected[pk][0] for pk in missing | stale} | {indexed[pk][0] for pk in extra}
        if not meetings:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        self.stdout.write(f"Meetings that drifted: {len(meetings)}.")
        if repair:
            tasks.reindex_meetings.enqueue(sorted(meetings))
            self.stdout.write(self.style.SUCCESS(f"Queued a reindex of {len(meetings)} meetings."))
        else:
            self.stdout.write("Run with --repair to fix it.")

    def _indexed(self, using) -> dict[int, tuple[int, str]]:
        backend = connections[using].get_backend()
        if isinstance(backend, ParleyBackend):
            columns = backend.indexed_columns(["django_id", "meeting", "fingerprint"])
            return {int(pk): (int(meeting), fingerprint) for pk, meeting, fingerprint in columns}
        indexed, start = {}, 0
        sqs = SearchQuerySet(using=using).order_by("meeting", "sequence")
        while True:
            page = list(sqs[start : start + PAGE])
            for result in page:
                fingerprint = getattr(result, "fingerprint", None)
                indexed[int(result.pk)] = (int(result.meeting), fingerprint)
            if len(page) < PAGE:
                return indexed
            start += PAGE
