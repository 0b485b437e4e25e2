"""Writes that span several models. Admin, commands and tests all go through here.

A turn's `sequence` is its permanent public number and `position` its place in the reading
order: every write here keeps a number with its statement, gives a new statement a number the
meeting never used, and leaves a `RemovedTurn` when it removes a statement from a published
meeting. Writes to an existing meeting are recorded as changes (meetings/changes.py).
"""

import bisect
import dataclasses
import datetime
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import changes
from .models import (
    Meeting,
    MeetingChange,
    Participation,
    Person,
    PersonAlias,
    RemovedTurn,
    Turn,
    text_fingerprint,
)
from .parsing import ParsedTranscript, ParseError, Speaker, TranscriptError, parse_transcript
from .resolution import PersonDirectory, Resolution, Resolved
from .search.upkeep import indexing
from .text import ascii_slug, name_key, unique_slug
from .turn_matching import TurnText, match_turns


def turn_speaker_take_part(turn: Turn) -> None:
    """Make a saved turn's speaker a participant of its meeting, if not listed yet."""
    if turn.speaker_id is not None:
        _add_participants(turn.meeting_id, [turn.speaker_id])


def meeting_add_speakers(meeting: Meeting) -> list[Participation]:
    """Make everyone who speaks at `meeting` one of its participants.

    Who took part in a meeting is read from participations alone (leader pages, counts),
    so a speaker an editor did not list is added, after the listed ones, with no role.
    """
    speaking = meeting.turns.exclude(speaker=None).values_list("speaker_id", flat=True)
    return _add_participants(meeting.pk, speaking)


def _add_participants(meeting_id: int, person_ids) -> list[Participation]:
    """Add the people not yet listed at the meeting after those who are, with no role."""
    listed = dict(
        Participation.objects.filter(meeting_id=meeting_id).values_list("person_id", "order")
    )
    missing = sorted(set(person_ids) - set(listed))
    start = max(listed.values(), default=-1) + 1
    added = [
        Participation(meeting_id=meeting_id, person_id=person_id, order=start + n)
        for n, person_id in enumerate(missing)
    ]
    change = changes.current()
    if change is not None and change.meeting_id == meeting_id and added:
        return bulk_create_with_history(added, Participation, **changes.history_attrs(change))
    return Participation.objects.bulk_create(added)


# ---- Turns: permanent numbers, reading order, removals -------------------------------------


def turn_save(*, turn: Turn, position: int | None = None, editor=None) -> Turn:
    """Save one new or edited turn, as one recorded change of its meeting.

    `position` places it in the reading order: before the turn now there, or at the end when
    None (a new turn) or past the last. A new turn gets the meeting's next unused number.
    """
    with (
        transaction.atomic(),
        changes.recording(meeting_id=turn.meeting_id, kind=MeetingChange.Kind.EDIT, editor=editor),
    ):
        if turn.pk is None:
            turn.sequence = Meeting(pk=turn.meeting_id).next_turn_number()
            turn.position = _end_position(turn.meeting_id)
            turn.full_clean(validate_constraints=False)
            turn.save()
        else:
            turn.full_clean(exclude=["position"], validate_constraints=False)
            turn.save()
        if position is not None and position != turn.position:
            _move_turn(turn, position)
        turn_speaker_take_part(turn)
    return turn


def turn_delete(*, turn: Turn, editor=None) -> None:
    """Remove a turn; on a published meeting its number answers with a removal note."""
    with (
        transaction.atomic(),
        changes.recording(meeting_id=turn.meeting_id, kind=MeetingChange.Kind.EDIT, editor=editor),
    ):
        _remove_turns(Meeting.objects.only("status").get(pk=turn.meeting_id), [turn])


def meeting_turns_save(
    *,
    meeting: Meeting,
    order: Sequence[Turn],
    edited: Iterable[Turn],
    deleted: Iterable[Turn],
    editor=None,
    new_meeting: bool = False,
) -> None:
    """Save the turns of the meeting form: `order` is every turn that stays, new ones
    included, in the reading order the editor wants; `edited` those whose words or speaker
    changed; `deleted` those to remove. Part of the form's change when one is recorded; the
    first turns of a `new_meeting` are not a change."""
    with transaction.atomic():
        if new_meeting:
            _save_turns(meeting, order, edited, deleted)
            return
        with changes.recording(meeting_id=meeting.pk, kind=MeetingChange.Kind.EDIT, editor=editor):
            _save_turns(meeting, order, edited, deleted)


