"""The head of a page: chrome, title, byline, date, place and clock time."""

import datetime
import re
from dataclasses import dataclass, field

from .chrome import is_mail_header, is_top_chrome
from .context import Mention, office_holder, persons_in
from .dates import (
    DateLine,
    is_place,
    is_time_line,
    parse_date_line,
    trailing_date,
    trailing_place,
)
from .labels import NameBook, Strength, evaluate, looks_like_attendance, q_prefix, split_colon
from .normalize import Line
from .paragraphs import ends_sentence, is_hard_wrapped, is_heading, is_separator
from .speakers import (
    analyse_label,
    is_capitalised,
    is_caps,
    is_initial,
    is_particle,
    key,
    title_name,
)
from .vocabulary import (
    GENRE_LINES,
    ROLE_CORES,
    ROLE_STRUCTURE,
    STOPWORDS,
    phrase_set,
    word_set,
)

_WINDOW = 30
_PLACE_WORDS = word_set(
    """
    house street palace hotel hall centre center building castle square bay park
    residence airport embassy office room kremlin avenue road garden gardens manor lodge
    club
    """
)
_MEETING_NUMBER = re.compile(
    r"^\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?(?:meeting|session|sitting)$", re.IGNORECASE
)
_META_KEYS = phrase_set(
    """
    from|published|last updated|updated|delivered on|delivered|posted|posted on|release date|
    date|location|part of|first published|for immediate release|office of the press secretary|
    office of the spokesperson|via teleconference|via telephone|via videoconference|
    via video teleconference|telephonic press briefing
    """
)
_META_WITH_VALUE = frozenset({"from", "part of"})
_TITLE_CONTINUES = word_set("at of and the with on in for to a an by from between")


@dataclass
class Header:
    """What the page says about the meeting before the lead paragraphs."""

    title: str | None = None
    date: datetime.date | None = None
    place: str | None = None
    end: int = 0
    persons: list[Mention] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)  # summary lines printed above the date
    posted: bool = False  # the date is when the page was posted, not when the event was


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


def _byline(lines: list[str], j: int) -> tuple[Mention, int] | None:
    """A byline: `Jane Doe` ⏎ `Secretary of State`, or `Jane Doe, Secretary of State`."""
    text = lines[j]
    if ", " in text and len(text) <= 120:
        parts = analyse_label(text)
        head = text.partition(", ")[0]
        if parts.has_role and parts.name and _name_like(head):
            return Mention(parts.name, parts.role, parts.country), 1
    if j + 1 < len(lines) and _name_like(text):
        role = _role_only(lines[j + 1])
        if role:
            parts = analyse_label(lines[j + 1])
            name = title_name(text) if text.isupper() else text
            return Mention(name, role, parts.country), 2
    return None


def _place_line(text: str, book: NameBook) -> bool:
    return (
        is_place(text)
        and not text.startswith("By ")  # a byline: `By Anna Kowalczyk`
        and not any(key(w) in ROLE_CORES for w in text.split())
        and not ends_sentence(text.rstrip("."))
        and not is_label_line(text, book)
        and not is_time_line(text)
        and not is_heading(text)
    )


def _room_before_time(lines: list[Line], at: int) -> bool:
    """`James S. Brady Press Briefing Room` ⏎ `3:01 P.M. EDT`: a place, though heading-like."""
    text = lines[at].text
    following = _next_text(lines, at + 1)
    return (
        is_place(text)
        and following < len(lines)
        and is_time_line(lines[following].text)
        and not ends_sentence(text.rstrip("."))
    )


def _next_text(lines: list[Line], at: int) -> int:
    """The first non-blank line at `at` or after it (`len(lines)` when there is none)."""
    while at < len(lines) and not lines[at].text:
        at += 1
    return at


def _date_follows(lines: list[Line], at: int) -> bool:
    """Whether the next non-blank line after `at` is a date line (so `at` is a title)."""
    for following in range(at + 1, min(len(lines), at + 4)):
        if lines[following].text:
            return parse_date_line(lines[following].text) is not None
    return False


