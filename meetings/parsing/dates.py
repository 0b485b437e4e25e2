"""Date lines: `March 3, 2015, Sochi`, `13 november / 2017`, `Monday, 20 May 2019, 3 p.m.`."""

import datetime
import re
from dataclasses import dataclass

from . import russian
from .vocabulary import HEADING_WORDS, ROLE_CORES, word_set

# fmt: off
_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
}
# fmt: on
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|"
    r"thurs|fri|sat|sun|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\.?,?\s+)?"
)
_WEEKDAYS = word_set(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri "
    "sat sun"
)
# A line ending in one of these names a building or a room, whatever words come before:
# `James S. Brady Press Briefing Room`.
_BUILDINGS = word_set("room hall house palace building centre center residence hotel office")
_TIME_ZONES = word_set("BST GMT CET CEST EET EEST MSK UTC EST EDT CST CDT MST MDT PST PDT JST IST")
_ORD = r"(?:st|nd|rd|th)?"
# The year ends the number, or a clock time follows with no space: `3 March 201914:05`,
# two page elements (date and time) glued together when the page was copied.
_YEAR_END = r"(?:(?!\d)|(?=\d{1,2}[:.]\d{2}(?!\d)))"
_PATTERNS = [
    re.compile(
        rf"^{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?P<year>\d{{4}}){_YEAR_END}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^{_WEEKDAY}(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH},?\s*/?\s*(?P<year>\d{{4}})"
        rf"(?:\s*(?:года|г\.))?{_YEAR_END}",
        re.IGNORECASE,
    ),
    re.compile(rf"^{_WEEKDAY}(?P<year>\d{{4}})-(?P<mnum>\d{{2}})-(?P<day>\d{{2}})\b", re.I),
    re.compile(rf"^{_WEEKDAY}(?P<day>\d{{1,2}})\.(?P<mnum>\d{{1,2}})\.(?P<year>\d{{4}})\b", re.I),
    re.compile(r"^(?P<year>\d{4})/(?P<mnum>\d{1,2})/(?P<day>\d{1,2})\b"),
]
# `Published: 4 April 2018`, `Posted on June 3, 2021`: page metadata naming the date.
_DATE_PREFIX = re.compile(
    r"^(?:published|posted|released|release date|date|delivered on|first published)"
    r"(?:\s+on)?\s*:?\s+(?=\w)",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"^(?:end\s+|at\s+)?\d{1,2}(?:[:.]\d{2})?(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
    r"(?:\s+(?:[A-Z]{2,5}|local time|\([A-Za-z ]+\)))?$",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"\d{1,2}(?::\d{2}|\s*[ap]\.?\s?m\b)", re.IGNORECASE)
_LEADING_CLOCK = re.compile(r"^,?\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?(?=\s|,|$)\s*,?\s*", re.I)
_TITLE_DATE_SEP = re.compile(r"[:,;|•–—(]\s*|\s[-–—]\s|\s(?:on|of|dated)\s")
_PLACE_SMALL = word_set(
    """
    of the on upon am an de la le del di da sur near and in at by im au aux des du y
    """
)


@dataclass(frozen=True)
class DateLine:
    """A line that is a date, possibly with a place; `open_place` when it ends in a comma."""

    date: datetime.date
    place: str | None
    open_place: bool
    rest: str  # what follows the date when it is a blog title (`: ...`), else ""
    posted: bool = False  # `Posted on June 3, 2021`: when the page was published


def is_time_line(text: str) -> bool:
    """`3:23 P.M. BST`, `18:35`, `END 3:45 P.M.`: a clock time on its own."""
    return len(text) <= 40 and bool(_TIME.match(text)) and bool(_CLOCK.search(text))


def is_place(text: str) -> bool:
    """A short run of capitalised words: `The Kremlin, Moscow`, `London. Foreign Office`."""
    if not text or len(text) > 80 or any(c in text for c in '?!;:"“”()'):
        return False
    if text.startswith("By "):
        return False  # a byline: `By Anna Kowalczyk`
    folded = [w.strip(",.").casefold() for w in text.split()]
    if folded[-1] not in _BUILDINGS and any(w in HEADING_WORDS or w in ROLE_CORES for w in folded):
        return False  # `Press Conference by ...`, `Prime Minister Jane Doe`: not a place
    words = text.replace(",", " ").replace(".", ". ").split()
    if not words or len(words) > 9:
        return False
    for word in words:
        bare = word.strip(".-–'’")
        if not bare:
            continue
        if bare.casefold() in _PLACE_SMALL or bare.casefold() in russian.PLACE_WORDS:
            continue
        if not (bare[0].isupper() or bare[0].isdigit()):
            return False
    return True


def _match(text: str) -> tuple[datetime.date, str] | None:
    for pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        groups = m.groupdict()
        month = _MONTHS[groups["month"].casefold()] if groups.get("month") else int(groups["mnum"])
        try:
            value = datetime.date(int(groups["year"]), month, int(groups["day"]))
        except ValueError:
            return None
        return value, text[m.end() :]
    return None