def _save_turns(meeting, order, edited, deleted) -> None:
    deleted = [turn for turn in deleted if turn.pk]
    _remove_turns(meeting, deleted)
    _park_positions(meeting.pk)
    edited_pks = {turn.pk for turn in edited if turn.pk}
    next_number = meeting.next_turn_number()
    moved = []
    for position, turn in enumerate(order, start=1):
        turn.position = position
        if turn.pk is None:
            turn.meeting = meeting
            turn.sequence = next_number
            next_number += 1
            turn.save()
        elif turn.pk in edited_pks:
            turn.save()
        else:
            moved.append(turn)
    Turn.objects.bulk_update(moved, ["position"], batch_size=1000)
    meeting_add_speakers(meeting)


def _end_position(meeting_id: int) -> int:
    top = Turn.objects.filter(meeting_id=meeting_id).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def _park_positions(meeting_id: int, *, from_position: int = 1) -> None:
    """Move positions from `from_position` on out of the way, above every position in use.

    PostgreSQL checks a unique constraint row by row, so shifting positions in place could
    collide half-way through one UPDATE; a jump past the largest one never does.
    """
    top = _end_position(meeting_id) - 1
    Turn.objects.filter(meeting_id=meeting_id, position__gte=from_position).update(
        position=F("position") + top + 1_000_000
    )


def _make_room(meeting_id: int, position: int) -> None:
    """Shift the turns at `position` and after one place later."""
    top = _end_position(meeting_id) - 1
    if top < position:
        return
    _park_positions(meeting_id, from_position=position)
    offset = top + 1_000_000
    Turn.objects.filter(meeting_id=meeting_id, position__gt=offset).update(
        position=F("position") - offset + 1
    )


def _move_turn(turn: Turn, position: int) -> None:
    """Put a saved turn before the turn now at `position` (or at the end, past the last)."""
    end = _end_position(turn.meeting_id)
    Turn.objects.filter(pk=turn.pk).update(position=end)  # out of the way
    if position < end:
        _make_room(turn.meeting_id, position)
        turn.position = position
    else:
        turn.position = end
    Turn.objects.filter(pk=turn.pk).update(position=turn.position)


def _remove_turns(meeting: Meeting, turns: Sequence[Turn], when=None) -> None:
    """Delete turns; on a published meeting each leaves a `RemovedTurn` where it stood."""
    if not turns:
        return
    if meeting.status == Meeting.Status.PUBLISHED:
        positions = dict(
            Turn.objects.filter(meeting_id=meeting.pk).values_list("position", "sequence")
        )
        ordered = sorted(positions)
        records = []
        for turn in turns:
            index = bisect.bisect_left(ordered, turn.position)
            follows = positions[ordered[index - 1]] if index else 0
            records.append(
                RemovedTurn(
                    meeting_id=meeting.pk,
                    number=turn.sequence,
                    follows=follows,
                    removed_at=when or timezone.now(),
                    change=changes.current(),
                )
            )
        RemovedTurn.objects.bulk_create(records)
    Turn.objects.filter(pk__in=[turn.pk for turn in turns]).delete()


