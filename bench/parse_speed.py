"""Parser speed on large and hostile inputs: prints seconds per input, asserts nothing.

    .venv/bin/python bench/parse_speed.py

The inputs are those of tests/test_parser.py (which checks that they parse, or are refused,
whole): the seed transcript repeated to 5 MB, 5 MB of role-only labels, three pathological
texts, and the seed itself (mean of 50 parses).
"""

import contextlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetings.parsing import ParseError, parse_transcript  # noqa: E402

SEED = ROOT / "tests" / "data" / "transcripts" / "kremlin-seed-aliyev.txt"


def timed(label, text, repeat=1):
    started = time.perf_counter()
    for _ in range(repeat):
        with contextlib.suppress(ParseError):
            parse_transcript(text)
    seconds = (time.perf_counter() - started) / repeat
    print(f"{label:<40} {len(text) / 1e6:6.2f} MB  {seconds * 1000:9.1f} ms")


def main():
    seed = SEED.read_text(encoding="utf-8")
    head, body = seed.split("Samarkand\n\n", 1)
    body = body.rsplit("September 16", 1)[0]
    timed("seed transcript (mean of 50)", seed, repeat=50)
    big = head + "Samarkand\n\n" + body * (5_000_000 // len(body) + 1)
    timed("seed body repeated to 5 MB", big)
    turn = (
        "THE PRESIDENT: That's up to the House. We will see what happens next week.\n\n"
        "Q Mr. President, on the budget: will you sign it?\n\n"
        "PRIME MINISTER DOE: (As interpreted.) We agree.\n\n"
    )
    head2 = "Remarks by President Biden and Prime Minister Doe\n\nJune 10, 2023\n\nSouth Lawn\n\n"
    timed("role-only labels, 5 MB", head2 + turn * (5_000_000 // len(turn) + 1))
    timed("one 2 MB word", "a" * 2_000_000)
    timed("200 lines of 2,000 labels", ("Word: " * 2000 + "\n") * 200)
    timed("'President of ' x 100,000", "President of " * 100_000)


if __name__ == "__main__":
    main()
