"""Writes that span several models. Admin, commands and tests all go through here."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from .models import Meeting, Participation, Person, PersonAlias, Turn, text_fingerprint
from .parsing import ParsedTranscript, ParseError, Speaker, parse_transcript
from .resolution import PersonDirectory, Resolution
from .search import indexing
from .text import ascii_slug, name_key


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
    return Participation.objects.bulk_create(
        Participation(meeting_id=meeting_id, person_id=person_id, order=start + n)
        for n, person_id in enumerate(missing)
    )


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

    source.delete()
    # Turns were moved with update(), which sends no signals: reindex their meetings.
    indexing.schedule_person_reindex(target.pk)
    return target


def meeting_set_status(*, meeting: Meeting, status: str) -> Meeting:
    """Publish or unpublish a meeting; the search index follows on commit."""
    meeting.status = status
    meeting.full_clean()
    meeting.save(update_fields=["status", "updated_at"])
    indexing.schedule_meeting_reindex(meeting.pk)
    return meeting


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


class ImportRejected(ValueError):
    """A transcript that cannot be imported; `line` names the line at fault when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.message = message
        self.line = line


@dataclass
class ImportResult:
    meeting: Meeting | None
    outcome: str  # "imported", "updated" or "unchanged"
    warnings: list[str]
    parsed: ParsedTranscript
    resolutions: dict[str, Resolution]


NEW_PERSON = "new"
NO_PERSON = "none"


def transcript_import(
    *,
    text: str,
    raw_text: str | None = None,
    date: datetime.date | None = None,
    place: str | None = None,
    title: str | None = None,
    kind: str | None = None,
    language: str | None = None,
    source_name: str = "",
    source_url: str = "",
    status: str = Meeting.Status.PUBLISHED,
    speaker_choices: dict[str, str] | None = None,
    directory: PersonDirectory | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Parse a raw transcript and write it as one meeting, atomically.

    `text` is what the parser reads; `raw_text` (by default `text`) is stored exactly as it
    came in, e.g. the HTML page `text` was extracted from. `speaker_choices` maps a parsed
    speaker's name to a person's pk, NEW_PERSON or NO_PERSON, overriding the automatic
    resolution (the admin's preview). `language` (BCP 47) overrides the one the parser reads
from the text. The same source (URL, or else the same text) updates
    its meeting in place.
    """
    directory = directory or PersonDirectory()
    try:
        parsed = parse_transcript(text, known_names=directory.known_names())
    except ParseError as exc:
        raise ImportRejected(exc.message, exc.line) from exc

    warnings = list(parsed.warnings)
    meeting_date = date or parsed.date
    if meeting_date is None:
        raise ImportRejected("The transcript has no date: supply one (--date YYYY-MM-DD).")
    meeting_title = (title or parsed.title or "").strip()
    if not meeting_title:
        raise ImportRejected("The transcript has no title: supply one (--title).")

    resolutions = {}
    for speaker in parsed.speakers:
        if speaker.generic:
            continue
        resolution = _resolve_speaker(speaker, meeting_date, directory)
        choice = (speaker_choices or {}).get(speaker.name)
        if choice == NEW_PERSON:
            resolution = Resolution(name=speaker.name, create=True)
        elif choice == NO_PERSON:
            resolution = Resolution(name=speaker.name)
        elif choice and choice.isdigit() and (chosen := Person.objects.filter(pk=choice).first()):
            resolution = Resolution(name=speaker.name, person=chosen)
        resolutions[speaker.name] = resolution
        warnings.extend(resolution.warnings)

    raw_text = text if raw_text is None else raw_text
    existing = _find_existing(raw_text=raw_text, source_url=source_url)
    fields = {
        "title": meeting_title[:500],
        "date": meeting_date,
        "place": (place or parsed.place or "")[:200],
        "summary": parsed.intro or "",
        "kind": kind or guess_kind(meeting_title),
        "language": language or parsed.language,
        "source_name": source_name or (existing.source_name if existing else ""),
        "source_url": source_url or (existing.source_url if existing else ""),
        "status": status,
        "raw_text": raw_text,
    }
    if existing and _unchanged(existing, fields) and not speaker_choices:
        return ImportResult(existing, "unchanged", warnings, parsed, resolutions)
    if dry_run:
        return ImportResult(
            existing, "updated" if existing else "imported", warnings, parsed, resolutions
        )

    with transaction.atomic():
        meeting = _write_meeting(existing, fields, parsed, resolutions, directory)
        indexing.schedule_meeting_reindex(meeting.pk)
    return ImportResult(
        meeting, "updated" if existing else "imported", warnings, parsed, resolutions
    )


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


def _find_existing(*, raw_text: str, source_url: str) -> Meeting | None:
    if source_url:
        found = Meeting.objects.filter(source_url=source_url).first()
        if found:
            return found
    return Meeting.objects.filter(raw_text_sha256=text_fingerprint(raw_text)).first()


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
    # Field validation only: the constraints (a free slug, one meeting per source) are what
    # _free_slug and _find_existing just ensured, and PostgreSQL enforces them anyway;
    # checking them here cost a bulk import a tenth of its time in round trips.
    meeting.full_clean(validate_constraints=False)
    meeting.save()
    if existing:
        meeting.turns.all().delete()
        meeting.participations.all().delete()

    people = {}
    for speaker in parsed.speakers:
        resolution = resolutions.get(speaker.name)
        if resolution is None:
            continue
        person = resolution.person
        if resolution.create:
            person = Person(name=speaker.name, country=speaker.country or "")
            person.full_clean(exclude=["slug", "name_key"], validate_constraints=False)
            person.save()
            directory.add(person)
        elif person and resolution.new_alias:
            alias = PersonAlias(person=person, name=resolution.new_alias)
            if not person.aliases.filter(key=name_key(resolution.new_alias)).exists():
                alias.save()
            directory.add(person, resolution.new_alias)
        if person:
            people[speaker.name] = (person, speaker)

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
    Participation.objects.bulk_create(participations)
    Turn.objects.bulk_create(
        Turn(
            meeting=meeting,
            sequence=number,
            speaker=people[turn.speaker][0] if turn.speaker in people else None,
            label=turn.label[:300],
            marker=(turn.marker or "")[:200],
            text=turn.text,
        )
        for number, turn in enumerate(parsed.turns, start=1)
    )
    return meeting


def _free_slug(base: str, date: datetime.date, exclude_pk=None) -> str:
    taken = set(
        Meeting.objects.filter(date=date, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base[:200], 2
    while slug in taken:
        slug, n = f"{base[:190]}-{n}", n + 1
    return slug