def _date_soon(lines: list[Line], at: int, book: NameBook) -> bool:
    """Whether a date line comes within the next three paragraphs, before any label."""
    seen = 0
    for following in range(at + 1, min(len(lines), at + 12)):
        text = lines[following].text
        if not text:
            continue
        if parse_date_line(text) is not None:
            return True
        seen += 1
        if seen >= 3 or is_label_line(text, book):
            return False
    return False


def _title_like(text: str, book: NameBook) -> bool:
    return (
        len(text) <= 250
        and not is_time_line(text)
        and not is_label_line(text, book)
        and not (ends_sentence(text) and len(text) > 120)
    )


@dataclass
class _Block:
    """The header's non-blank lines: their texts and where each starts and ends in `lines`.

    A text can span lines once a hard wrap is joined, so it has both a first and a last line.
    """

    starts: list[int]
    ends: list[int]
    texts: list[str]
    scan_end: int  # the first line not looked at

    def merge_next(self, at: int, text: str) -> None:
        """Make text `at` and the one after it a single text, `text`."""
        self.texts[at] = text
        self.ends[at] = self.ends[at + 1]
        del self.texts[at + 1], self.starts[at + 1], self.ends[at + 1]


def read_header(lines: list[Line], book: NameBook) -> Header:
    """Read chrome, title, byline, date, place and time from the top of `lines`."""
    header = Header()
    top = _after_top_chrome(lines)
    block = _header_block(lines, top, book)
    _join_wrapped_header(lines[block.scan_end : block.scan_end + 400], block)
    _join_split_date(block)
    dated = next(
        ((at, found) for at, text in enumerate(block.texts) if (found := parse_date_line(text))),
        None,
    )
    if dated is None:
        _read_undated_header(header, lines, block, top, book)
    else:
        _read_dated_header(header, lines, block, *dated, book)
    header.persons = persons_in(header.title or "") + header.persons
    return header


def _after_top_chrome(lines: list[Line]) -> int:
    """The first line after site chrome, blank lines and a mail's headers."""
    top = 0
    mail = bool(lines) and is_mail_header(lines[0].text)
    while top < len(lines) and (
        not lines[top].text
        or (mail and is_mail_header(lines[top].text))
        or (parse_date_line(lines[top].text) is None and is_top_chrome(lines[top].text))
    ):
        top += 1
    return top


def _header_block(lines: list[Line], top: int, book: NameBook) -> _Block:
    """The lines that may form the head: up to the first label or long paragraph."""
    starts: list[int] = []
    scan = top
    while scan < len(lines) and len(starts) < _WINDOW:
        text = lines[scan].text
        if text and not is_separator(text):
            opens_turn = is_label_line(text, book) and not (
                not starts and _date_follows(lines, scan)
            )
            long_paragraph = len(text) > 300 and not (
                len(text) <= 2000 and _date_soon(lines, scan, book)
            )
            if opens_turn or long_paragraph:
                break  # a long paragraph ends the head, unless it is the lead above the date
            starts.append(scan)
        scan += 1
    return _Block(starts, list(starts), [lines[at].text for at in starts], scan)


def _read_undated_header(
    header: Header, lines: list[Line], block: _Block, top: int, book: NameBook
) -> None:
    """No date line: the first line is the title, and may end with the date and place."""
    texts = block.texts
    if not texts or not _title_like(texts[0], book) or ends_sentence(texts[0]):
        header.end = block.starts[0] if block.starts else top
        return
    header.title = texts[0]
    header.date = trailing_date(texts[0])
    header.place = trailing_place(texts[0])
    header.end = block.starts[0] + 1
    if header.date is not None:
        # `Department Press Briefing – March 3, 2022` ⏎ byline, place, clock time.
        header.end = _read_after_dated_title(header, lines, block.starts, texts, book)


