"""Paragraphs: hard-wrapped lines joined, single-newline paragraphs kept, headings told apart."""

import re

from .speakers import key
from .vocabulary import HEADING_WORDS

_SEPARATOR = re.compile(r"^(?:[*\-–—_=~•·#]\s*){3,}$")
_PROCEDURAL = re.compile(
    r"^The (?:meeting|sitting|session) (?:rose|resumed|was (?:called to order|suspended|"
    r"adjourned|resumed|closed))\b.{0,60}$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;»”\"')\]>]$")


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def is_separator(text: str) -> bool:
    """`* * *`, `***`, `———`: a break between parts of a page."""
    return bool(_SEPARATOR.match(text))


def is_procedural(text: str) -> bool:
    """A record's note such as `The meeting rose at 11.30 a.m.`: not anyone's speech."""
    return bool(_PROCEDURAL.match(text))


def is_heading(text: str) -> bool:
    """A short line without final punctuation naming a part of the event: `Press statements`."""
    if len(text) > 120 or ends_sentence(text.rstrip(")")) or text.endswith(","):
        return False
    words = text.split()
    if not words or len(words) > 14 or not words[0][:1].isupper():
        return False
    return any(key(w).strip("-–—") in HEADING_WORDS for w in words)


def is_hard_wrapped(texts: list[list[str]]) -> bool:
    """True when the lines of multi-line blocks look cut at a fixed width mid-sentence."""
    lengths: list[int] = []
    inner = open_ends = 0
    for block in texts:
        lengths.extend(len(t) for t in block)
        for text in block[:-1]:
            inner += 1
            open_ends += not ends_sentence(text)
    if inner < 3:
        return False
    lengths.sort()
    high = lengths[int(len(lengths) * 0.9)] if lengths else 0
    return open_ends >= 0.5 * inner and (high <= 100 or open_ends >= 0.75 * inner)


def wrap_width(texts: list[list[str]]) -> int:
    lengths = sorted(len(t) for block in texts for t in block)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


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


def paragraphs_of(lines: list[str], *, wrapped: bool, width: int, dense: bool) -> list[str]:
    """Paragraphs from one run of text lines with no blank line inside."""
    if not lines:
        return []
    if not wrapped:
        return list(lines)
    if not dense:
        return [join_wrapped(lines)]
    # No blank lines anywhere: a short line that ends a sentence ends a paragraph.
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        current.append(line)
        if ends_sentence(line) and len(line) < 0.75 * width:
            out.append(join_wrapped(current))
            current = []
    if current:
        out.append(join_wrapped(current))
    return out
