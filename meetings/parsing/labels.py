"""Recognising speaker labels: what is before the colon, and how sure we are it is a label."""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from . import russian
from .countries import country_from_name
from .keys import name_key
from .russian import is_cyrillic
from .speakers import (
    LabelParts,
    analyse_label,
    is_capitalised,
    is_initial,
    is_particle,
    key,
)
from .vocabulary import (
    ACRONYMS,
    CONNECTORS,
    GENERIC_LABELS,
    HEADING_WORDS,
    HONORIFICS,
    LANGUAGES,
    NEWS_OUTLETS,
    NOT_LABELS,
    ROLE_CORES,
    ROLE_MODIFIERS,
    ROLE_STRUCTURE,
    STOPWORDS,
    word_set,
)

_COLON = re.compile(r"[:：]")
_TRAILING_PAREN = re.compile(r"\s*[(\[]([^()\[\]]{1,80})[)\]]\s*$")
_LEADING_PAREN = re.compile(r"^[(\[]([^()\[\]]{1,80})[)\]]\s*")
_TIMESTAMP = re.compile(r"^[(\[]\d{1,2}:\d{2}(?::\d{2})?[)\]]\s*")
_TRANSLATION = re.compile(r"translat|interpret|перев|synchron", re.IGNORECASE)
_LANGUAGE_NOTE = re.compile(
    r"^(?:in|speaks?\s+in|spoke\s+in|speaking\s+in|on|по-\w+)\s+(\w+)$", re.IGNORECASE
)
_BAD_CHARS = frozenset('?!;"“”«»[](){}<>@#%=+*/\\|_~^$0123456789')
_GLUED_INITIALS = re.compile(r"^(?:[^\W\d_]\.){1,3}[^\W\d_][\w'’-]*$")
_ABBREVIATIONS = word_set(
    """
    st. jr. sr. gen. col. lt. adm. sen. rep. gov. amb. pres. min. capt. maj. sgt.
    messrs.
    """
)
_ATTENDANCE = re.compile(
    r"^(?:mr|mrs|ms|dr|madam|sir|h\.\s?e|his excellency|her excellency)\b\.?.*(?:\(|\.{3,}|…)",
    re.IGNORECASE,
)
_Q_PREFIX = re.compile(r"^Q[.:]?\s+(?=\S)")
_NUMBERED_VOICE = re.compile(
    r"^(?:speaker|participant|questioner|journalist|reporter|voice|audience member|"
    r"unidentified speaker|male speaker|female speaker|student|panelist|panellist)\s+"
    r"(?:\d{1,2}|[A-Z])$",
    re.IGNORECASE,
)
_A_PREFIX = re.compile(r"^A[.:]\s+(?=[A-Z(«“\"])")
_ROLE_WORDS = ROLE_CORES | ROLE_MODIFIERS
_PARTICLE_KEYS = word_set("von van der de bin al el da di du la le")


class Strength(IntEnum):
    """How sure we are that some text is a speaker label."""

    NONE = 0
    WORD = 1  # a single capitalised word: `Moscow`
    NAME = 2  # two to six capitalised words: `Jane Doe`
    KNOWN = 3  # a name already known from the transcript, its header or the archive
    STRONG = 4  # a role, a generic voice, an honorific or initials: `President Marek`


@dataclass(frozen=True)
class Candidate:
    """A possible label: as printed (no colon, no marker), its parts and its strength."""

    printed: str
    core: str
    marker: str | None
    delegation: str | None
    parts: LabelParts
    generic: str | None
    strength: Strength
    vocative: bool = False


class NameBook:
    """Names known so far: full names, the words in them, and anchors for splitting labels."""

    def __init__(self, names: Iterable[str] = ()):
        self.full: set[str] = set()
        self.words: set[str] = set()
        self.anchors: set[str] = set()
        self.cache: dict[str, Candidate | None] = {}
        for name in names:
            self.add(name, anchor=True)

    def add(self, name: str, *, anchor: bool = False) -> None:
        """Learn a name; anchors (archive names, people introduced with a role) split labels."""
        k = name_key(name)
        if not k or (k in self.full and (not anchor or k in self.anchors or " " not in k)):
            return
        self.cache.clear()
        self.full.add(k)
        if anchor and " " in k:
            self.anchors.add(k)
        self.words.update(p for p in k.split() if len(p) > 1 and p not in _PARTICLE_KEYS)

    def knows(self, text: str) -> bool:
        k = name_key(text)
        return bool(k) and (k in self.full or (" " not in k and k in self.words))


