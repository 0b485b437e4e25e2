"""How similar turns are (meetings/turn_matching.py), to place its thresholds: prints figures.

    .venv/bin/python bench/turn_matching.py

Every golden transcript of tests/data/transcripts is parsed. "Unrelated" pairs are two
different turns of one transcript (same speaker, or not); "edited" pairs are a turn beside a
light edit of itself: a word replaced in every twenty, the last sentence dropped, a sentence
added, the punctuation changed. The matcher pairs a turn with an old one at SAME_SPEAKER or
more, so edited pairs should score above it and unrelated ones below.
"""

import random
import re
import statistics
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetings.parsing import ParseError, parse_transcript  # noqa: E402
from meetings.turn_matching import OTHER_SPEAKER, SAME_SPEAKER, similarity, words  # noqa: E402

DATA = ROOT / "tests" / "data" / "transcripts"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
LONG = 20  # words: shorter turns are compared, but not edited


def transcripts() -> list[list[tuple[str, str]]]:
    found = []
    for path in sorted(DATA.glob("*.txt")):
        try:
            parsed = parse_transcript(path.read_text(encoding="utf-8"))
        except ParseError:
            continue
        found.append([(turn.speaker, turn.text) for turn in parsed.turns])
    return found


def edits(text: str, rng: random.Random) -> dict[str, str]:
    tokens = text.split()
    swapped = ["indeed" if n % 20 == rng.randrange(20) else token for n, token in enumerate(tokens)]
    sentences = SENTENCE_END.split(text)
    return {
        "a word in twenty replaced": " ".join(swapped),
        "last sentence dropped": " ".join(sentences[:-1]) if len(sentences) > 1 else text,
        "a sentence added": text + " We will come back to this question later.",
        "punctuation changed": text.replace(",", "").replace(".", ";"),
    }


def describe(label: str, scores: list[float]) -> None:
    if not scores:
        return
    cuts = statistics.quantiles(scores, n=100, method="inclusive")
    print(
        f"{label:<50} {len(scores):>6} pairs   p1 {cuts[0]:5.1f}   p50 {cuts[49]:5.1f}"
        f"   p99 {cuts[98]:5.1f}   max {max(scores):5.1f}"
    )


def main() -> None:
    rng = random.Random(7)
    same, other = [], []
    close = []
    edited: dict[str, list[float]] = {}
    for turns in transcripts():
        for (sa, ta), (sb, tb) in combinations(turns, 2):
            if words(ta) == words(tb):
                continue
            score = similarity(words(ta), words(tb))
            (same if sa == sb else other).append(score)
            if sa == sb and score >= SAME_SPEAKER:
                close.append((score, ta, tb))
        for _, text in turns:
            if len(words(text)) < LONG:
                continue
            for kind, changed in edits(text, rng).items():
                edited.setdefault(kind, []).append(similarity(words(text), words(changed)))
    print(f"Thresholds: same speaker {SAME_SPEAKER}, other speaker {OTHER_SPEAKER}\n")
    describe("unrelated, same speaker", same)
    describe("unrelated, other speaker", other)
    for kind, scores in edited.items():
        describe(f"edited ({LONG}+ words): {kind}", scores)
    print(f"\nUnrelated same-speaker pairs at or above {SAME_SPEAKER}: {len(close)} of {len(same)}")
    for score, a, b in close:
        print(f"  {score:5.1f}  {a[:60]!r}  ~  {b[:60]!r}")


if __name__ == "__main__":
    main()