@transaction.atomic
def person_merge(*, source: Person, target: Person) -> Person:
    """Fold `source` into `target`: turns, participations and aliases move, nothing is lost."""
    if source.pk == target.pk:
        raise ValueError("A person cannot be merged into themselves.")
    source = Person.objects.select_for_update().get(pk=source.pk)
    target = Person.objects.select_for_update().get(pk=target.pk)

    Turn.objects.filter(speaker=source).update(speaker=target)

    target_meetings = dict(
        Participation.objects.filter(person=target).values_list("meeting_id", "pk")
    )
    for participation in Participation.objects.filter(person=source):
        kept_pk = target_meetings.get(participation.meeting_id)
        if kept_pk is None:
            participation.person = target
            participation.save(update_fields=["person"])
            continue
        # Both were at the meeting: keep one row, and keep the role printed for either.
        kept = Participation.objects.get(pk=kept_pk)
        kept.role = kept.role or participation.role
        kept.country = kept.country or participation.country
        kept.save(update_fields=["role", "country"])
        participation.delete()

    known_keys = set(target.aliases.values_list("key", flat=True)) | {name_key(target.name)}
    for alias in source.aliases.all():
        if alias.key in known_keys:
            alias.delete()
        else:
            alias.person = target
            alias.save()
            known_keys.add(alias.key)
    if name_key(source.name) not in known_keys:
        PersonAlias.objects.create(person=target, name=source.name)
    if not target.country and source.country:
        target.country = source.country
        target.save(update_fields=["country", "updated_at"])
    if not target.wikidata_id and source.wikidata_id:
        target.wikidata_id = source.wikidata_id
        target.save(update_fields=["wikidata_id", "updated_at"])

    source.delete()
    # Turns were moved with update(), which sends no signals: reindex their meetings.
    indexing.schedule_person_reindex(target.pk)
    return target


def meeting_set_status(*, meeting: Meeting, status: str, editor=None) -> Meeting:
    """Publish or unpublish a meeting; the search index follows on commit."""
    with (
        transaction.atomic(),
        changes.recording(meeting_id=meeting.pk, kind=MeetingChange.Kind.EDIT, editor=editor),
    ):
        meeting.status = status
        meeting.full_clean()
        meeting.save(update_fields=["status", "updated_at"])
    indexing.schedule_meeting_reindex(meeting.pk)
    return meeting


def meeting_delete(*, meeting: Meeting) -> None:
    """Delete a meeting with everything it holds; the search index follows on commit.

    Its turns go in one statement rather than row by row: deleted one by one, each would
    write a history row (20,000 for a long meeting), where the meeting's own history row
    records the deletion.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Turn._meta.db_table} WHERE meeting_id = %s",  # noqa: S608
            [meeting.pk],
        )
        meeting_id = meeting.pk
        meeting.delete()
        indexing.schedule_meeting_reindex(meeting_id)


KIND_WORDS = [
    ("telephone", Meeting.Kind.TELEPHONE),
    ("phone", Meeting.Kind.TELEPHONE),
    ("news conference", Meeting.Kind.NEWS_CONFERENCE),
    ("press conference", Meeting.Kind.NEWS_CONFERENCE),
    ("press statements", Meeting.Kind.PRESS_STATEMENTS),
    ("statements for the press", Meeting.Kind.PRESS_STATEMENTS),
    ("statements to the press", Meeting.Kind.PRESS_STATEMENTS),
    ("joint statements", Meeting.Kind.PRESS_STATEMENTS),
    ("talks", Meeting.Kind.TALKS),
    ("meeting", Meeting.Kind.MEETING),
]


def guess_kind(title: str) -> str:
    """The kind of meeting a title names: `Telephone conversation with ...` → telephone."""
    lowered = title.casefold()
    for words, kind in KIND_WORDS:
        if words in lowered:
            return kind
    return Meeting.Kind.OTHER


class ImportRejected(TranscriptError):
    """A transcript that cannot be imported: unreadable, or without a date or a title."""


class ImportOutcome(enum.StrEnum):
    """What an import did with a transcript."""

    IMPORTED = "imported"  # a new meeting
    UPDATED = "updated"  # its meeting, rewritten from the new reading
    UNCHANGED = "unchanged"  # nothing to do
    REFUSED_EDITED = "refused_edited"  # editors changed the meeting since its last import

    @property
    def verb(self) -> str:
        """What the import did, to begin a sentence: `Imported “Talks …”`."""
        return _OUTCOME_VERBS[self]


_OUTCOME_VERBS = {
    ImportOutcome.IMPORTED: "Imported",
    ImportOutcome.UPDATED: "Updated",
    ImportOutcome.UNCHANGED: "Already had",
    ImportOutcome.REFUSED_EDITED: "Did not overwrite",
}


@dataclass
class ImportResult:
    meeting: Meeting | None
    outcome: ImportOutcome
    warnings: list[str]
    parsed: ParsedTranscript
    resolutions: dict[str, Resolution]
    # The editors' changes since the meeting's last import (what made a re-import stop).
    edits: list[MeetingChange] = field(default_factory=list)

    @property
    def refusal(self) -> str:
        """Why a re-import stopped: the meeting, and its editors' changes since."""
        assert self.meeting is not None  # a refusal is about a meeting already there
        edits = "; ".join(
            f"{change.made_at:%Y-%m-%d %H:%M} by {change.editor or 'an editor'}: "
            f"{', '.join(change.editor_items) or 'no visible change'}"
            for change in self.edits
        )
        return (
            f"“{self.meeting.title}” was changed in the admin since its last import ({edits}), "
            "so it was not overwritten. To replace it with this text, import it with "
            "`import_transcripts --force` (the editors' version stays in the meeting's "
            "history), or make the corrections in the admin."
        )