def is_generic_label(label: str) -> bool:
    """True for voices that are not a named person: `Question`, `Q`, `REPORTER`, `Aide`."""
    return generic_name(label) is not None


def generic_name(label: str) -> str | None:
    """The normalised name of a generic label (`QUESTION` → `Question`), else None."""
    text = _TRAILING_PAREN.sub("", " ".join(label.split())).strip(" :：.")
    folded = text.casefold()
    if folded in GENERIC_LABELS:
        return GENERIC_LABELS[folded]
    if folded in russian.GENERIC_LABELS:
        return russian.GENERIC_LABELS[folded]
    head, _, tail = folded.partition(" ")
    if head in GENERIC_LABELS and tail.startswith(("from ", "by ", "of ")) and len(tail) < 40:
        return GENERIC_LABELS[head]
    numbered = _NUMBERED_VOICE.match(text)
    if numbered:
        return text[:1].upper() + text[1:].casefold()  # `SPEAKER 1` → `Speaker 1`
    outlet = folded.partition(",")[0].strip()
    if outlet in NEWS_OUTLETS and len(text) <= 60:
        return text  # `AFP`, `Kyodo News, Nakamura`: a journalist named by the outlet
    words = text.split()
    if len(words) == 2 and key(words[0]) == "the" and _is_title_word(words[1]):
        return text  # `The Courier`, `The Hindu`: a newspaper asking, not a person
    return None


def _is_title_word(word: str) -> bool:
    """A capitalised word that is no role and no honorific: `Courier` in `The Courier`."""
    k = key(word)
    return is_capitalised(word) and k not in _ROLE_WORDS and k not in HONORIFICS


def is_translation_note(text: str) -> bool:
    """`retranslated`, `Via interpretation`, `translated from Russian`."""
    return bool(_TRANSLATION.search(text))


def _is_language_note(text: str) -> bool:
    if russian.LANGUAGE_NOTE.match(text.strip()):
        return True  # `говорит по-английски`
    match = _LANGUAGE_NOTE.match(text.strip())
    return match is not None and match.group(1).casefold() in LANGUAGES


# `Anna Berger (retranslated) Mr President, ...`: the marker closes the label, no colon.
_MARKER_THEN_SPEECH = re.compile(
    r"^(?P<label>[^()\[\]:：]{2,110}?(?:\s*\([^()]{1,60}\))?\s*[(\[](?P<note>[^()\[\]]{1,60})[)\]])"
    r"\s*(?P<rest>[^\s:：)\]].*)$"
)


def split_colon(text: str, limit: int = 160) -> tuple[str, str] | None:
    """(label, speech) split at the first colon that could end a label, or None.

    A translation marker in brackets followed directly by the speech also ends a label
    (`Anna Berger (retranslated) Thank you.`) when it comes before any colon.
    """
    colon = _split_at_colon(text, limit)
    if "(" in text[:limit] or "[" in text[:limit]:
        marked = _split_after_marker(text)
        if marked and (colon is None or len(marked[0]) < len(colon[0])):
            return marked
    return colon


def _split_after_marker(text: str) -> tuple[str, str] | None:
    match = _MARKER_THEN_SPEECH.match(text)
    if not match:
        return None
    note = match.group("note").strip()
    if not (is_translation_note(note) or _is_language_note(note)):
        return None
    return match.group("label").strip(), match.group("rest").strip()


def _split_at_colon(text: str, limit: int) -> tuple[str, str] | None:
    for match in _COLON.finditer(text, 0, min(len(text), limit)):
        pos = match.start()
        before, after = text[:pos], text[pos + 1 :]
        if before[-1:].isdigit() and after[:1].isdigit():
            return None  # a clock time: 3:01
        if after.startswith("//"):
            return None
        return _titled_split(before.strip(), after.strip(), limit) or (
            before.strip(),
            after.strip(),
        )
    return None


def _titled_split(before: str, after: str, limit: int) -> tuple[str, str] | None:
    """`Co-Chair of the Working Group: Europe After the War, Professor Jan Novak: Thank you.`

    When the text before the first colon is a role without a name and a second colon closes
    `Title Words, Name`, the label runs to the second colon.
    """
    match = _COLON.search(after, 0, max(0, limit - len(before)))
    if match is None or ", " not in after[: match.start()]:
        return None
    middle = after[: match.start()].strip()
    if any(c in middle for c in '.?!;"“”«»') or len(middle.split()) > 14:
        return None
    if not all(is_capitalised(w) or w in CONNECTORS for w in middle.replace(",", " ").split()):
        return None
    parts = analyse_label(f"{before}: {middle}")
    if not parts.has_role or not parts.name or ":" not in (parts.role or ""):
        return None
    return f"{before}: {middle}", after[match.end() :].strip()


