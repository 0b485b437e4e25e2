"""The plain data a parse produces, and its JSON form."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Speaker:
    """One voice in a transcript: a person (name, role as printed, country) or a generic one."""

    name: str
    role: str | None
    country: str | None
    generic: bool
    # False when the transcript names the speaker only by a role (`PRIME MINISTER`) or by a
    # role and part of a name it cannot complete: who it is must be found in the archive.
    identified: bool = True


@dataclass(frozen=True)
class ParsedTurn:
    """One speaker turn: who spoke, the label as printed, a translation marker and the text."""

    speaker: str
    label: str
    marker: str | None
    text: str
    line: int


@dataclass
class ParsedTranscript:
    """Everything read from one transcript."""

    title: str | None
    date: datetime.date | None
    place: str | None
    intro: str | None
    language: str = "en"  # BCP 47: `ru` when the speech is Russian
    speakers: list[Speaker] = field(default_factory=list)
    turns: list[ParsedTurn] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def to_json(parsed: ParsedTranscript) -> dict:
    """The parse as JSON-ready data (the shape of the golden files)."""
    return {
        "title": parsed.title,
        "date": parsed.date.isoformat() if parsed.date else None,
        "place": parsed.place,
        "language": parsed.language,
        "intro": parsed.intro,
        "speakers": [
            {"name": s.name, "role": s.role, "country": s.country, "generic": s.generic}
            for s in parsed.speakers
        ],
        "turns": [
            {"speaker": t.speaker, "label": t.label, "marker": t.marker, "text": t.text}
            for t in parsed.turns
        ],
        "warnings": list(parsed.warnings),
    }
