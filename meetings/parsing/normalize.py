"""Checking raw input and cutting it into clean, numbered lines."""

import re
from dataclasses import dataclass

from .columns import check_columns
from .errors import ParseError

_NEWLINE = re.compile(r"\r\n|[\r\n\u2028\u2029]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u00ad\u2060"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


@dataclass(frozen=True)
class Line:
    """One input line, whitespace normalised; `no` is its 1-based number in the input."""

    no: int
    text: str


_SPACE = re.compile(r"\s")


def _line_of(text: str, pos: int) -> int:
    return len(_NEWLINE.findall(text, 0, pos)) + 1


def prepare(text: str) -> tuple[list[Line], list[str]]:
    """Reject empty or binary input; return the lines and warnings about what was removed."""
    if not text or not text.strip():
        raise ParseError("The text is empty")
    nul = text.find("\x00")
    if nul >= 0:
        raise ParseError(
            "The text contains NUL bytes: this is a binary file, not a transcript",
            _line_of(text, nul),
        )
    warnings: list[str] = []
    sample = text[:200_000]
    visible = len(sample) - len(_SPACE.findall(sample)) or 1
    controls = _CONTROL.findall(sample)
    if len(controls) > 0.05 * visible or sample.count("\ufffd") > 0.05 * visible:
        first = _CONTROL.search(text) or re.search("\ufffd", text)
        raise ParseError(
            "The text is mostly control characters or undecodable bytes: "
            "this looks like a binary file, not a transcript",
            _line_of(text, first.start()) if first else None,
        )
    found = _CONTROL.search(text)
    if found:
        count = len(_CONTROL.findall(text))
        line = _line_of(text, found.start())
        warnings.append(f"line {line}: removed {count} control character(s)")
        text = _CONTROL.sub(" ", text)
    found = _BIDI.search(text)
    if found:
        count = len(_BIDI.findall(text))
        warnings.append(
            f"line {_line_of(text, found.start())}: removed {count} bidirectional "
            f"control character(s) such as U+{ord(found.group()):04X}"
        )
        text = _BIDI.sub("", text)
    text = text.translate(_INVISIBLE)
    raw = _NEWLINE.split(text)
    check_columns(raw)
    lines = [Line(no, " ".join(value.split())) for no, value in enumerate(raw, start=1)]
    return lines, warnings
