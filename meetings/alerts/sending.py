"""`alerts_send`: the digests of the alerts that are due, each statement sent once.

A run works alert by alert. For each, one transaction locks the alert, finds the statements
new to it that its search matches, writes a digest listing them (AlertDelivery rows, unique
per alert and statement) and moves the alert's watermark; only then is the digest mailed and
marked sent. So a run killed at any point loses nothing and repeats nothing: an alert whose
transaction did not commit is found again, whole, by the next run; a digest written but not
sent is sent by the next run before anything else. (The one gap a database cannot close is a
kill between the mail server's acceptance and the `sent_at` write: that digest goes again,
with the same Message-ID, which mail programs show once.)

Statements are found by the search engine, through `results.matching` like the search page,
restricted to the meetings that have new statements; the watermark only passes statements
the index already holds, so a run that comes before the index worker has caught up leaves
them for the next run.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from haystack.constants import DEFAULT_ALIAS

from ..models import Meeting, Turn
from ..search.query import parse_query
from ..search.results import Filters, matching
from . import mail
from .models import Alert, AlertDelivery, AlertDigest

logger = logging.getLogger(__name__)

# Statements one digest lists at most; the rest wait for the next digest.
DIGEST_LIMIT = 100
# A digest is due a little before a whole day or week has passed, so that a daily run at a
# fixed hour does not skip a day when the previous run ended a minute later.
DUE_AFTER = {
    Alert.Frequency.DAILY: datetime.timedelta(hours=23),
    Alert.Frequency.WEEKLY: datetime.timedelta(days=6, hours=23),
}


@dataclass
class Outcome:
    alerts: int = 0
    sent: list[int] = field(default_factory=list)  # digest ids
    statements: int = 0
    expired: int = 0


def alerts_send(
    *, now: datetime.datetime | None = None, using: str = DEFAULT_ALIAS, connection=None
) -> Outcome:
    """Send every digest that is due; safe to run again at any time, or after a kill."""
    now = now or timezone.now()
    outcome = Outcome()
    outcome.expired = _forget_unconfirmed(now)
    for digest in AlertDigest.objects.filter(sent_at__isnull=True).select_related("alert"):
        _deliver(digest, outcome, connection)  # left by a run that stopped half-way

    top = indexed_top(using=using)
    due = (
        Alert.objects.filter(_due(now), confirmed_at__isnull=False, watermark__lt=top)
        .order_by("pk")
        .only("pk", "query", "speakers", "country", "kind", "watermark")
    )
    # Alerts that follow the same search from the same watermark share one engine query.
    groups: dict[tuple, list[int]] = {}
    for alert in due.iterator(chunk_size=2000):
        key = (alert.query, tuple(alert.speakers), alert.country, alert.kind, alert.watermark)
        groups.setdefault(key, []).append(alert.pk)
    new_meetings: dict[int, list[int]] = {}  # by watermark: most alerts share one or two
    quiet: list[int] = []
    for (query, speakers, country, kind, watermark), ids in groups.items():
        outcome.alerts += len(ids)
        if watermark not in new_meetings:
            new_meetings[watermark] = meetings_with_new_turns(watermark, top)
        example = Alert(
            query=query, speakers=list(speakers), country=country, kind=kind, watermark=watermark
        )
        found = new_matches(example, top, using=using, meetings=new_meetings[watermark])
        if not found:
            quiet += ids
            continue
        for alert_id in ids:
            digest = _collect(alert_id, top, now, found)
            if digest is not None:
                _deliver(digest, outcome, connection)
    # Nothing new for these: move them on in a few statements instead of one per alert.
    for start in range(0, len(quiet), 5000):
        Alert.objects.filter(
            _due(now), pk__in=quiet[start : start + 5000], watermark__lt=top
        ).update(watermark=top, last_run_at=now)
    return outcome


def _due(now: datetime.datetime) -> Q:
    """Alerts whose day or week has passed since their last run (or never run)."""
    return (
        Q(last_run_at__isnull=True)
        | Q(
            frequency=Alert.Frequency.DAILY,
            last_run_at__lte=now - DUE_AFTER[Alert.Frequency.DAILY],
        )
        | Q(
            frequency=Alert.Frequency.WEEKLY,
            last_run_at__lte=now - DUE_AFTER[Alert.Frequency.WEEKLY],
        )
    )


def _collect(
    alert_id: int, top: int, now: datetime.datetime, found: list[int]
) -> AlertDigest | None:
    """In one transaction: the alert's new statements (of `found`) as a digest, and its new
    watermark; nothing if another run has taken it or already moved it on."""
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(skip_locked=True)
            .filter(_due(now), pk=alert_id, confirmed_at__isnull=False, watermark__lt=top)
            .first()
        )
        if alert is None:
            return None
        candidates = [pk for pk in found if alert.watermark < pk <= top]
        sent_before = set(
            AlertDelivery.objects.filter(alert=alert, turn_id__in=candidates).values_list(
                "turn_id", flat=True
            )
        )
        turn_ids = [pk for pk in candidates if pk not in sent_before]
        alert.last_run_at = now
        alert.watermark = top
        if len(turn_ids) > DIGEST_LIMIT:
            # More than a digest holds: the watermark stops before the first left out.
            alert.watermark = turn_ids[DIGEST_LIMIT] - 1
            turn_ids = turn_ids[:DIGEST_LIMIT]
        digest = None
        if turn_ids:
            digest = AlertDigest.objects.create(alert=alert)
            AlertDelivery.objects.bulk_create(
                AlertDelivery(alert=alert, digest=digest, turn_id=pk) for pk in turn_ids
            )
        alert.save(update_fields=["last_run_at", "watermark"])
        return digest


def _deliver(digest: AlertDigest, outcome: Outcome, connection) -> None:
    turns = list(
        Turn.objects.filter(pk__in=digest.deliveries.values("turn_id"))
        .select_related("meeting", "speaker")
        .order_by("meeting__date", "meeting_id", "position")
    )
    message = mail.digest_message(digest, turns, connection=connection)
    message.send()
    # Only this run's own digest: another run may have sent it meanwhile.
    AlertDigest.objects.filter(pk=digest.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    outcome.sent.append(digest.pk)
    outcome.statements += len(turns)


def meetings_with_new_turns(watermark: int, top: int) -> list[int]:
    """The published meetings with turns numbered above `watermark`, up to `top`."""
    return list(
        Turn.objects.filter(pk__gt=watermark, pk__lte=top, meeting__status=Meeting.Status.PUBLISHED)
        .order_by()
        .values_list("meeting_id", flat=True)
        .distinct()
    )


def new_matches(
    alert: Alert, top: int, *, using: str = DEFAULT_ALIAS, meetings: list[int] | None = None
) -> list[int]:
    """Ids of the statements above the alert's watermark (up to `top`) that its search finds."""
    if meetings is None:
        meetings = meetings_with_new_turns(alert.watermark, top)
    if not meetings:
        return []
    query = parse_query(alert.query)
    filters = Filters(speakers=list(alert.speakers), country=alert.country, kind=alert.kind)
    found: list[int] = []
    for chunk in _chunks(meetings, 200):
        sqs = matching(query, filters, using=using).filter(meeting__in=chunk)
        sqs = sqs.order_by("date", "meeting", "sequence")
        found += [int(result.pk) for result in sqs[:1000]]
    return sorted(pk for pk in set(found) if alert.watermark < pk <= top)


