"""Citations of a single statement: Chicago, APA and MLA text; BibTeX, RIS and CSL-JSON.

Pure functions over a `Cited` (plain data), so they are easy to test and cost no query.
The author is the speaker as a person (`Putin, Vladimir`) or, for a generic speaker, the
label as printed (`Question`); the title is the meeting's; the address is the statement's
permalink on Parley.
"""

import datetime
import json
import re
from dataclasses import dataclass

from .text import ascii_slug

SITE_NAME = "Parley"


@dataclass(frozen=True)
class Cited:
    """What a citation of one statement needs."""

    number: int
    speaker: str  # as written: `Vladimir Putin`, or a label such as `Question`
    sort_name: str  # `Putin, Vladimir`; empty for a generic speaker
    meeting_title: str
    date: datetime.date
    place: str
    source_name: str
    url: str  # the statement's permalink
    accessed: datetime.date
    language: str = "en"

    @property
    def family(self) -> str:
        return self.sort_name.split(",", 1)[0].strip() if self.sort_name else self.speaker

    @property
    def given(self) -> str:
        return self.sort_name.split(",", 1)[1].strip() if "," in self.sort_name else ""

    @property
    def key(self) -> str:
        """A BibTeX key: `putin2022t3`."""
        family = ascii_slug(self.family).replace("-", "") or "statement"
        return f"{family}{self.date:%Y}t{self.number}"


def cited(turn, meeting, *, url: str, accessed: datetime.date) -> Cited:
    speaker = turn.speaker
    return Cited(
        number=turn.sequence,
        speaker=speaker.name if speaker else turn.label,
        sort_name=(speaker.sort_name or speaker.name) if speaker else "",
        meeting_title=meeting.title,
        date=meeting.date,
        place=meeting.place,
        source_name=meeting.source_name,
        url=url,
        accessed=accessed,
        language=meeting.language,
    )


_MLA_MONTHS = [
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]


def _us_date(date: datetime.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def _mla_date(date: datetime.date) -> str:
    return f"{date.day} {_MLA_MONTHS[date.month - 1]} {date.year}"


def _end(text: str) -> str:
    """A sentence's end: no doubled full stop after a title or an initial."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _person_inverted(c: Cited) -> str:
    return f"{c.family}, {c.given}" if c.given else c.speaker


def _apa_author(c: Cited) -> str:
    if not c.given:
        return c.speaker
    initials = " ".join(f"{part[0]}." for part in re.split(r"[\s-]+", c.given) if part)
    return f"{c.family}, {initials}"


def _place(c: Cited) -> str:
    return f"{c.place}, " if c.place else ""


def chicago(c: Cited) -> str:
    """Chicago (17th ed., bibliography) for a statement on a web page."""
    return (
        f"{_end(_person_inverted(c))} “{_end(c.meeting_title)}” Statement {c.number}. "
        f"{_place(c)}{_us_date(c.date)}. {SITE_NAME}. "
        f"Accessed {_us_date(c.accessed)}. {c.url}."
    )


def apa(c: Cited) -> str:
    """APA (7th ed.) for a transcript on a web page."""
    return (
        f"{_end(_apa_author(c))} ({c.date.year}, {c.date:%B} {c.date.day}). "
        f"Statement {c.number} [Transcript]. In {_end(c.meeting_title)} {SITE_NAME}. "
        f"Retrieved {_us_date(c.accessed)}, from {c.url}"
    )


def mla(c: Cited) -> str:
    """MLA (9th ed.)."""
    return (
        f"{_end(_person_inverted(c))} Statement {c.number}. “{c.meeting_title},” "
        f"{_mla_date(c.date)}{', ' + c.place if c.place else ''}. {SITE_NAME}, {c.url}. "
        f"Accessed {_mla_date(c.accessed)}."
    )


def _bibtex_escape(value: str) -> str:
    value = re.sub(r"([\\{}])", r"\\\1", value)
    return re.sub(r"([&%$#_])", r"\\\1", value)


def bibtex(c: Cited) -> str:
    """A BibTeX `@misc` entry (biblatex reads `urldate`; classic BibTeX, `note`)."""
    # A label (`Question`) is braced so that BibTeX does not split it into names.
    author = (
        _bibtex_escape(f"{c.family}, {c.given}")
        if c.given
        else (f"{{{_bibtex_escape(c.speaker)}}}")
    )
    fields = [
        ("author", author),
        ("title", f"{{{_bibtex_escape(c.meeting_title)}}}: statement {c.number}"),
        ("howpublished", SITE_NAME),
        ("year", str(c.date.year)),
        ("month", c.date.strftime("%b").lower()),
        ("date", c.date.isoformat()),
        ("address", _bibtex_escape(c.place)),
        ("organization", _bibtex_escape(c.source_name)),
        ("url", c.url),
        ("urldate", c.accessed.isoformat()),
        ("note", f"Accessed {c.accessed.isoformat()}"),
        ("language", c.language),
    ]
    lines = []
    for name, value in fields:
        if not value:
            continue
        if name == "month":
            lines.append(f"  {name} = {value}")
        else:
            lines.append(f"  {name} = {{{value}}}")
    return f"@misc{{{c.key},\n" + ",\n".join(lines) + "\n}\n"


def ris(c: Cited) -> str:
    """An RIS record (type GEN), CRLF line ends as the format asks."""
    tags = [
        ("TY", "GEN"),
        ("AU", _person_inverted(c)),
        ("TI", f"{c.meeting_title}: statement {c.number}"),
        ("T2", SITE_NAME),
        ("DA", c.date.strftime("%Y/%m/%d")),
        ("PY", str(c.date.year)),
        ("CY", c.place),
        ("PB", c.source_name),
        ("LA", c.language),
        ("UR", c.url),
        ("Y2", c.accessed.strftime("%Y/%m/%d")),
        ("ER", ""),
    ]
    return "".join(
        f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in tags if value or tag == "ER"
    )


def csl(c: Cited) -> dict:
    """A CSL-JSON item (what Zotero, Mendeley and citeproc read)."""
    author = {"family": c.family, "given": c.given} if c.given else {"literal": c.speaker}
    item = {
        "id": c.key,
        "type": "speech",
        "title": f"{c.meeting_title}: statement {c.number}",
        "author": [author],
        "issued": {"date-parts": [[c.date.year, c.date.month, c.date.day]]},
        "accessed": {"date-parts": [[c.accessed.year, c.accessed.month, c.accessed.day]]},
        "container-title": SITE_NAME,
        "event-place": c.place or None,
        "publisher": c.source_name or None,
        "language": c.language,
        "URL": c.url,
    }
    return {name: value for name, value in item.items() if value is not None}


def csl_json(c: Cited) -> str:
    return json.dumps([csl(c)], ensure_ascii=False, indent=2) + "\n"


# Downloads: file extension → (content type, writer).
FORMATS = {
    "bib": ("application/x-bibtex; charset=utf-8", bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", ris),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", csl_json),
}