def _trailing_group(text: str) -> tuple[int, str] | None:
    """The start and content of a final `(...)` or `[...]` group, nested parentheses allowed."""
    if not text.endswith((")", "]")):
        return None
    depth = 0
    for pos in range(len(text) - 1, max(-1, len(text) - 120), -1):
        char = text[pos]
        if char in ")]":
            depth += 1
        elif char in "([":
            depth -= 1
            if depth == 0:
                return pos, text[pos + 1 : -1]
    return None


def split_markers(prefix: str) -> tuple[str, str, str | None, str | None]:
    """(printed, core, marker, delegation) for `Mr. Novak (Ruritania) (spoke in French)`."""
    prefix = prefix.strip()
    core = prefix
    marker = delegation = None
    marker_span = None
    for _ in range(3):
        group = _trailing_group(core)
        if not group:
            break
        start, content = group
        content = content.strip()
        span = (start, len(core))
        core = core[:start].strip()
        if marker is None and (is_translation_note(content) or _is_language_note(content)):
            marker, marker_span = content, span
        elif delegation is None and _looks_like_delegation(content):
            delegation = content
    printed = prefix
    if marker_span:
        printed = " ".join((prefix[: marker_span[0]] + " " + prefix[marker_span[1] :]).split())
    return printed, core, marker, delegation


def _looks_like_delegation(text: str) -> bool:
    words = text.replace("(", " ").replace(")", " ").split()
    return 0 < len(words) <= 6 and all(is_capitalised(w) or w in CONNECTORS for w in words)


def strip_text_start(text: str) -> tuple[str, str | None]:
    """Drop a clock timestamp and take a translation marker from the start of a turn's text."""
    marker = None
    for _ in range(3):
        match = _TIMESTAMP.match(text)
        if match:
            text = text[match.end() :]
            continue
        match = _LEADING_PAREN.match(text)
        note = match.group(1) if match else ""
        if match and marker is None and (is_translation_note(note) or _is_language_note(note)):
            marker = match.group(1).strip().rstrip(".").strip()
            text = text[match.end() :]
            continue
        break
    return text.strip(), marker


def _period_ok(word: str) -> bool:
    return (
        is_initial(word)
        or key(word) in HONORIFICS
        or key(word) in _ABBREVIATIONS
        or word in ACRONYMS
        or bool(_GLUED_INITIALS.match(word))
    )


def _shape_ok(core: str) -> bool:
    """Short, no sentence punctuation, every word capitalised or a small connector."""
    if not core or len(core) > 220 or any(c in _BAD_CHARS for c in core):
        return False
    if core.count(",") > 1:
        return False
    words = core.replace(",", " ").split()
    if not words or len(words) > 32 or not is_capitalised(words[0]):
        return False
    lower: list[int] = []
    for at, word in enumerate(words):
        if "." in word and not _period_ok(word):
            return False
        if word in {"-", "–", "—"}:
            continue
        k = key(word)
        capitalised = is_capitalised(word) or word in CONNECTORS or is_particle(word)
        if not capitalised and k not in HONORIFICS and k not in _ROLE_WORDS:
            lower.append(at)
    return not lower or _lower_words_in_role(words, lower)


def _russian_shape_ok(core: str) -> bool:
    """`Министр иностранных дел России Сергей Лавров`: a role in sentence case, then a name."""
    words = core.split()
    return (
        0 < len(core) <= 220
        and is_cyrillic(core)
        and russian.opens_with_role(words)
        and not any(c in '?!;"“”()[]{}<>@#%=+*/\\|_~^$0123456789' for c in core)
        and is_capitalised(words[-1])
    )


def _lower_words_in_role(words: list[str], lower: list[int]) -> bool:
    """`Moderator of the plenary session, ...`: a few lower-case words inside a role's
    `of ...` phrase, in a label that opens with a role word and closes with a name."""
    first_of = next((at for at, w in enumerate(words) if w in {"of", "for", "on", "at"}), None)
    return (
        len(lower) <= 3
        and key(words[0]) in _ROLE_WORDS
        and first_of is not None
        and lower[0] > first_of
        and is_capitalised(words[-1])
        and not is_capitalised(words[-1][:1].lower())
    )