def _read_dated_header(
    header: Header,
    lines: list[Line],
    block: _Block,
    date_at: int,
    date_line: DateLine,
    book: NameBook,
) -> None:
    """Title, byline and lead above the date line; place and clock time below it."""
    texts = block.texts
    header.date = date_line.date
    header.posted = date_line.posted
    body_start = block.ends[date_at] + 1
    header.persons += [person for t in texts[:date_at] if (person := office_holder(t))]
    above = _drop_metadata([t for t in texts[:date_at] if not is_top_chrome(t)])
    if date_line.posted and _title_after_posting(above, texts, date_at, book):
        above = []  # the blog's own name or headline above `Posted on ...`; the title follows
    if date_line.rest:
        header.title = texts[date_at]
    elif not above:
        body_start = _read_title_below_date(header, block, date_at, book) or body_start
    else:
        _read_pre_date(header, above)
    header.place = date_line.place or header.place
    header.end = _read_post_date(header, lines, body_start, date_line, book)


def _read_title_below_date(
    header: Header, block: _Block, date_at: int, book: NameBook
) -> int | None:
    """`13 november / 2017` ⏎ title: the title under the date; where the body starts then."""
    texts, title_at = block.texts, date_at + 1
    if title_at >= len(texts) or not _title_like(texts[title_at], book):
        return None
    if ends_sentence(texts[title_at]):
        return None
    header.title = texts[title_at]
    while title_at + 1 < len(texts) and _continues(header.title, texts[title_at + 1]):
        title_at += 1  # a title cut by a hard wrap: `... Rutger of the` ⏎ `Netherlands ...`
        header.title = f"{header.title} {texts[title_at]}"
    return block.ends[title_at] + 1


def _read_after_dated_title(
    header: Header, lines: list[Line], window: list[int], texts: list[str], book: NameBook
) -> int:
    """The byline, place and time lines under a title that ends with the date."""
    at = 1
    while at < len(texts):
        found = _byline(texts, at)
        if found:
            header.persons.append(found[0])
            at += found[1]
        elif texts[at].casefold().rstrip(" :") in _META_KEYS or is_time_line(texts[at]):
            at += 1
        elif header.place is None and _place_line(texts[at], book) and len(texts[at]) <= 40:
            header.place = texts[at]
            at += 1
        else:
            break
    return window[at] if at < len(window) else (window[-1] + 1)


def _join_split_date(block: _Block) -> None:
    """`Tuesday, 6 September` ⏎ `2022, Vienna`: a date line cut by a hard wrap, joined."""
    texts = block.texts
    for at in range(len(texts) - 1):
        first, second = texts[at], texts[at + 1]
        if (
            block.starts[at + 1] == block.ends[at] + 1
            and len(first) <= 60
            and parse_date_line(first) is None
            and parse_date_line(second) is None
            and parse_date_line(f"{first} {second}") is not None
        ):
            block.merge_next(at, f"{first} {second}")
            return


def _title_after_posting(pre: list[str], texts: list[str], pos: int, book: NameBook) -> bool:
    """A blog: its name above `Posted on ...`, the transcript's own title below it."""
    following = texts[pos + 1] if pos + 1 < len(texts) else ""
    if not following or ends_sentence(following) or not _title_like(following, book):
        return False
    if pos + 2 < len(texts) and parse_date_line(texts[pos + 2]) is not None:
        return False
    return not any(_names_the_event(t) for t in pre) and _names_the_event(following)


def _names_the_event(text: str) -> bool:
    """A title that names what happened: `... joint press conference`, `Meeting with ...`."""
    return is_heading(text) or bool(persons_in(text))


def _participants_line(text: str) -> bool:
    """`Prime Minister Jane Doe and President Ivo Marek`: who took part, under the title."""
    words = text.replace(",", " ").split()
    return (
        len(text) <= 160
        and not is_heading(text)
        and not ends_sentence(text)
        and all(is_capitalised(w) or key(w) in {"and", "of", "the", "&"} for w in words)
        and len(persons_in(text)) >= 1
    )


def _venue_line(text: str, book: NameBook) -> bool:
    """`Hotel Imperial`, `East Room`: a short line naming a building or a room."""
    words = text.split()
    return (
        len(words) <= 5 and _place_line(text, book) and any(key(w) in _PLACE_WORDS for w in words)
    )