NEW_PERSON = "new"
NO_PERSON = "none"


@dataclass(frozen=True)
class ImportOptions:
    """What an import is told beside the text: what the text lacks, or what overrides it.

    `raw_text` (by default the text) is stored exactly as it came in, e.g. the HTML page the
    text was extracted from; `language` (BCP 47) overrides the one the parser reads.
    """

    raw_text: str | None = None
    date: datetime.date | None = None
    place: str | None = None
    title: str | None = None
    kind: str | None = None
    language: str | None = None
    source_name: str = ""
    source_url: str = ""
    status: str = Meeting.Status.PUBLISHED
    force: bool = False


@dataclass
class ImportPlan:
    """What importing a transcript would do, decided and not yet done (the admin's preview).

    The parse, who each speaker is, the meeting's fields, the meeting it is a new reading
    of, and the outcome; `apply_import` carries it out.
    """

    parsed: ParsedTranscript
    resolutions: dict[str, Resolution]
    warnings: list[str]
    fields: dict
    existing: Meeting | None
    outcome: ImportOutcome
    # The editors' changes since the meeting's last import, when they stopped this one.
    edits: list[MeetingChange]
    # What the plan was made from, for `with_choices`.
    options: ImportOptions
    automatic: dict[str, Resolution]
    choices: dict[str, str]
    directory: PersonDirectory

    @property
    def writes(self) -> bool:
        """Whether applying the plan writes anything."""
        return self.outcome in (ImportOutcome.IMPORTED, ImportOutcome.UPDATED)

    def with_choices(self, choices: dict[str, str] | None) -> "ImportPlan":
        """The plan with an editor's choice of person for some speakers (see `plan_import`)."""
        if not choices:
            return self
        return _decide(
            self.parsed, self.options, self.automatic, self.warnings, choices, self.directory
        )

    def result(self, meeting: Meeting | None = None) -> ImportResult:
        return ImportResult(
            meeting or self.existing,
            self.outcome,
            self.warnings,
            self.parsed,
            self.resolutions,
            list(self.edits),
        )


def plan_import(
    text: str, options: ImportOptions | None = None, *, directory: PersonDirectory | None = None
) -> ImportPlan:
    """Parse a transcript and decide what importing it would do; writes nothing.

    A speaker is resolved to a person of the archive (`PersonDirectory`); `with_choices`
    lets an editor override that. The same source (URL, or else the same text, or else the
    same title, date and participants) is a new reading of its meeting, to be updated in
    place; a meeting that editors changed since its last import is not to be overwritten
    unless `options.force` (outcome REFUSED_EDITED), and the same text again leaves it as
    they made it (UNCHANGED). Raises ImportRejected for a text that cannot be imported.
    """
    options = options or ImportOptions()
    directory = directory or PersonDirectory()
    try:
        parsed = parse_transcript(text, known_names=directory.known_names())
    except ParseError as exc:
        raise ImportRejected(exc.message, exc.line) from exc
    if options.raw_text is None:
        options = dataclasses.replace(options, raw_text=text)

    meeting_date = options.date or parsed.date
    if meeting_date is None:
        raise ImportRejected("The transcript has no date: supply one (--date YYYY-MM-DD).")
    if not (options.title or parsed.title or "").strip():
        raise ImportRejected("The transcript has no title: supply one (--title).")

    warnings = list(parsed.warnings)
    automatic = {}
    for speaker in parsed.speakers:
        if not speaker.generic:
            automatic[speaker.name] = _resolve_speaker(speaker, meeting_date, directory)
            warnings.extend(automatic[speaker.name].warnings)
    return _decide(parsed, options, automatic, warnings, {}, directory)


