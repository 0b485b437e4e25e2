"""Paragraphs: hard-wrapped lines joined, single-newline paragraphs kept, headings told apart."""

import re

from . import russian
from .chrome import is_tail_start
from .speakers import key
from .vocabulary import HEADING_WORDS

_SEPARATOR = re.compile(r"^(?:[*\-–—_=~•·#]\s*){3,}$")
_PROCEDURAL = re.compile(
    r"^\(?The (?:meeting|sitting|session|briefing|press briefing|press conference|call|"
    r"conference|event|interview) (?:rose|resumed|ended|concluded|was (?:called to order|"
    r"suspended|adjourned|resumed|closed|concluded|ended))\b.{0,60}$",
    re.IGNORECASE,
)
_CLOSING = re.compile(r"\b(?:rose|ended|concluded|adjourned|closed)\b", re.IGNORECASE)
_LEADERS = re.compile(r"\.{4,}|…{2,}|(?:\. ){4,}")
_SENTENCE_END_CHARS = frozenset(".!?…:;»”\"')]>")


def ends_sentence(text: str) -> bool:
    """Whether the text ends with sentence punctuation, a closing quote or bracket."""
    return text[-1:] in _SENTENCE_END_CHARS


def is_separator(text: str) -> bool:
    """`* * *`, `***`, `———`: a break between parts of a page."""
    return bool(_SEPARATOR.match(text))


# `Mr. Omar Haddad, President of ..., was escorted into the General Assembly Hall.`
_RECORD_NOTE = re.compile(
    r"^.{3,200}?\b(?:was|were) escorted (?:into|from) the .{0,60}Hall\.?$"
    r"|^.{3,160}?\b(?:took|resumed) (?:the Chair|a seat at the Council table)\.?$"
)


def is_procedural(text: str) -> bool:
    """A record's note such as `The meeting rose at 11.30 a.m.`: not anyone's speech."""
    return bool(_PROCEDURAL.match(text) or (len(text) <= 260 and _RECORD_NOTE.match(text)))


def is_closing(text: str) -> bool:
    """`The meeting rose at 4.10 p.m.`, `(The briefing was concluded at 3:02 p.m.)`."""
    return is_procedural(text) and bool(_CLOSING.search(text))


def is_heading(text: str) -> bool:
    """A short line without final punctuation naming a part of the event: `Press statements`."""
    if len(text) > 120 or ends_sentence(text.rstrip(")")) or text.endswith(","):
        return False
    words = text.split()
    if not words or len(words) > 14 or not words[0][:1].isupper():
        return False
    return any(
        (k := key(w).strip("-–—")) in HEADING_WORDS or k in russian.HEADING_WORDS for w in words
    )


def is_hard_wrapped(texts: list[list[str]]) -> bool:
    """True when the lines of multi-line blocks look cut at a fixed width mid-sentence.

    Only lines that reach most of the width count: a short line ending in a comma is a
    vocative (`Mr President,`) or a list item, not a line cut by a wrap.
    """
    texts = _without_tables(texts)
    lengths = sorted(len(t) for block in texts for t in block)
    if not lengths:
        return False
    high = lengths[int(len(lengths) * 0.9)]
    inner = [
        t
        for block in texts
        for t in block[:-1]
        if len(t) >= 0.6 * high
        and not is_heading(t)
        and not is_tail_start(t)
        and not _vocative_after_label(t)
    ]
    if len(inner) < 3:
        return False
    open_ends = sum(not ends_sentence(t) for t in inner)
    if open_ends >= 0.5 * len(inner) and (high <= 100 or open_ends >= 0.75 * len(inner)):
        return True
    # Many short one-line turns dilute the count: judge by the lines that reach the width.
    full = [t for t in inner if len(t) >= 0.8 * high]
    cut = sum(not ends_sentence(t) for t in full)
    return high <= 100 and len(full) >= 4 and cut >= 0.6 * len(full)


def _vocative_after_label(text: str) -> bool:
    """`President of Russia Vladimir Putin: Mr President, friends,`: not a wrapped line."""
    return text.endswith(",") and ":" in text and len(text.rsplit(":", 1)[1]) <= 30


