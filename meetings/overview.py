"""Archive figures: totals, meetings per year, meeting counts, sources, each leader's summary.

Each of these reads a large part of the archive (counting a million turns takes most of a
second; the busiest leader's counterparts, 150 ms), yet changes only when an editor saves
something. So they are kept in Django's cache (files shared by the web workers) for
`FIGURES_TIMEOUT` seconds, and dropped, by moving to a new generation of keys, as soon as a
meeting, participation, turn or person is saved or deleted. The same moment gives the
public pages their validators for conditional GET (`version`, `changed_at`).
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Min
from django.db.models.signals import post_delete, post_save

from .models import Meeting, Participation, Person, PersonAlias, Turn, country_name

FIGURES_TIMEOUT = 300
_GENERATION_KEY = "overview:generation"
_CHANGED_AT_KEY = "overview:changed_at"


def generation() -> int:
    """Changes whenever the archive does: part of the key of anything drawn from figures."""
    return cache.get_or_set(_GENERATION_KEY, 1, None)


def _cached(name, compute):
    return cache.get_or_set(f"overview:{generation()}:{name}", compute, FIGURES_TIMEOUT)


def cached(name: str, compute):
    """`compute()`'s value, kept like the figures: for other modules' archive-wide maps."""
    return _cached(name, compute)


def forget() -> None:
    """Drop every cached figure (a new generation of keys; old ones expire)."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, None)
    cache.set(_CHANGED_AT_KEY, time.time(), None)


def changed_at() -> float:
    """When the archive last changed (Unix time) as far as the cache knows; else from now."""
    return cache.get_or_set(_CHANGED_AT_KEY, time.time, None)


def version() -> str:
    """A value that changes whenever the archive does (the time alone could repeat)."""
    return f"{generation()}-{changed_at():.6f}"


def totals() -> dict:
    """`{"meetings", "leaders", "turns"}` of the published archive."""

    def compute():
        published = Meeting.objects.published()
        return {
            "meetings": published.count(),
            "leaders": Person.objects.public().count(),
            "turns": Turn.objects.filter(meeting__status=Meeting.Status.PUBLISHED).count(),
        }

    return _cached("totals", compute)


def meetings_per_year() -> list[dict]:
    """Rows of `{"year", "count"}` of published meetings, oldest year first."""
    return _cached("years", lambda: list(Meeting.objects.published().count_by_year()))


def meeting_counts() -> dict[int, int]:
    """Published meetings per person id, for everyone who took part in one."""

    def compute():
        people = Person.objects.with_meeting_counts().filter(meeting_count__gt=0)
        return dict(people.values_list("pk", "meeting_count"))

    return _cached("meeting_counts", compute)


def leaders_by_meetings(limit: int) -> list[Person]:
    """The `limit` people with the most published meetings, with `meeting_count` set."""

    def compute():
        counts = meeting_counts()
        people = Person.objects.filter(pk__in=list(counts)).only("name", "slug", "sort_name")
        ranked = sorted(people, key=lambda person: (-counts[person.pk], person.sort_name))
        return with_counts(ranked[:limit])

    return _cached(f"leaders:{limit}", compute)


def with_counts(people):
    """Set `meeting_count` on each person from the cached counts; returns the list."""
    counts = meeting_counts()
    people = list(people)
    for person in people:
        person.meeting_count = counts.get(person.pk, 0)
    return people


def countries_by_meetings() -> list[dict]:
    """Countries with their meeting and leader counts, most meetings first."""

    def compute():
        rows = Participation.objects.published().country_counts()
        countries = [
            {**row, "name": country_name(row["code"]), "slug": row["code"].lower()} for row in rows
        ]
        return sorted(countries, key=lambda country: (-country["meetings"], country["name"]))

    return _cached("countries", compute)


def person_summary(person: Person, counterparts: int) -> dict:
    """A leader's published meetings: `count`, `per_year` rows, `roles`, top `counterparts`."""

    def compute():
        meetings = Meeting.objects.published().with_person(person)
        return {
            "count": meetings.count(),
            "per_year": list(meetings.count_by_year()),
            "roles": list(Participation.objects.published().filter(person=person).role_history()),
            "counterparts": list(Person.objects.counterparts_of(person)[:counterparts]),
        }

    return _cached(f"person:{person.pk}:{counterparts}", compute)


def sources() -> list[dict]:
    """Publishers of the published meetings, most meetings first.

    Rows of `{"name", "host", "meetings", "first", "last" (years), "licence"}`: meetings
    are grouped by source name (the host of one of their addresses stands in for a
    missing name), and the licence is the one their meeting pages state, if any.
    """

    def compute():
        rows = (
            Meeting.objects.published()
            .values("source_name")
            .annotate(
                meetings=Count("id"),
                first=Min("date"),
                last=Max("date"),
                address=Max("source_url"),
            )
            .order_by("-meetings", "source_name")
        )
        found = []
        for row in rows:
            example = Meeting(source_name=row["source_name"], source_url=row["address"] or "")
            found.append(
                {
                    "name": row["source_name"] or example.source_host,
                    "host": example.source_host,
                    "meetings": row["meetings"],
                    "first": row["first"].year,
                    "last": row["last"].year,
                    "licence": example.source_licence,
                }
            )
        return found

    return _cached("sources", compute)


def _changed(sender, **kwargs):
    forget()
    # Again once the change is committed: a page read in between, from the old data, must
    # not carry the new version, or browsers would keep it as current.
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        callback is forget for _, callback, _ in connection.run_on_commit
    ):
        transaction.on_commit(forget)


def connect() -> None:
    for signal in (post_save, post_delete):
        for model in (Meeting, Participation, Turn, Person, PersonAlias):
            signal.connect(_changed, sender=model, dispatch_uid=f"overview-{model.__name__}")
