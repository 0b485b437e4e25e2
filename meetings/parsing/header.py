"""The head of a page: chrome, title, byline, date, place and clock time."""

import datetime
from dataclasses import dataclass, field

from .chrome import is_top_chrome
from .context import Person, persons_in
from .dates import DateLine, is_place, is_time_line, parse_date_line, trailing_date
from .labels import NameBook, Strength, evaluate, looks_like_attendance, q_prefix, split_colon
from .normalize import Line
from .paragraphs import ends_sentence, is_heading, is_separator
from .speakers import analyse_label, is_capitalised, is_initial, is_particle, key, title_name
from .vocabulary import GENRE_LINES, ROLE_CORES, ROLE_STRUCTURE, STOPWORDS, word_set

_WINDOW = 16
_PLACE_WORDS = word_set(
    """
    house street palace hotel hall centre center building castle square bay park
    residence airport embassy office room kremlin avenue road garden gardens manor lodge
    club
    """
)
_TITLE_CONTINUES = word_set("at of and the with on in for to a an by from between")


@dataclass
class Header:
    """What the page says about the meeting before the lead paragraphs."""

    title: str | None = None
    date: datetime.date | None = None
    place: str | None = None
    end: int = 0
    persons: list[Person] = field(default_factory=list)


def is_label_line(text: str, book: NameBook) -> bool:
    """A line that clearly opens a speaker turn (used to stop reading the header)."""
    if q_prefix(text) is not None:
        return True
    split = split_colon(text)
    if not split:
        return False
    prefix, rest = split
    candidate = evaluate(prefix, book)
    if candidate is None or looks_like_attendance(rest):
        return False
    return candidate.strength >= Strength.NAME


