"""The head of a page: chrome, title, byline, date, place and clock time."""

import datetime
import re
from dataclasses import dataclass, field

from .chrome import is_mail_header, is_top_chrome
from .context import Person, office_holder, persons_in
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
    persons: list[Person] = field(default_factory=list)
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
        and not text.startswith("By ")  # a byline: `By Anna Kowalczyk`
        and not any(key(w) in ROLE_CORES for w in text.split())
        and not ends_sentence(text.rstrip("."))
        and not is_label_line(text, book)
        and not is_time_line(text)
        and not is_heading(text)
    )


def _room_before_time(lines: list[Line], k: int, next_text) -> bool:
    """`James S. Brady Press Briefing Room` ⏎ `3:01 P.M. EDT`: a place, though heading-like."""
    text = lines[k].text
    following = next_text(k + 1)
    return (
        is_place(text)
        and following < len(lines)
        and is_time_line(lines[following].text)
        and not ends_sentence(text.rstrip("."))
    )


def _date_follows(lines: list[Line], j: int) -> bool:
    """Whether the next non-blank line after `j` is a date line (so `j` is a title)."""
    for k in range(j + 1, min(len(lines), j + 4)):
        if lines[k].text:
            return parse_date_line(lines[k].text) is not None
    return False


def _date_soon(lines: list[Line], j: int, book: NameBook) -> bool:
    """Whether a date line comes within the next three paragraphs, before any label."""
    seen = 0
    for k in range(j + 1, min(len(lines), j + 12)):
        text = lines[k].text
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


def read_header(lines: list[Line], book: NameBook) -> Header:
    """Read chrome, title, byline, date, place and time from the top of `lines`."""
    header = Header()
    n = len(lines)
    i = 0
    mail = i < n and is_mail_header(lines[0].text)
    while i < n and (
        not lines[i].text
        or (mail and is_mail_header(lines[i].text))
        or (parse_date_line(lines[i].text) is None and is_top_chrome(lines[i].text))
    ):
        i += 1
    window: list[int] = []
    j = i
    while j < n and len(window) < _WINDOW:
        text = lines[j].text
        if text and not is_separator(text):
            if (is_label_line(text, book) and not (not window and _date_follows(lines, j))) or (
                len(text) > 300 and not (len(text) <= 2000 and _date_soon(lines, j, book))
            ):
                break  # a long paragraph ends the head, unless it is the lead above the date
            window.append(j)
        j += 1
    texts = [lines[k].text for k in window]
    last = list(window)
    _join_wrapped_header(lines[j : j + 400], window, last, texts)
    _join_split_date(window, last, texts)
    dated = next(
        ((pos, d) for pos, t in enumerate(texts) if (d := parse_date_line(t)) is not None), None
    )
    if dated is None:
        if texts and _title_like(texts[0], book) and not ends_sentence(texts[0]):
            header.title = texts[0]
            header.date = trailing_date(texts[0])
            header.place = trailing_place(texts[0])
            header.end = window[0] + 1
            if header.date is not None:
                # `Department Press Briefing – March 3, 2022` ⏎ byline, place, clock time.
                header.end = _read_after_dated_title(header, lines, window, texts, book)
        else:
            header.end = window[0] if window else i
        header.persons = persons_in(header.title or "") + header.persons
        return header
    pos, date_line = dated
    header.date = date_line.date
    header.posted = date_line.posted
    after = last[pos] + 1
    header.persons += [person for t in texts[:pos] if (person := office_holder(t))]
    pre = _drop_metadata([t for t in texts[:pos] if not is_top_chrome(t)])
    if date_line.posted and _title_after_posting(pre, texts, pos, book):
        pre = []  # the blog's own name or headline above `Posted on ...`; the title follows
    if date_line.rest:
        header.title = texts[pos]
    elif not pre:
        nxt = pos + 1
        if len(texts) > nxt and _title_like(texts[nxt], book) and not ends_sentence(texts[nxt]):
            header.title = texts[nxt]
            after = last[nxt] + 1
            while nxt + 1 < len(texts) and _continues(header.title, texts[nxt + 1]):
                nxt += 1  # a title cut by a hard wrap: `... Rutger of the` ⏎ `Netherlands ...`
                header.title = f"{header.title} {texts[nxt]}"
                after = last[nxt] + 1
    else:
        _read_pre_date(header, pre)
    header.place = date_line.place or header.place
    header.end = _read_post_date(header, lines, after, date_line, book)
    header.persons = persons_in(header.title or "") + header.persons
    return header


def _read_after_dated_title(
    header: Header, lines: list[Line], window: list[int], texts: list[str], book: NameBook
) -> int:
    """The byline, place and time lines under a title that ends with the date."""
    pos = 1
    while pos < len(texts):
        found = _byline(texts, pos)
        if found:
            header.persons.append(found[0])
            pos += found[1]
        elif texts[pos].casefold().rstrip(" :") in _META_KEYS or is_time_line(texts[pos]):
            pos += 1
        elif header.place is None and _place_line(texts[pos], book) and len(texts[pos]) <= 40:
            header.place = texts[pos]
            pos += 1
        else:
            break
    return window[pos] if pos < len(window) else (window[-1] + 1)