def evaluate(prefix: str, book: NameBook) -> Candidate | None:
    """The label `prefix` would be, and how strong a label it is; None when it cannot be one."""
    if prefix not in book.cache:
        book.cache[prefix] = _evaluate(prefix, book)
    return book.cache[prefix]


def _evaluate(prefix: str, book: NameBook) -> Candidate | None:
    printed, core, marker, delegation = split_markers(prefix)
    candidate = functools.partial(Candidate, printed, core, marker, delegation)
    generic = generic_name(core)
    if generic:
        return candidate(LabelParts(None, generic, None), generic, Strength.STRONG)
    if not _could_be_label(core, delegation):
        return None
    parts = _with_bracketed_role(analyse_label(core, book.anchors), delegation)
    if parts.has_role:
        if any(key(w) in STOPWORDS for w in (parts.name or "").split()):
            return None
        vocative = parts.honorific and not parts.name  # `Mr President:` greets someone
        return candidate(parts, None, Strength.STRONG, vocative=vocative)
    if parts.initials:
        return candidate(parts, None, Strength.STRONG)
    strength = _name_strength(parts, delegation, book)
    return candidate(parts, None, strength) if strength else None


def _could_be_label(core: str, delegation: str | None) -> bool:
    """Shaped like a label, and not a word that introduces data or a country's name."""
    if not (_shape_ok(core) or _russian_shape_ok(core)):
        return False
    words = core.replace(",", " ").split()
    if key(core) in NOT_LABELS or (len(words) <= 2 and key(words[0]) in NOT_LABELS):
        return False
    # `North Korea: ...` opens a sentence; a country does not speak
    return country_from_name(core) is None or bool(delegation)


def _with_bracketed_role(parts: LabelParts, delegation: str | None) -> LabelParts:
    """`Ivo Marek (President of Ruritania)`: the brackets hold the role, not a country."""
    if not delegation or parts.has_role or not parts.name:
        return parts
    held = analyse_label(delegation)
    if held.has_role and not held.name:
        return LabelParts(held.role, parts.name, held.country, True, parts.honorific)
    return parts


def _name_strength(parts: LabelParts, delegation: str | None, book: NameBook) -> Strength:
    """How sure a label made of a name alone is: known, with an honorific, two words, one."""
    if not parts.name:
        return Strength.NONE
    name_words = parts.name.split()
    keys = [key(w) for w in name_words]
    if any(k in STOPWORDS for k in keys) or all(
        k in ROLE_STRUCTURE or k in HEADING_WORDS or k in CONNECTORS for k in keys
    ):
        return Strength.NONE
    if book.knows(parts.name):
        return Strength.KNOWN
    if parts.honorific or delegation:
        return Strength.STRONG
    if len([w for w in name_words if not is_particle(w)]) < 2:
        return Strength.WORD
    if any(k in ROLE_STRUCTURE or k in HEADING_WORDS for k in keys):
        return Strength.WORD  # `Bilateral Trade: It grew`: a topic, unless repeated
    return Strength.NAME if len(name_words) <= 6 else Strength.NONE


def looks_like_attendance(rest: str) -> bool:
    """`Mr. X (Country)` or `Mr. X .......`: the right side of an attendance list entry."""
    return bool(_ATTENDANCE.match(rest))


def is_name_list(rest: str) -> bool:
    """`Jane Doe` or `Jane Doe, Ivo Marek`: names only, as after `Moderator:` in a programme."""
    words = rest.replace(",", " ").split()
    if not 2 <= len(words) <= 8 or any(c in rest for c in "?!;:") or ends_with_period(rest):
        return False
    return all(is_capitalised(w) or w in {"and", "&"} or is_particle(w) for w in words)


def ends_with_period(text: str) -> bool:
    return text.endswith(".") and not is_initial(text.rsplit(" ", 1)[-1])


def a_prefix(text: str) -> str | None:
    """The text after `A.` or `A:` opening a paragraph (an answer after `Q.`), else None."""
    match = _A_PREFIX.match(text)
    return text[match.end() :] if match else None


def q_prefix(text: str) -> str | None:
    """The text after a bare `Q` that opens a paragraph (`Q Mr. President, ...`), else None."""
    match = _Q_PREFIX.match(text)
    return text[match.end() :] if match else None