def _decide(
    parsed: ParsedTranscript,
    options: ImportOptions,
    automatic: dict[str, Resolution],
    warnings: list[str],
    choices: dict[str, str],
    directory: PersonDirectory,
) -> ImportPlan:
    """The plan, given who each speaker is: which meeting it updates, and the outcome."""
    resolutions = {
        name: _chosen(name, choices.get(name), directory) or resolution
        for name, resolution in automatic.items()
    }
    meeting_date = options.date or parsed.date
    assert meeting_date is not None  # plan_import refuses a text without one
    meeting_title = (options.title or parsed.title or "").strip()
    raw_text = options.raw_text or ""
    existing = _find_existing(
        raw_text=raw_text,
        source_url=options.source_url,
        title=meeting_title,
        date=meeting_date,
        people={r.person.pk for r in resolutions.values() if r.person},
    )
    fields = {
        "title": meeting_title[:500],
        "date": meeting_date,
        "place": (options.place or parsed.place or "")[:200],
        "summary": parsed.intro or "",
        "kind": options.kind or guess_kind(meeting_title),
        "language": options.language or parsed.language,
        "source_name": options.source_name or (existing.source_name if existing else ""),
        "source_url": options.source_url or (existing.source_url if existing else ""),
        "status": options.status,
        "raw_text": raw_text,
    }

    def plan(outcome: ImportOutcome, edits=()) -> ImportPlan:
        return ImportPlan(
            parsed,
            resolutions,
            warnings,
            fields,
            existing,
            outcome,
            list(edits),
            options,
            automatic,
            choices,
            directory,
        )

    if existing:
        edits = edits_since_import(existing)
        if edits and not options.force:
            same_text = existing.raw_text_sha256 == text_fingerprint(raw_text)
            return plan(
                ImportOutcome.UNCHANGED if same_text else ImportOutcome.REFUSED_EDITED, edits
            )
        if not edits and _unchanged(existing, fields) and not choices:
            return plan(ImportOutcome.UNCHANGED)
    return plan(ImportOutcome.UPDATED if existing else ImportOutcome.IMPORTED)


def apply_import(
    plan: ImportPlan, choices: dict[str, str] | None = None, *, editor=None
) -> ImportResult:
    """Carry out an import plan in one transaction, with an editor's choices of person.

    `choices` maps a parsed speaker's name to a person's pk, NEW_PERSON or NO_PERSON. An
    update is recorded as a change of the meeting: turns that continue an old one keep its
    number, new ones get unused numbers, and removed ones leave a note.
    """
    plan = plan.with_choices(choices)
    if not plan.writes:
        return plan.result()
    existing = plan.existing
    with transaction.atomic():
        if existing:
            with changes.recording(
                meeting_id=existing.pk, kind=MeetingChange.Kind.IMPORT, editor=editor
            ):
                meeting = _write_meeting(
                    existing, plan.fields, plan.parsed, plan.resolutions, plan.directory
                )
        else:
            meeting = _write_meeting(
                None, plan.fields, plan.parsed, plan.resolutions, plan.directory
            )
        indexing.schedule_meeting_reindex(meeting.pk)
    return plan.result(meeting)


def transcript_import(
    *,
    text: str,
    speaker_choices: dict[str, str] | None = None,
    directory: PersonDirectory | None = None,
    dry_run: bool = False,
    editor=None,
    **options,
) -> ImportResult:
    """Plan and apply an import in one call (`options`: the fields of ImportOptions).

    `dry_run` returns what the plan would do, writing nothing.
    """
    plan = plan_import(text, ImportOptions(**options), directory=directory)
    if dry_run:
        return plan.with_choices(speaker_choices).result()
    return apply_import(plan, speaker_choices, editor=editor)


