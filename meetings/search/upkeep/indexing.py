"""Keeping the search index true to the database.

Other code calls `schedule_meeting_reindex` and `schedule_person_reindex`. Requests made
during a transaction are collected and, once it commits, sent to the task queue as one
task per kind, so a thousand turn saves cost one reindex of their meeting. The task worker
is the index's single writer; `sync_meetings` is what it runs.
"""

import contextlib
import threading
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import QuerySet
from haystack import connections
from haystack.constants import DEFAULT_ALIAS
from haystack.query import SearchQuerySet
from haystack.utils import get_model_ct

from ...models import Participation, Turn
from ..contract import ParleyBackend
from ..engines import folders

# Meetings read and written per index commit.
MEETINGS_PER_BATCH = 50
# Turns read, prepared and written per index commit: the worker's memory stays bounded
# whatever the size of a meeting.
TURNS_PER_CHUNK = 500
# Hits read per search when listing a batch's indexed turns.
IDS_PER_PAGE = 1000

_pending = threading.local()


def schedule_meeting_reindex(meeting_id: int) -> None:
    """After commit, make the index match the database for this meeting's turns."""
    _schedule("meetings", meeting_id)


def schedule_person_reindex(person_id: int) -> None:
    """After commit, reindex every meeting where this person speaks or takes part."""
    _schedule("people", person_id)


def _pending_ids() -> dict[str, set[int]]:
    if not hasattr(_pending, "ids"):
        _pending.ids = {"meetings": set(), "people": set()}
    return _pending.ids


def _schedule(kind: str, pk: int) -> None:
    _pending_ids()[kind].add(int(pk))
    # One callback per call: a callback registered inside a savepoint that rolls back is
    # dropped, so relying on a single one could lose work. Every callback after the first
    # finds nothing left to send.
    transaction.on_commit(_send_pending)


@contextlib.contextmanager
def deferred():
    """Hold index work back until the block ends, then send it as one task (bulk imports)."""
    _pending.depth = getattr(_pending, "depth", 0) + 1
    try:
        yield
    finally:
        _pending.depth -= 1
        if not _pending.depth:
            transaction.on_commit(_send_pending)


def _send_pending() -> None:
    from . import tasks

    if getattr(_pending, "depth", 0):
        return
    pending = _pending_ids()
    meeting_ids, person_ids = sorted(pending["meetings"]), sorted(pending["people"])
    pending["meetings"].clear()
    pending["people"].clear()
    if meeting_ids:
        tasks.enqueue_once(tasks.reindex_meetings, meeting_ids)
    if person_ids:
        tasks.enqueue_once(tasks.reindex_people, person_ids)


def report_unreadable(reason: str, using: str = DEFAULT_ALIAS) -> None:
    """A search could not read the index: ask the worker to check (and rebuild) it."""
    backend = connections[using].get_backend()
    if isinstance(backend, ParleyBackend):
        folders.report_damage(backend.root, reason)


def turn_index(using: str = DEFAULT_ALIAS):
    return connections[using].get_unified_index().get_index(Turn)


def sync_meetings(meeting_ids: Iterable[int], using: str = DEFAULT_ALIAS) -> int:
    """Index the published turns of these meetings and drop every other document of theirs.

    Returns the number of turns indexed.
    """
    index = turn_index(using)
    backend = connections[using].get_backend()
    ids = sorted(set(meeting_ids))
    parley = isinstance(backend, ParleyBackend)
    if parley:
        folders.note_changes(backend.root, ids)
    indexed = 0
    for start in range(0, len(ids), MEETINGS_PER_BATCH):
        batch = ids[start : start + MEETINGS_PER_BATCH]
        kept: set[int] = set()
        queryset = index.index_queryset(using=using).filter(meeting_id__in=batch)
        for turns in turn_chunks(queryset, TURNS_PER_CHUNK):
            if parley:
                # Merging after every chunk rewrote a 20,000-turn meeting's segments forty
                # times over; they are merged once, below.
                backend.update(index, turns, merge=False)
            else:
                backend.update(index, turns)
            kept.update(turn.pk for turn in turns)
        stale = indexed_turn_ids(using, meeting__in=batch) - kept
        if stale:
            remove_turns(stale, using)
        if parley and kept:
            backend.merge_segments()
        indexed += len(kept)
    return indexed


def turn_chunks(queryset: QuerySet, size: int) -> Iterator[list[Turn]]:
    """The queryset's turns in lists of at most `size`, read in primary key order.

    Each list is its own query (`pk > last`), so the worker holds one chunk of a 20,000-turn
    meeting at a time, never the whole meeting, and no cursor stays open between writes.
    """
    queryset = queryset.order_by("pk")
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last)[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def sync_people(person_ids: Iterable[int], using: str = DEFAULT_ALIAS) -> int:
    person_ids = list(person_ids)
    meeting_ids = set(
        Turn.objects.filter(speaker_id__in=person_ids).values_list("meeting_id", flat=True)
    ) | set(
        Participation.objects.filter(person_id__in=person_ids).values_list("meeting_id", flat=True)
    )
    return sync_meetings(meeting_ids, using)


def meeting_in_index(meeting_id: int, using: str = DEFAULT_ALIAS) -> bool:
    """Whether the index holds exactly this meeting's published turns (by id, not content)."""
    queryset = turn_index(using).index_queryset(using=using).filter(meeting_id=meeting_id)
    expected = set(queryset.values_list("pk", flat=True))
    return indexed_turn_ids(using, meeting=meeting_id) == expected


def indexed_turn_ids(using: str = DEFAULT_ALIAS, **filters) -> set[int]:
    """The pks of the indexed turns matching `filters`, read a page of hits at a time.

    A hit carries its whole stored document (the turn's text): reading a 20,000-turn
    meeting's hits at once cost the worker 100 MB.
    """
    sqs = SearchQuerySet(using=using).filter(**filters)
    ids: set[int] = set()
    start = 0
    while True:
        query = sqs.query._clone()
        # The same query on an unchanged index ranks its hits the same way every time.
        query.set_limits(start, start + IDS_PER_PAGE)
        page = query.get_results()
        ids.update(int(result.pk) for result in page)
        if len(page) < IDS_PER_PAGE:
            return ids
        start += IDS_PER_PAGE


def remove_turns(turn_ids: Iterable[int], using: str = DEFAULT_ALIAS) -> None:
    backend = connections[using].get_backend()
    identifiers = [f"{get_model_ct(Turn)}.{pk}" for pk in turn_ids]
    if isinstance(backend, ParleyBackend):
        backend.remove_many(identifiers)
    else:
        for identifier in identifiers:
            backend.remove(identifier)