def _has_leaders(text: str) -> bool:
    """`France ........ Ms. Dubois`: dot leaders of an attendance table."""
    return ("...." in text or ". . . ." in text or "……" in text) and bool(_LEADERS.search(text))


def _without_tables(texts: list[list[str]]) -> list[list[str]]:
    """Blocks with attendance-table lines (`France ........ Ms. Dubois`) cut out of them."""
    if not any(_has_leaders(t) for block in texts for t in block):
        return texts
    out: list[list[str]] = []
    for block in texts:
        run: list[str] = []
        for text in block:
            if _has_leaders(text):
                if run:
                    out.append(run)
                run = []
            else:
                run.append(text)
        if run:
            out.append(run)
    return out


def wrap_width(texts: list[list[str]]) -> int:
    lengths = sorted(len(t) for block in texts for t in block)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _cut_before(prev: str, line: str) -> bool:
    """Whether `line` continues `prev` though the page is not hard-wrapped as a whole."""
    if ends_sentence(prev) or prev.endswith(("-", "–", "—")) or is_separator(line):
        return False
    if _has_leaders(prev) or _has_leaders(line):
        return False
    if line[:1].islower() and not prev.endswith(","):
        return True
    # A short line ending in a comma is a vocative (`Mr President,`); a long one was cut.
    return len(prev) >= 45 and line[:1].isalnum() and not is_heading(prev)


def join_wrapped(lines: list[str]) -> str:
    """Join hard-wrapped lines into one paragraph; a line-final hyphen joins without a space."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out.endswith("-") and out[-2:-1].isalpha() and line[:1].isalpha():
            out += line
        else:
            out += " " + line
    return out


def paragraphs_of(
    lines: list[str], *, wrapped: bool, width: int, dense: bool, indent: int = 0
) -> list[str]:
    """Paragraphs from one run of text lines with no blank line inside.

    `indent` is how much wider the first line was on the page (a label stood before it).
    """
    if not lines:
        return []
    if not wrapped:
        return _unwrapped_paragraphs(lines)
    if any(_has_leaders(line) for line in lines):
        return _split_at_leader_lines(lines, width=width, dense=dense)
    if not dense:
        return [join_wrapped(lines)]
    return _dense_paragraphs(lines, width=width, indent=indent)


def _unwrapped_paragraphs(lines: list[str]) -> list[str]:
    """A line each, except that a line cut mid-sentence joins the lower-case line after it.

    Even without a wrap width, `I tried to get` ⏎ `them to ...` are one paragraph.
    """
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and _cut_before(paragraphs[-1], line):
            paragraphs[-1] = join_wrapped([paragraphs[-1], line])
        else:
            paragraphs.append(line)
    return paragraphs


def _split_at_leader_lines(lines: list[str], *, width: int, dense: bool) -> list[str]:
    """Lines with dot leaders (an attendance table) stand alone; the runs between are read."""
    paragraphs: list[str] = []
    run: list[str] = []
    for line in lines:
        if _has_leaders(line):
            paragraphs += paragraphs_of(run, wrapped=True, width=width, dense=dense) + [line]
            run = []
        else:
            run.append(line)
    return paragraphs + paragraphs_of(run, wrapped=True, width=width, dense=dense)


def _dense_paragraphs(lines: list[str], *, width: int, indent: int) -> list[str]:
    """No blank lines anywhere: a short line that ends a sentence ends a paragraph."""
    paragraphs: list[str] = []
    current: list[str] = []
    for at, line in enumerate(lines):
        if is_procedural(line) or (not current and is_heading(line)):
            if current:  # `The meeting was called to order ...`, `Adoption of the agenda`
                paragraphs.append(join_wrapped(current))
            paragraphs.append(line)
            current = []
            continue
        current.append(line)
        printed = len(line) + (indent if at == 0 else 0)
        if ends_sentence(line) and printed < 0.75 * width:
            paragraphs.append(join_wrapped(current))
            current = []
    if current:
        paragraphs.append(join_wrapped(current))
    return paragraphs