def _resolve_speaker(
    speaker: Speaker, date: datetime.date, directory: PersonDirectory
) -> Resolution:
    """The archive's person for a parsed speaker.

    A speaker the transcript names only by a role, or by a role and part of a name, is the
    person who held that role then; failing that it stays without a person (never a new
    person called "Prime Minister"). A name the archive knows still wins.
    """
    if speaker.identified:
        return directory.resolve(speaker.name, speaker.country)
    if speaker.role and name_key(speaker.name) != name_key(speaker.role):
        known = directory.resolve(speaker.name, speaker.country)
        if known.person is not None:
            return known
    return directory.resolve_role_holder(
        name=speaker.name, role=speaker.role, country=speaker.country, date=date
    )


def _chosen(name: str, choice: str | None, directory: PersonDirectory) -> Resolution | None:
    """The editor's choice for a parsed speaker; a person chosen keeps the spelling."""
    if not choice:
        return None
    if choice == NEW_PERSON:
        return Resolution(name=name, create=True)
    if choice == NO_PERSON:
        return Resolution(name=name)
    chosen = Person.objects.filter(pk=choice).first() if choice.isdigit() else None
    if chosen is None:
        return None
    known = chosen in directory.by_key.get(name_key(name), [])
    return Resolution(name=name, person=chosen, new_alias=None if known else name)


def edits_since_import(meeting: Meeting) -> list[MeetingChange]:
    """Editors' changes (edits, reverts) to the meeting since the importer last wrote it;
    publishing or unpublishing alone does not count."""
    found = meeting.changes.filter(kind__in=[MeetingChange.Kind.EDIT, MeetingChange.Kind.REVERT])
    if meeting.imported_at:
        found = found.filter(made_at__gt=meeting.imported_at)
    status_only = {"fields": ["status"]}
    return [change for change in found.order_by("made_at") if change.summary != status_only]


def _find_existing(
    *, raw_text: str, source_url: str, title: str, date: datetime.date, people: set[int]
) -> Meeting | None:
    """The meeting this transcript is a new reading of: the same page address, the same
    text, or (when the addresses do not disagree) the same title on the same date with every
    known speaker among its participants."""
    if source_url:
        found = Meeting.objects.filter(source_url=source_url).first()
        if found:
            return found
    found = Meeting.objects.filter(raw_text_sha256=text_fingerprint(raw_text)).first()
    if found or not people:
        return found
    wanted = " ".join(title.split()).casefold()
    candidates = Meeting.objects.filter(date=date, title__iexact=title.strip()).defer("raw_text")
    if source_url:
        candidates = candidates.filter(source_url="")
    for meeting in candidates.order_by("pk"):
        same_title = " ".join(meeting.title.split()).casefold() == wanted
        taking_part = set(meeting.participations.values_list("person_id", flat=True))
        if same_title and people <= taking_part:
            return meeting
    return None


def _unchanged(meeting: Meeting, fields: dict) -> bool:
    if meeting.raw_text != fields["raw_text"]:
        return False
    return all(getattr(meeting, name) == value for name, value in fields.items())


def _write_meeting(existing, fields, parsed, resolutions, directory) -> Meeting:
    meeting = existing or Meeting()
    for name, value in fields.items():
        setattr(meeting, name, value)
    if not existing or existing.title != fields["title"] or existing.date != fields["date"]:
        meeting.slug = _free_slug(
            ascii_slug(fields["title"]) or "meeting", fields["date"], exclude_pk=meeting.pk
        )
    meeting.imported_at = timezone.now()
    # Field validation only: the constraints (a free slug, one meeting per source) are what
    # _free_slug and _find_existing just ensured, and PostgreSQL enforces them anyway;
    # checking them here cost a bulk import a tenth of its time in round trips.
    meeting.full_clean(validate_constraints=False)
    meeting.save()

    people = _speaking_people(parsed, resolutions, directory)
    participations, seen = [], set()
    for order, (person, speaker) in enumerate(people.values()):
        if person.pk in seen:
            continue
        seen.add(person.pk)
        participations.append(
            Participation(
                meeting=meeting,
                person=person,
                role=(speaker.role or "")[:300],
                country=speaker.country or person.country or "",
                order=order,
            )
        )
    turns = [
        Turn(
            meeting=meeting,
            speaker=people[turn.speaker][0] if turn.speaker in people else None,
            label=turn.label[:300],
            marker=(turn.marker or "")[:200],
            text=turn.text,
        )
        for turn in parsed.turns
    ]
    if existing:
        _rewrite_participations(meeting, participations)
        _rewrite_turns(meeting, turns)
    else:
        Participation.objects.bulk_create(participations)
        for number, turn in enumerate(turns, start=1):
            turn.sequence = turn.position = number
        Turn.objects.bulk_create(turns)
    return meeting