def _join_split_date(window: list[int], last: list[int], texts: list[str]) -> None:
    """`Tuesday, 6 September` ⏎ `2022, Vienna`: a date line cut by a hard wrap, joined."""
    for pos in range(len(texts) - 1):
        first, second = texts[pos], texts[pos + 1]
        if (
            window[pos + 1] == last[pos] + 1
            and len(first) <= 60
            and parse_date_line(first) is None
            and parse_date_line(second) is None
            and parse_date_line(f"{first} {second}") is not None
        ):
            texts[pos] = f"{first} {second}"
            last[pos] = last[pos + 1]
            del texts[pos + 1], window[pos + 1], last[pos + 1]
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
        len(words) <= 5
        and _place_line(text, book)
        and any(key(w) in _PLACE_WORDS for w in words)
    )


def _venue_only(lines: list[str]) -> bool:
    """`Lancaster House, London`: lines that name a place and nothing else."""
    return bool(lines) and all(
        is_place(t)
        and not is_heading(t)
        and ("," in t or any(key(w) in _PLACE_WORDS for w in t.replace(",", " ").split()))
        for t in lines
    )


def _read_pre_date(header: Header, pre: list[str]) -> None:
    """Title, byline, lead and place lines between the top of the page and the date line."""
    pre = [t for t in pre if t.casefold() not in GENRE_LINES] or pre[:1]
    kept: list[str] = []
    j = 0
    while j < len(pre):
        # A byline first of all is a page without a title line: `Jane Doe` ⏎ `Secretary of State`
        found = _byline(pre, j) if j > 0 or len(pre) > 2 else None
        if found:
            header.persons.append(found[0])
            j += found[1]
            continue
        kept.append(pre[j])
        j += 1
    if _venue_only(kept) or not kept:
        header.place = ", ".join(kept) or None  # a venue block and no title line: no title
        return
    participants = [t for t in kept if _participants_line(t)]
    if participants and len(participants) < len(kept):
        # `Joint Press Conference` ⏎ `Prime Minister Jane Doe and President Ivo Marek`
        kept = [t for t in kept if t not in participants]
        header.persons += [p for t in participants for p in persons_in(t)]
    others = [t for t in kept if not is_place(t)]
    # The title does not end like a sentence; a sentence after it is the page's lead.
    titles = [t for t in others if not ends_sentence(t)]
    lead = others[others.index(titles[-1]) + 1 :] if titles else []
    if lead and len(titles[-1]) >= 12 and all(_lead_like(t) for t in lead):
        title_at = kept.index(titles[-1])
    elif not others:
        title_at = 0
    elif len(others) == 1:
        title_at = kept.index(others[0])
    else:
        title_at = kept.index(others[-1])
    title = kept[title_at]
    if title_at > 0 and _MEETING_NUMBER.match(title):
        title = f"{kept[title_at - 1]} {title}"  # `Security Council` ⏎ `9027th meeting`
    rest = kept[title_at + 1 :]
    while rest and _continues(title, rest[0]):
        title = f"{title} {rest.pop(0)}"
    header.title = title
    places = [t for t in rest if is_place(t)]
    if places:
        header.place = ", ".join(places)
    header.lead = [t for t in rest if not is_place(t)]


def _join_wrapped_header(
    body: list[Line], window: list[int], last: list[int], texts: list[str]
) -> None:
    """Join header lines cut by a hard wrap (a title over two lines), in place.

    Whether the page is hard-wrapped is judged on the first lines of its body (`body`),
    not on the menus and banners above the title.
    """
    sample = [line.text for line in body if line.text]
    lengths = sorted(len(t) for t in sample)
    if len(lengths) < 8:
        return
    width = lengths[int(len(lengths) * 0.9)]
    blocks: list[list[str]] = [[]]
    for line in body:
        if line.text:
            blocks[-1].append(line.text)
        elif blocks[-1]:
            blocks.append([])
    if width > 100 or not is_hard_wrapped(blocks):
        return
    k = 1
    while k < len(texts):
        prev, text = texts[k - 1], texts[k]
        if (
            window[k] == last[k - 1] + 1
            and len(prev) >= 0.7 * width
            and not ends_sentence(prev)
            and parse_date_line(prev) is None
            and parse_date_line(text) is None
            and not is_time_line(text)
            and not _place_under_title(prev, text)
        ):
            texts[k - 1] = f"{prev} {text}"
            last[k - 1] = last[k]
            del texts[k], window[k], last[k]
        else:
            k += 1


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
    n = len(lines)

    def next_text(k: int) -> int:
        while k < n and not lines[k].text:
            k += 1
        return k

    def skip(k: int) -> int:
        """Clock times, `Delivered on` and the date printed a second time."""
        while k < n:
            text = lines[k].text
            again = parse_date_line(text)
            if is_time_line(text) or text.casefold().rstrip(" :") in _META_KEYS:
                k = next_text(k + 1)
            elif again is not None and again.date == date_line.date and not again.rest:
                header.place = header.place or again.place
                k = next_text(k + 1)
            else:
                break
        return k

    k = skip(next_text(at))
    if date_line.place and k < n and _venue_line(lines[k].text, book):
        # `May 4, 2019, Vienna` ⏎ `Hotel Imperial`: the venue in the city the dateline names
        header.place = f"{lines[k].text}, {header.place}"
        k = next_text(k + 1)
    if header.place is None:
        places: list[int] = []
        probe = k
        while probe < n and len(places) < 3 and (
            _place_line(lines[probe].text, book) or _room_before_time(lines, probe, next_text)
        ):
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
    return skip(k)