def _venue_only(lines: list[str]) -> bool:
    """`Lancaster House, London`: lines that name a place and nothing else."""
    return (
        bool(lines)
        and all(is_place(t) and not is_heading(t) for t in lines)
        and any(
            "," in t or any(key(w) in _PLACE_WORDS for w in t.replace(",", " ").split())
            for t in lines
        )
    )


def _read_pre_date(header: Header, above: list[str]) -> None:
    """Title, byline, lead and place lines between the top of the page and the date line."""
    above = [t for t in above if t.casefold() not in GENRE_LINES] or above[:1]
    kept = _without_bylines(header, above)
    if _venue_only(kept) or not kept:
        header.place = ", ".join(kept) or None  # a venue block and no title line: no title
        return
    participants = [t for t in kept if _participants_line(t)]
    if participants and len(participants) < len(kept):
        # `Joint Press Conference` ⏎ `Prime Minister Jane Doe and President Ivo Marek`
        kept = [t for t in kept if t not in participants]
        header.persons += [p for t in participants for p in persons_in(t)]
    title_at = _title_index(kept)
    title = kept[title_at]
    if title_at > 0 and _MEETING_NUMBER.match(title):
        title = f"{kept[title_at - 1]} {title}"  # `Security Council` ⏎ `9027th meeting`
    below = kept[title_at + 1 :]
    while below and _continues(title, below[0]):
        title = f"{title} {below.pop(0)}"
    header.title = title
    places = [t for t in below if is_place(t)]
    if places:
        header.place = ", ".join(places)
    header.lead = [t for t in below if not is_place(t)]


def _without_bylines(header: Header, lines: list[str]) -> list[str]:
    """The lines less their bylines (`Jane Doe` ⏎ `Secretary of State`), which name persons."""
    kept: list[str] = []
    at = 0
    while at < len(lines):
        # A byline first of all is a page without a title line: `Jane Doe` ⏎ `Secretary of State`
        found = _byline(lines, at) if at > 0 or len(lines) > 2 else None
        if found:
            person, size = found
            header.persons.append(person)
            at += size
            continue
        kept.append(lines[at])
        at += 1
    return kept


def _title_index(kept: list[str]) -> int:
    """Which of the lines above the date is the title.

    Places are not titles; the title does not end like a sentence, and sentences after it
    are the page's lead. Otherwise the last line that is not a place is the title: above
    it are the site's name and section.
    """
    not_places = [t for t in kept if not is_place(t)]
    titles = [t for t in not_places if not ends_sentence(t)]
    lead = not_places[not_places.index(titles[-1]) + 1 :] if titles else []
    if lead and len(titles[-1]) >= 12 and all(_lead_like(t) for t in lead):
        return kept.index(titles[-1])
    if not not_places:
        return 0
    return kept.index(not_places[-1])


def _join_wrapped_header(body: list[Line], block: _Block) -> None:
    """Join header lines cut by a hard wrap (a title over two lines), in place.

    Whether the page is hard-wrapped is judged on the first lines of its body (`body`),
    not on the menus and banners above the title.
    """
    width = _wrap_width_of(body)
    if width is None:
        return
    texts = block.texts
    at = 1
    while at < len(texts):
        previous, text = texts[at - 1], texts[at]
        if (
            block.starts[at] == block.ends[at - 1] + 1
            and len(previous) >= 0.7 * width
            and not ends_sentence(previous)
            and parse_date_line(previous) is None
            and parse_date_line(text) is None
            and not is_time_line(text)
            and not _place_under_title(previous, text)
        ):
            block.merge_next(at - 1, f"{previous} {text}")
        else:
            at += 1


def _wrap_width_of(body: list[Line]) -> int | None:
    """The width the body's lines are wrapped at, or None when it is not hard-wrapped."""
    lengths = sorted(len(line.text) for line in body if line.text)
    if len(lengths) < 8:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    paragraphs: list[list[str]] = [[]]
    for line in body:
        if line.text:
            paragraphs[-1].append(line.text)
        elif paragraphs[-1]:
            paragraphs.append([])
    if width > 100 or not is_hard_wrapped(paragraphs):
        return None
    return width