def _name_like(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5 or "," in text:
        return False
    for word in words:
        k = key(word).rstrip(".")
        if any(c.isdigit() for c in word) or k in STOPWORDS or k in ROLE_STRUCTURE:
            return False
        if k in _PLACE_WORDS:
            return False
        if not (is_capitalised(word) or is_particle(word) or is_initial(word)):
            return False
    return True


def _role_only(text: str) -> str | None:
    if len(text) > 90 or ends_sentence(text):
        return None
    parts = analyse_label(text)
    return parts.role if parts.has_role and not parts.name else None


def _byline(lines: list[str], j: int) -> tuple[Person, int] | None:
    """A byline: `Jane Doe` ⏎ `Secretary of State`, or `Jane Doe, Secretary of State`."""
    text = lines[j]
    if ", " in text and len(text) <= 120:
        parts = analyse_label(text)
        head = text.partition(", ")[0]
        if parts.has_role and parts.name and _name_like(head):
            return Person(parts.name, parts.role, parts.country), 1
    if j + 1 < len(lines) and _name_like(text):
        role = _role_only(lines[j + 1])
        if role:
            parts = analyse_label(lines[j + 1])
            name = title_name(text) if text.isupper() else text
            return Person(name, role, parts.country), 2
    return None


def _place_line(text: str, book: NameBook) -> bool:
    return (
        is_place(text)
        and not any(key(w) in ROLE_CORES for w in text.split())
        and not ends_sentence(text.rstrip("."))
        and not is_label_line(text, book)
        and not is_time_line(text)
        and not is_heading(text)
    )


def _date_follows(lines: list[Line], j: int) -> bool:
    """Whether the next non-blank line after `j` is a date line (so `j` is a title)."""
    for k in range(j + 1, min(len(lines), j + 4)):
        if lines[k].text:
            return parse_date_line(lines[k].text) is not None
    return False


def _title_like(text: str, book: NameBook) -> bool:
    return (
        len(text) <= 250
        and not is_time_line(text)
        and not is_label_line(text, book)
        and not (ends_sentence(text) and len(text) > 120)
    )


def read_header(lines: list[Line], book: NameBook) -> Header:
    """Read chrome, title, byline, date, place and time from the top of `lines`."""
    header = Header()
    n = len(lines)
    i = 0
    while i < n and (
        not lines[i].text
        or (parse_date_line(lines[i].text) is None and is_top_chrome(lines[i].text))
    ):
        i += 1
    window: list[int] = []
    j = i
    while j < n and len(window) < _WINDOW:
        text = lines[j].text
        if text and not is_separator(text):
            if (is_label_line(text, book) and not (not window and _date_follows(lines, j))) or (
                len(text) > 300
            ):
                break
            window.append(j)
        j += 1
    texts = [lines[k].text for k in window]
    dated = next(
        ((pos, d) for pos, t in enumerate(texts) if (d := parse_date_line(t)) is not None), None
    )
    if dated is None:
        if texts and _title_like(texts[0], book) and not ends_sentence(texts[0]):
            header.title = texts[0]
            header.date = trailing_date(texts[0])
            header.end = window[0] + 1
        else:
            header.end = window[0] if window else i
        header.persons = persons_in(header.title or "")
        return header
    pos, date_line = dated
    header.date = date_line.date
    prose = next((p for p, t in enumerate(texts[:pos]) if len(t) > 150 and ends_sentence(t)), None)
    if prose is not None:
        # Lead text before the date line: keep it for the intro; the date line is dropped there.
        if prose:
            _read_pre_date(header, [t for t in texts[:prose] if not is_top_chrome(t)])
        header.place = date_line.place or header.place
        header.end = window[prose]
        header.persons = persons_in(header.title or "") + header.persons
        return header
    after = window[pos] + 1
    if date_line.rest:
        header.title = texts[pos]
    elif pos == 0:
        if len(texts) > 1 and _title_like(texts[1], book) and not ends_sentence(texts[1]):
            header.title = texts[1]
            after = window[1] + 1
    else:
        _read_pre_date(header, [t for t in texts[:pos] if not is_top_chrome(t)])
    header.place = date_line.place or header.place
    header.end = _read_post_date(header, lines, after, date_line, book)
    header.persons = persons_in(header.title or "") + header.persons
    return header


def _read_pre_date(header: Header, pre: list[str]) -> None:
    """Title, byline and place lines between the top of the page and the date line."""
    pre = [t for t in pre if t.casefold() not in GENRE_LINES] or pre[:1]
    kept: list[str] = []
    j = 0
    while j < len(pre):
        found = _byline(pre, j) if j > 0 else None
        if found:
            header.persons.append(found[0])
            j += found[1]
            continue
        kept.append(pre[j])
        j += 1
    others = [t for t in kept if not is_place(t)]
    if not others:
        title_at = 0
    elif len(others) == 1:
        title_at = kept.index(others[0])
    else:
        title_at = kept.index(others[-1])
    title = kept[title_at]
    rest = kept[title_at + 1 :]
    while rest and (
        title.rsplit(" ", 1)[-1].casefold() in _TITLE_CONTINUES or rest[0][:1].islower()
    ):
        title = f"{title} {rest.pop(0)}"
    header.title = title
    places = [t for t in rest if is_place(t)]
    if places:
        header.place = ", ".join(places)


def _read_post_date(
    header: Header, lines: list[Line], at: int, date_line: DateLine, book: NameBook
) -> int:
    """Skip a place line after an open date line and clock-time lines; return the body start."""
    n = len(lines)

    def next_text(k: int) -> int:
        while k < n and not lines[k].text:
            k += 1
        return k

    k = next_text(at)
    if header.place is None:
        places: list[int] = []
        probe = k
        while probe < n and len(places) < 3 and _place_line(lines[probe].text, book):
            following = next_text(probe + 1)
            if following < n and lines[following].text[:1] in ":：":
                break
            places.append(probe)
            probe = following
        timed = probe < n and is_time_line(lines[probe].text)
        if places and not timed:
            short = len(lines[places[0]].text.split()) <= 4
            places = places[:1] if (date_line.open_place or short) else []
        if places:
            header.place = ", ".join(lines[p].text.rstrip(",") for p in places)
            k = next_text(places[-1] + 1)
    while k < n and is_time_line(lines[k].text):
        k = next_text(k + 1)
    return k
