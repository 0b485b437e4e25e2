"""Recording changes to a meeting: one `MeetingChange` per save, re-import or revert.

Every write to a meeting that already exists runs inside `recording(...)`, in a transaction.
The block locks the meeting's row, so changes to one meeting happen one at a time, and:

- the history rows (django-simple-history) written inside the block for the meeting, its
  turns and its participations are tagged with the change; before the first change of a
  meeting, a baseline row is written for each of its rows that has none, so every change has
  a "before";
- the meeting is read before and after (a light snapshot: fields, participants, and each
  turn's number, place, speaker and a hash of its text) and the difference becomes the
  change's `summary`; a block that changed nothing leaves no change behind;
- a change to a published meeting that readers can see is marked `public`: a correction.

The latest change of a meeting is what the admin's optimistic locking compares against.
"""

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import MD5
from django.utils import timezone

from .models import PUBLIC_FIELDS, Meeting, MeetingChange, Participation, Turn

# The meeting fields a change is about (the rest are timestamps and the raw text itself,
# whose fingerprint stands for it).
TRACKED_FIELDS = [*PUBLIC_FIELDS, "slug", "status", "raw_text_sha256"]

_current: contextvars.ContextVar[MeetingChange | None] = contextvars.ContextVar(
    "meeting_change", default=None
)


@dataclass
class Snapshot:
    published: bool
    fields: dict
    participants: set[tuple] = field(default_factory=set)
    # number -> (position, speaker_id, label, marker, text hash)
    turns: dict[int, tuple] = field(default_factory=dict)


def current() -> MeetingChange | None:
    """The change being recorded in this context, if any."""
    return _current.get()


@contextlib.contextmanager
def recording(
    *, meeting_id: int, kind: str, editor=None, reverts: MeetingChange | None = None
) -> Iterator[MeetingChange]:
    """Record what the block writes to the meeting as one change (see the module docstring).

    Nested blocks for the same meeting are part of the outer change.
    """
    active = _current.get()
    if active is not None and active.meeting_id == meeting_id:
        yield active
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A change to a meeting must be recorded inside a transaction.")
    Meeting.objects.select_for_update().filter(pk=meeting_id).values_list("pk").get()
    _write_baseline(meeting_id)
    before = snapshot(meeting_id)
    change = MeetingChange.objects.create(
        meeting_id=meeting_id,
        kind=kind,
        editor=editor if editor is not None and editor.is_authenticated else None,
        reverts=reverts,
    )
    token = _current.set(change)
    try:
        yield change
    finally:
        _current.reset(token)
    summary = summarise(before, snapshot(meeting_id))
    if not summary:
        for model in (Meeting, Turn, Participation):
            model.history.model.objects.filter(change=change).delete()
        change.delete()
        change.pk = None
        return
    change.summary = summary
    change.made_at = timezone.now()
    change.public = before.published and bool(change.items)
    change.save(update_fields=["summary", "made_at", "public"])


def latest_change_id(meeting_id: int) -> int:
    """The id of the meeting's latest change, 0 if it has none (the optimistic lock); the
    change being recorded, if any, does not count."""
    changes = MeetingChange.objects.filter(meeting_id=meeting_id)
    active = _current.get()
    if active is not None:
        changes = changes.exclude(pk=active.pk)
    return changes.order_by("-id").values_list("id", flat=True).first() or 0


def snapshot(meeting_id: int) -> Snapshot:
    values = Meeting.objects.filter(pk=meeting_id).values("status", *TRACKED_FIELDS).get()
    participants = set(
        Participation.objects.filter(meeting_id=meeting_id).values_list(
            "person_id", "role", "country", "order"
        )
    )
    turns = (
        Turn.objects.filter(meeting_id=meeting_id)
        .order_by()
        .values_list("sequence", "position", "speaker_id", "label", "marker", MD5("text"))
    )
    return Snapshot(
        published=values["status"] == Meeting.Status.PUBLISHED,
        fields=values,
        participants=participants,
        turns={number: tuple(rest) for number, *rest in turns},
    )