def _speaking_people(parsed, resolutions, directory) -> dict[str, tuple[Person, Speaker]]:
    """The person each parsed speaker is, creating people and keeping new spellings."""
    people = {}
    for speaker in parsed.speakers:
        resolution = resolutions.get(speaker.name)
        if resolution is None:
            continue
        person = resolution.person
        if resolution.state == Resolved.NEW_PERSON:
            person = Person(name=speaker.name, country=speaker.country or "")
            person.full_clean(exclude=["slug", "name_key"], validate_constraints=False)
            person.save()
            directory.add(person)
        elif person and resolution.state == Resolved.NEW_ALIAS:
            alias = PersonAlias(person=person, name=resolution.new_alias)
            if not person.aliases.filter(key=name_key(resolution.new_alias)).exists():
                alias.save()
            directory.add(person, resolution.new_alias)
        if person:
            people[speaker.name] = (person, speaker)
    return people


def _rewrite_participations(meeting: Meeting, wanted: list[Participation]) -> None:
    """Make the meeting's participations the wanted ones, touching only rows that differ."""
    current = {p.person_id: p for p in meeting.participations.all()}
    for participation in wanted:
        row = current.pop(participation.person_id, None)
        if row is None:
            participation.save()
            continue
        values = ("role", "country", "order")
        if any(getattr(row, name) != getattr(participation, name) for name in values):
            for name in values:
                setattr(row, name, getattr(participation, name))
            row.save()
    for row in current.values():
        row.delete()


def _speaker_key(speaker_id: int | None, name: str) -> str:
    return f"person:{speaker_id}" if speaker_id else f"label:{name_key(name)}"


def _rewrite_turns(meeting: Meeting, new: list[Turn]) -> None:
    """Replace the meeting's turns with a new reading, keeping each statement's number."""
    old = list(meeting.turns.order_by("position"))
    matched = match_turns(
        [TurnText(_speaker_key(t.speaker_id, t.label), t.text) for t in old],
        [TurnText(_speaker_key(t.speaker_id, t.label), t.text) for t in new],
    )
    kept = {i for i in matched if i is not None}
    _remove_turns(meeting, [turn for i, turn in enumerate(old) if i not in kept])
    _park_positions(meeting.pk)
    next_number = meeting.next_turn_number()
    content = ("speaker_id", "label", "marker", "text")
    edited, moved, created = [], [], []
    for position, (turn, i) in enumerate(zip(new, matched, strict=True), start=1):
        if i is None:
            turn.sequence, turn.position = next_number, position
            next_number += 1
            created.append(turn)
            continue
        row = old[i]
        row.position = position
        if any(getattr(row, name) != getattr(turn, name) for name in content):
            for name in content:
                setattr(row, name, getattr(turn, name))
            edited.append(row)
        else:
            moved.append(row)
    change = changes.current()
    assert change is not None  # statements are rewritten inside changes.recording
    history = changes.history_attrs(change)
    Turn.objects.bulk_update(moved, ["position"], batch_size=1000)
    if edited:
        bulk_update_with_history(
            edited,
            Turn,
            ["speaker", "label", "marker", "text", "position"],
            batch_size=1000,
            **history,
        )
    if created:
        bulk_create_with_history(created, Turn, batch_size=1000, **history)