def _place_under_title(title: str, text: str) -> bool:
    """`Crawford High School` under a title: a short place line, not the title's second half."""
    if not is_place(text) or len(text.split()) > 5 or is_heading(text):
        return False
    return title.rsplit(" ", 1)[-1].casefold() not in _TITLE_CONTINUES


def _continues(title: str, following: str) -> bool:
    """Whether `following` is the rest of a title cut by a line wrap."""
    if ends_sentence(title) or len(following) > 120 or is_time_line(following):
        return False
    last = title.rsplit(" ", 1)[-1].casefold()
    return (
        last in _TITLE_CONTINUES
        or following[:1].islower()
        or (is_caps(title) and is_caps(following) and key(following.split()[0]) in _TITLE_CONTINUES)
        or (is_heading(following) and not ends_sentence(following) and len(title) >= 50)
    )


def _lead_like(text: str) -> bool:
    """A summary sentence printed under a title: `Vladimir Putin held talks with ...`."""
    return len(text) >= 50 and text.endswith((".", "»", "”", '"')) and " " in text


def _drop_metadata(pre: list[str]) -> list[str]:
    """Drop `From:` ⏎ `Ministry ...`, `Published`, `Delivered on` and similar page metadata."""
    out: list[str] = []
    skip = False
    for text in pre:
        if skip:
            skip = False
            continue
        folded = text.casefold().rstrip(" :")
        if folded in _META_KEYS:
            skip = folded in _META_WITH_VALUE and text.endswith(":")
            continue
        if text.startswith("By ") and len(text) <= 100 and not ends_sentence(text):
            continue  # `By Anna Kowalczyk, Central Europe Correspondent`
        out.append(text)
    return out


def _read_post_date(
    header: Header, lines: list[Line], at: int, date_line: DateLine, book: NameBook
) -> int:
    """Skip a place line after an open date line and clock-time lines; return the body start."""
    body = _skip_times_and_repeats(header, lines, _next_text(lines, at), date_line)
    if date_line.place and body < len(lines) and _venue_line(lines[body].text, book):
        # `May 4, 2019, Vienna` ⏎ `Hotel Imperial`: the venue in the city the dateline names
        header.place = f"{lines[body].text}, {header.place}"
        body = _next_text(lines, body + 1)
    if header.place is None:
        body = _read_place_lines(header, lines, body, date_line, book)
    return _skip_times_and_repeats(header, lines, body, date_line)


def _skip_times_and_repeats(header: Header, lines: list[Line], at: int, date_line: DateLine) -> int:
    """Past clock times, `Delivered on` and the date printed a second time (with its place)."""
    while at < len(lines):
        text = lines[at].text
        again = parse_date_line(text)
        if is_time_line(text) or text.casefold().rstrip(" :") in _META_KEYS:
            at = _next_text(lines, at + 1)
        elif again is not None and again.date == date_line.date and not again.rest:
            header.place = header.place or again.place
            at = _next_text(lines, at + 1)
        else:
            break
    return at


def _read_place_lines(
    header: Header, lines: list[Line], at: int, date_line: DateLine, book: NameBook
) -> int:
    """Up to three place lines under a date line that names no place; the body start after."""
    places: list[int] = []
    probe = at
    while (
        probe < len(lines)
        and len(places) < 3
        and (_place_line(lines[probe].text, book) or _room_before_time(lines, probe))
    ):
        following = _next_text(lines, probe + 1)
        if following < len(lines) and lines[following].text[:1] in ":：":
            break
        places.append(probe)
        probe = following
    timed = probe < len(lines) and is_time_line(lines[probe].text)
    if places and not timed:
        short = len(lines[places[0]].text.split()) <= 4
        places = places[:1] if (date_line.open_place or short) else []
    if not places:
        return at
    header.place = ", ".join(lines[p].text.rstrip(",") for p in places)
    return _next_text(lines, places[-1] + 1)
