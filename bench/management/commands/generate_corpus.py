"""Fill the database with synthetic meetings for benchmarks, or remove them again."""

import datetime
import time
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from bench.corpus import SLUG_PREFIX, SOURCE_NAME, CorpusGenerator, leaders
from meetings.models import (
    Meeting,
    MeetingChange,
    Participation,
    Person,
    PersonAlias,
    RemovedTurn,
    Turn,
    default_sort_name,
)
from meetings.search.upkeep import indexing
from meetings.text import ascii_slug, name_key, unique_slug

# Meetings written per transaction; their turns go in batches of TURN_BATCH rows.
MEETING_BATCH = 2000
TURN_BATCH = 5000


class Command(BaseCommand):
    help = (
        f"Generate synthetic published meetings (source name `{SOURCE_NAME}`) with a given "
        "number of speaker turns, or delete them all. The search index is not updated: run "
        "`rebuild_index` afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--turns", type=int, help="how many speaker turns to generate")
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same corpus")
        parser.add_argument(
            "--delete",
            action="store_true",
            help=f"delete every `{SOURCE_NAME}` meeting and the generated people",
        )
        parser.add_argument(
            "--keep-index",
            action="store_true",
            help="with --delete, leave their documents in the search index (about to rebuild)",
        )

    def handle(self, *args, turns=None, seed=1, delete=False, keep_index=False, **options):
        if delete:
            self._delete(keep_index)
            if not turns:
                return
        if not turns or turns < 1:
            raise CommandError("Give --turns N (N ≥ 1), or --delete.")
        started = time.monotonic()
        people = self._people()
        made_meetings = made_turns = 0
        batch = []
        for plan in CorpusGenerator(seed).meetings(turns):
            batch.append(plan)
            if len(batch) == MEETING_BATCH:
                made_turns += self._write(batch, people)
                made_meetings += len(batch)
                batch = []
                self._progress(made_turns, turns, started)
        if batch:
            made_turns += self._write(batch, people)
            made_meetings += len(batch)
        # A bulk load leaves the planner's statistics stale: PostgreSQL then estimates a
        # handful of meetings and picks plans that take seconds instead of milliseconds.
        with connection.cursor() as cursor:
            for model in (Person, Meeting, Participation, Turn):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        self.stdout.write(
            f"Generated {made_meetings} meetings with {made_turns} turns "
            f"in {time.monotonic() - started:.1f} s (seed {seed}). "
            "Run `manage.py rebuild_index` to search them."
        )

    def _progress(self, done, total, started):
        if self.verbosity >= 2 or (self.verbosity >= 1 and total >= 100_000):
            rate = done / max(time.monotonic() - started, 1e-9)
            self.stderr.write(f"  {done}/{total} turns ({rate:,.0f}/s)")

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)

    def _people(self) -> dict[str, Person]:
        pool = leaders()
        existing = Person.objects.in_bulk([leader.slug for leader in pool], field_name="slug")
        missing = [
            Person(
                name=leader.name,
                slug=leader.slug,
                sort_name=default_sort_name(leader.name),
                name_key=name_key(leader.name),
                country=leader.country,
            )
            for leader in pool
            if leader.slug not in existing
        ]
        Person.objects.bulk_create(missing, batch_size=1000)
        return Person.objects.in_bulk([leader.slug for leader in pool], field_name="slug")

    @transaction.atomic
    def _write(self, plans, people) -> int:
        meetings = []
        taken: dict[datetime.date, set[str]] = defaultdict(set)
        days = Meeting.objects.filter(date__in={plan.date for plan in plans})
        for day, used in days.values_list("date", "slug"):
            taken[day].add(used)
        for plan in plans:
            slug = unique_slug(ascii_slug(plan.title) or "meeting", taken[plan.date])
            taken[plan.date].add(slug)
            meetings.append(
                Meeting(
                    title=plan.title,
                    slug=slug,
                    date=plan.date,
                    place=plan.place,
                    summary=plan.summary,
                    kind=plan.kind,
                    source_name=SOURCE_NAME,
                    status=Meeting.Status.PUBLISHED,
                )
            )
        Meeting.objects.bulk_create(meetings, batch_size=1000)
        participations, turns = [], []
        for meeting, plan in zip(meetings, plans, strict=True):
            for order, leader in enumerate(plan.participants):
                participations.append(
                    Participation(
                        meeting=meeting,
                        person=people[leader.slug],
                        role=leader.role,
                        country=leader.country,
                        order=order,
                    )
                )
            for sequence, (speaker, label, text) in enumerate(plan.turns, start=1):
                turns.append(
                    Turn(
                        meeting=meeting,
                        sequence=sequence,
                        speaker=people[speaker.slug] if speaker else None,
                        label=label,
                        text=text,
                    )
                )
        Participation.objects.bulk_create(participations, batch_size=TURN_BATCH)
        Turn.objects.bulk_create(turns, batch_size=TURN_BATCH)
        return len(turns)

    def _delete(self, keep_index):
        meetings = Meeting.objects.filter(source_name=SOURCE_NAME)
        turn_ids = (
            []
            if keep_index
            else list(Turn.objects.filter(meeting__in=meetings).values_list("pk", flat=True))
        )
        # Raw deletes: Django would load every row to send the per-row delete signals, and
        # those would queue a reindex of every meeting.
        meeting_ids = f"SELECT id FROM {Meeting._meta.db_table} WHERE source_name = %s"  # noqa: S608
        people = f"SELECT id FROM {Person._meta.db_table} WHERE slug LIKE %s"  # noqa: S608
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {Turn._meta.db_table} WHERE meeting_id IN ({meeting_ids})",  # noqa: S608
                [SOURCE_NAME],
            )
            deleted_turns = cursor.rowcount
            # Participations, and the records of edits to generated meetings (benchmarks).
            for model in (Participation, RemovedTurn, MeetingChange):
                cursor.execute(
                    f"DELETE FROM {model._meta.db_table} WHERE meeting_id IN ({meeting_ids})",  # noqa: S608
                    [SOURCE_NAME],
                )
            cursor.execute(
                f"DELETE FROM {Meeting._meta.db_table} WHERE source_name = %s",  # noqa: S608
                [SOURCE_NAME],
            )
            deleted_meetings = cursor.rowcount
            # Generated people go too, unless a real meeting still names them.
            cursor.execute(
                f"DELETE FROM {PersonAlias._meta.db_table} WHERE person_id IN ({people})"  # noqa: S608
                f" AND person_id NOT IN (SELECT person_id FROM {Participation._meta.db_table})"
                f" AND person_id NOT IN (SELECT speaker_id FROM {Turn._meta.db_table}"
                " WHERE speaker_id IS NOT NULL)",
                [SLUG_PREFIX + "%"],
            )
            _, deleted = (
                Person.objects.filter(slug__startswith=SLUG_PREFIX)
                .filter(participations__isnull=True, turns__isnull=True)
                .delete()
            )
            deleted_people = deleted.get(Person._meta.label, 0)
        if turn_ids:
            indexing.remove_turns(turn_ids)
        self.stdout.write(
            f"Deleted {deleted_meetings} synthetic meetings, {deleted_turns} turns "
            f"and {deleted_people} generated people."
        )