def indexed_top(*, using: str = DEFAULT_ALIAS) -> int:
    """The highest turn id up to which every published statement is in the search index.

    The newest meetings are checked (index count against the database's): a meeting the
    index worker has not finished yet stops the watermark before its first statement.
    """
    top = Turn.objects.aggregate(top=Max("pk"))["top"] or 0
    recent = (
        Turn.objects.filter(pk__gt=_lowest_watermark(top), meeting__status="published")
        .values("meeting_id")
        .annotate(first=Min("pk"), turns=Count("pk"))
        .order_by("first")
    )
    for row in recent:
        indexed = (
            matching(parse_query(""), Filters(), using=using)
            .filter(meeting=row["meeting_id"])
            .count()
        )
        if indexed < row["turns"]:
            return row["first"] - 1
    return top


def _lowest_watermark(top: int) -> int:
    lowest = Alert.objects.filter(confirmed_at__isnull=False).aggregate(low=Min("watermark"))
    return lowest["low"] if lowest["low"] is not None else top


def _forget_unconfirmed(now: datetime.datetime) -> int:
    """Delete the alerts whose confirmation link has expired: an address never confirmed."""
    expired = now - datetime.timedelta(days=settings.ALERT_CONFIRM_DAYS)
    deleted, _ = Alert.objects.filter(confirmed_at__isnull=True, created_at__lt=expired).delete()
    return deleted


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