def trailing_place(text: str) -> str | None:
    """The place before a date closing a title: `..., Moscow, March 3, 2015` → `Moscow`."""
    found = _trailing(text)
    if found is None:
        return None
    head = text[: found[1]].rstrip()
    if text[found[1]] != "," or "," not in head:
        return None  # the date does not follow a comma, or nothing comes before the place
    place = head.rsplit(",", 1)[1].strip()
    words = place.split()
    ok = 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and is_place(place)
    return place if ok and not re.search(r"\d", place) else None


def trailing_date(text: str) -> datetime.date | None:
    """A date closing a title: `PM remarks at press conference: 8 March 2022`."""
    found = _trailing(text)
    return found[0] if found else None


def _trailing(text: str) -> tuple[datetime.date, int] | None:
    for match in reversed(list(_TITLE_DATE_SEP.finditer(text))):
        tail = text[match.end() :].strip().rstrip(")")
        found = parse_date_line(tail) if tail else None
        if found and not found.place:
            return found.date, match.start()
    return None


def _place_then_date(text: str) -> DateLine | None:
    """`Novi Grad, 4 April 2016`, `WASHINGTON, May 4, 2019`: the place first, then the date."""
    head, comma, tail = text.partition(", ")
    words = head.split()
    if not comma or not 1 <= len(words) <= 4 or any(c.isdigit() for c in head):
        return None
    if not is_place(head) or head.casefold().split()[0] in _WEEKDAYS:
        return None
    found = _match(tail.rstrip(" .—–-"))
    if found is None or found[1].strip(" .,—–-"):
        return None
    place = head.title() if head.isupper() and len(head) > 3 else head
    return DateLine(found[0], place, False, "")


def parse_date_line(text: str) -> DateLine | None:
    """The date (and place) when the whole line is a date line, else None."""
    if len(text) > 160 or not text[:1].isalnum():
        return None
    prefix = _DATE_PREFIX.match(text)
    if prefix:
        text = text[prefix.end() :]
    found = _match(text)
    if not found:
        return _place_then_date(text)
    value, rest = found
    rest = re.split(r"\s[•|]\s?|\s[•|]$", rest, maxsplit=1)[0]
    stripped = re.sub(r"\s*\([^()]*\)$", "", rest.strip())
    stripped = _LEADING_CLOCK.sub("", stripped)  # `March 3, 2016 15:40 Novo-Ogaryovo`
    if stripped.startswith(":"):
        return DateLine(value, None, False, stripped[1:].strip())
    if prefix:
        return DateLine(value, None, False, "", posted=True)  # `Posted on June 3, 2021 by ...`
    open_place = stripped.endswith(",")
    parts = [p.strip() for p in stripped.strip(",;–—- ").split(",")]
    parts = [p for p in parts if p and not is_time_line(p) and p not in _TIME_ZONES]
    place = ", ".join(parts) or None
    if place and not is_place(place):
        return None
    return DateLine(value, place, open_place and not place, "")


# `... took place on 2 November 2017.`: a date inside a sentence, after `on`.
_DATE_IN_TEXT = [
    re.compile(r"\bon\s+(?=" + pattern.pattern.removeprefix("^") + ")", re.IGNORECASE)
    for pattern in _PATTERNS[:2]
]


def date_in_sentence(text: str) -> datetime.date | None:
    """The first date a sentence gives after `on` (`held talks on 2 November 2017`)."""
    for pattern in _DATE_IN_TEXT:
        match = pattern.search(text)
        if match:
            found = _match(text[match.end() :])
            if found:
                return found[0]
    return None


# `... held talks in Vienna.`, `... at the Novo-Ogaryovo state residence.`
_PLACE_IN_LEAD = re.compile(
    r"\b(?:held|hold|holds|took place|take place|takes place|met|meet|meets|hosted|hosts|"
    r"talks|meeting|conversation|conference|ceremony|summit|visit|session|spoke|interview)\b"
    r"[^.;,]{0,120}?\b(?:in|at)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w'’-]+(?:\s+(?:of\s+the\s+|of\s+|de\s+|am\s+)?[A-Z][\w'’-]+){0,3})"
    r"(?P<after>\s+(?:state\s+|country\s+|official\s+)?residence\b|\s*(?:[.,;]|$)|"
    r"\s+(?:on|with|to|during|for|and|where|as)\b)"
)
_NOT_PLACES = word_set(
    "the a an this that these his her their our its president prime minister government"
)


def place_in_lead(text: str) -> str | None:
    """The place a lead's first sentences name for the event: `held talks in Vienna`."""
    head = " ".join(re.split(r"(?<=[.!?])\s+", text.strip())[:2])
    match = _PLACE_IN_LEAD.search(head)
    if match is None:
        return None
    place = match.group("place")
    if place.split()[0].casefold() in _NOT_PLACES or not is_place(place):
        return None
    return place