def _free_slug(base: str, date: datetime.date, exclude_pk=None) -> str:
    taken = set(
        Meeting.objects.filter(date=date, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    return unique_slug(base, taken)


# ---- Reverting a change -------------------------------------------------------------------

# What a revert restores: the meeting's own fields (its raw text and fingerprint stay: the
# source is what it is), and what was said by whom.
REVERTED_MEETING_FIELDS = [name for name in changes.TRACKED_FIELDS if name != "raw_text_sha256"]
TURN_CONTENT = ["speaker_id", "label", "marker", "text"]
PARTICIPATION_FIELDS = ["role", "country", "order"]


def meeting_change_revert(*, change: MeetingChange, editor=None) -> MeetingChange | None:
    """Undo one recorded change, as a change of its own (kind `revert`).

    Fields and turns the change altered get back their values from before it; turns it added
    are removed (leaving a note, their numbers stay taken); turns it removed come back with
    their numbers, where they stood. Later changes to other fields and turns are kept.
    Returns the revert's change, or None when nothing was left to undo.
    """
    meeting_id = change.meeting_id
    with (
        transaction.atomic(),
        changes.recording(
            meeting_id=meeting_id, kind=MeetingChange.Kind.REVERT, editor=editor, reverts=change
        ) as revert,
    ):
        meeting = Meeting.objects.defer("raw_text").get(pk=meeting_id)
        for row in changes.row_changes(change, Meeting):
            restored = row.differences(REVERTED_MEETING_FIELDS)
            for name, before, _ in restored:
                setattr(meeting, name, before)
            if restored:
                meeting.save()
        _revert_participations(meeting, changes.row_changes(change, Participation))
        _revert_turns(meeting, changes.row_changes(change, Turn))
        meeting_add_speakers(meeting)
        indexing.schedule_meeting_reindex(meeting_id)
    return revert if revert.pk else None


def _revert_participations(meeting: Meeting, rows) -> None:
    current = {p.pk: p for p in meeting.participations.all()}
    for row in rows:
        live = current.get(row.after.id)
        if row.created:
            if live is not None:
                live.delete()
        elif row.deleted:
            person_id = row.before.person_id
            if live is None and not meeting.participations.filter(person_id=person_id).exists():
                Participation.objects.create(  # with its old id: one history per row
                    id=row.before.id,
                    meeting=meeting,
                    person_id=person_id,
                    **{name: getattr(row.before, name) for name in PARTICIPATION_FIELDS},
                )
        elif live is not None:
            restored = row.differences(PARTICIPATION_FIELDS)
            for name, before, _ in restored:
                setattr(live, name, before)
            if restored:
                live.save()


def _revert_turns(meeting: Meeting, rows) -> None:
    current = {t.pk: t for t in meeting.turns.all()}
    added = [current[row.after.id] for row in rows if row.created and row.after.id in current]
    _remove_turns(meeting, added)
    for row in rows:
        live = current.get(row.after.id)
        if row.deleted:
            if not meeting.turns.filter(sequence=row.before.sequence).exists():
                _restore_turn(meeting, row.before)
        elif not row.created and live is not None:
            restored = row.differences(TURN_CONTENT)
            for name, before, _ in restored:
                setattr(live, name, before)
            if restored:
                live.save()


def _restore_turn(meeting: Meeting, record) -> Turn:
    """Bring a removed turn back with its number, where its removal note stands."""
    removed = RemovedTurn.objects.filter(meeting=meeting, number=record.sequence).first()
    follows = removed.follows if removed else 0
    position = 1
    seen = set()
    while follows and follows not in seen:
        seen.add(follows)
        before = meeting.turns.filter(sequence=follows).values_list("position", flat=True).first()
        if before is not None:
            position = before + 1
            break
        earlier = RemovedTurn.objects.filter(meeting=meeting, number=follows).first()
        follows = earlier.follows if earlier else 0
    _make_room(meeting.pk, position)
    if removed:
        removed.delete()
    turn = Turn(
        id=record.id,
        meeting=meeting,
        sequence=record.sequence,
        position=position,
        **{name: getattr(record, name) for name in TURN_CONTENT},
    )
    turn.save(force_insert=True)
    return turn