def summarise(before: Snapshot, after: Snapshot) -> dict:
    """What changed between two snapshots, as stored in `MeetingChange.summary`."""
    summary: dict = {}
    fields = [name for name in TRACKED_FIELDS if before.fields[name] != after.fields[name]]
    if fields:
        summary["fields"] = fields
    if before.participants != after.participants:
        summary["participants"] = True
    added = sorted(after.turns.keys() - before.turns.keys())
    removed = sorted(before.turns.keys() - after.turns.keys())
    kept = before.turns.keys() & after.turns.keys()
    edited = sorted(n for n in kept if before.turns[n][1:] != after.turns[n][1:])
    for key, numbers in (("added", added), ("edited", edited), ("removed", removed)):
        if numbers:
            summary[key] = numbers
    order_before = sorted(kept, key=lambda n: before.turns[n][0])
    order_after = sorted(kept, key=lambda n: after.turns[n][0])
    if order_before != order_after:
        summary["reordered"] = True
    return summary


def _write_baseline(meeting_id: int) -> None:
    """Give each row of the meeting that has no history row one, showing it as it is now."""
    reason = "as it was before its first recorded change"
    for model, rows in (
        (Meeting, Meeting.objects.filter(pk=meeting_id).defer("raw_text")),
        (Turn, Turn.objects.filter(meeting_id=meeting_id)),
        (Participation, Participation.objects.filter(meeting_id=meeting_id)),
    ):
        history = model.history.model
        missing = rows.exclude(Exists(history.objects.filter(id=OuterRef("pk")))).order_by()
        batch = list(missing)
        if batch:
            model.history.bulk_history_create(batch, batch_size=1000, default_change_reason=reason)


def tag_history_row(sender, history_instance, instance, **kwargs) -> None:
    """Tag a history row written inside `recording` with its change (and its editor)."""
    change = _current.get()
    if change is None:
        return
    meeting_id = instance.pk if isinstance(instance, Meeting) else instance.meeting_id
    if meeting_id != change.meeting_id:
        return
    history_instance.change = change
    if history_instance.history_user_id is None and change.editor_id is not None:
        history_instance.history_user_id = change.editor_id


def history_attrs(change: MeetingChange) -> dict:
    """What bulk history writes inside `recording` need: the user and the change tag."""
    return {
        "default_user": change.editor,
        "custom_historical_attrs": {"change": change},
    }


@dataclass
class RowChange:
    """One row's part in a change: its state before (None: created) and after (None:
    deleted), as history rows."""

    before: object | None
    after: object | None

    @property
    def created(self) -> bool:
        return self.before is None or self.before.history_type == "-"

    @property
    def deleted(self) -> bool:
        return self.after is not None and self.after.history_type == "-"

    def differences(self, names: list[str]) -> list[tuple[str, object, object]]:
        """(field, before, after) for each of `names` that the change altered."""
        if self.created or self.deleted:
            return []
        return [
            (name, getattr(self.before, name), getattr(self.after, name))
            for name in names
            if getattr(self.before, name) != getattr(self.after, name)
        ]


def row_changes(change: MeetingChange, model, limit: int | None = None) -> list[RowChange]:
    """What `change` did to each row of `model` (Meeting, Turn or Participation), in the
    order the rows were first touched; two queries whatever the number of rows."""
    history = model.history.model
    rows = list(
        history.objects.filter(change=change)
        .annotate(
            previous=Subquery(
                history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
                .order_by("-history_id")
                .values("history_id")[:1]
            )
        )
        .order_by("history_id")
    )
    first: dict[int, object] = {}
    last: dict[int, object] = {}
    for row in rows:
        first.setdefault(row.id, row)
        last[row.id] = row
    ids = list(first)[:limit] if limit else list(first)
    earlier = {
        row.history_id: row
        for row in history.objects.filter(
            history_id__in=[first[pk].previous for pk in ids if first[pk].previous]
        )
    }
    return [RowChange(before=earlier.get(first[pk].previous), after=last[pk]) for pk in ids]
