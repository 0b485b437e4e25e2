"""Detecting text extracted from a two-column PDF, whose lines mix two columns."""

import re
import statistics

from .errors import ParseError

_GAP = re.compile(r"(?<=\S)(?: {3,}|\t+)(?=\S)")
_MIN_SIDE = 15


def check_columns(raw_lines: list[str]) -> None:
    """Raise ParseError when most long lines hold two columns side by side."""
    long_lines = 0
    gaps: list[tuple[int, int]] = []
    for no, line in enumerate(raw_lines, start=1):
        line = line.replace("\u00a0", " ").rstrip()
        if len(line.strip()) < 40:
            continue
        long_lines += 1
        indent = len(line) - len(line.lstrip())
        for match in _GAP.finditer(line):
            left = line[indent : match.start()]
            right = line[match.end() :]
            if len(left) >= _MIN_SIDE and len(right) >= _MIN_SIDE and not left.endswith(":"):
                gaps.append((no, match.end()))
                break
    if len(gaps) < 5 or len(gaps) < 0.3 * long_lines:
        return
    middle = statistics.median(pos for _, pos in gaps)
    aligned = [no for no, pos in gaps if abs(pos - middle) <= 8]
    if len(aligned) >= 0.6 * len(gaps):
        raise ParseError(
            "The text looks like two-column PDF output with the columns interleaved "
            "line by line; it cannot be read as a transcript (copy one column at a time)",
            aligned[0],
        )
