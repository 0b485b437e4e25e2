"""Which turns of a new reading of a transcript continue which turns already published.

A pure function: `match_turns(old, new)` returns, for each new turn, the index of the old turn
whose permanent number it keeps, or None for a statement that is new. The pairs keep their
order (an alignment, as `diff` aligns lines): identical texts are anchored first, then the
turns between two anchors are paired by similarity, and a turn split in two (or two merged
into one) keeps its number on the part that matches it best.

Similarity is word-level: the share of words two texts have in common, in order (an indel
ratio over word sequences, 0-100), with case and punctuation ignored. A light edit (a
corrected typo, a sentence added or dropped, punctuation) keeps most words in order; two
different statements, even of the same speaker at the same meeting, share few words in order.
`bench/turn_matching.py` measures both on the test transcripts: edited pairs score well
above SAME_SPEAKER, unrelated pairs well below it.
"""

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

# The least similarity (0-100) at which a turn continues an old one of the same speaker.
# On the golden transcripts, unrelated turns of one speaker score 0 at the median and 36 at
# the 99th percentile (the highest, 62, two short courtesies sharing "thank you for the");
# a turn of 20+ words with a word in twenty replaced scores 89 or more, with a sentence
# added 83 or more; "Thank you." beside "Thank you very much." scores 67.
SAME_SPEAKER = 65
# Between two matched pairs, the turns still unmatched are paired again at this lower
# similarity, same speaker only: there, a statement rewritten in place is far likelier than
# two unrelated ones sharing this many words in order (99% of unrelated pairs score less).
IN_GAP = 40
# With a different speaker, only a near-identical text is the same statement with its
# speaker corrected.
OTHER_SPEAKER = 90
# A replacement block of more than this many pairs (every turn of a long meeting changed,
# say by a new version of the parser) is cut along its diagonal into blocks this size.
FULL_COMPARISON_CELLS = 40_000
# The most pieces a turn is taken to have been split into (or merged from).
MAX_PIECES = 6

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class TurnText:
    """A turn as the matcher sees it: who speaks (any key that is equal for the same
    speaker) and what they say."""

    speaker: str
    text: str


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Word-level similarity of two texts given as word lists, 0-100."""
    if not a and not b:
        return 100.0
    return Indel.normalized_similarity(a, b) * 100


def match_turns(old: Sequence[TurnText], new: Sequence[TurnText]) -> list[int | None]:
    """For each new turn, the index of the old turn it continues, or None."""
    old_words = [words(t.text) for t in old]
    new_words = [words(t.text) for t in new]
    matched: list[int | None] = [None] * len(new)
    old_keys = [" ".join(w) for w in old_words]
    new_keys = [" ".join(w) for w in new_words]
    blocks = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in blocks:
        if tag == "equal":
            for k in range(i2 - i1):
                matched[j1 + k] = i1 + k
        elif tag == "replace":
            for rows, cols in _diagonal_blocks(range(i1, i2), range(j1, j2)):
                for i, j in _align(old, new, old_words, new_words, rows, cols):
                    matched[j] = i
            _match_pieces(old, new, old_words, new_words, i1, i2, j1, j2, matched)
    return matched


def _threshold(a: TurnText, b: TurnText) -> float:
    return SAME_SPEAKER if a.speaker == b.speaker else OTHER_SPEAKER


def _in_gap(a: TurnText, b: TurnText) -> float:
    return IN_GAP if a.speaker == b.speaker else 101  # never across speakers


def _diagonal_blocks(rows: range, cols: range) -> list[tuple[range, range]]:
    n, m = len(rows), len(cols)
    pieces = 1
    while (n / pieces) * (m / pieces) > FULL_COMPARISON_CELLS:
        pieces += 1
    return [
        (
            rows[n * k // pieces : n * (k + 1) // pieces],
            cols[m * k // pieces : m * (k + 1) // pieces],
        )
        for k in range(pieces)
    ]


def _align(
    old, new, old_words, new_words, rows: Sequence[int], cols: Sequence[int], threshold=_threshold
) -> list[tuple[int, int]]:
    """The order-keeping pairing of old rows and new cols with the greatest total similarity,
    counting only pairs above their threshold (a Needleman-Wunsch alignment without gap
    costs)."""
    n, m = len(rows), len(cols)

    def score(a: int, b: int) -> float:
        i, j = rows[a], cols[b]
        limit = threshold(old[i], new[j])
        if limit > 100:
            return 0.0
        value = (
            Indel.normalized_similarity(old_words[i], new_words[j], score_cutoff=limit / 100) * 100
        )
        return value if value >= limit else 0.0

    # best[a][b]: the best total for rows[:a] and cols[:b]; moves: 0 skip row, 1 skip col,
    # 2 pair.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    for b in range(1, m + 1):
        move[0][b] = 1
    for a in range(1, n + 1):
        row, prev = best[a], best[a - 1]
        for b in range(1, m + 1):
            row[b], move[a][b] = (prev[b], 0) if prev[b] >= row[b - 1] else (row[b - 1], 1)
            value = score(a - 1, b - 1)
            if value and prev[b - 1] + value > row[b]:
                row[b], move[a][b] = prev[b - 1] + value, 2
    pairs = []
    a, b = n, m
    while a and b:
        step = move[a][b]
        if step == 2:
            pairs.append((rows[a - 1], cols[b - 1]))
            a, b = a - 1, b - 1
        elif step == 0:
            a -= 1
        else:
            b -= 1
    return pairs[::-1]


def _match_pieces(old, new, old_words, new_words, i1, i2, j1, j2, matched) -> None:
    """Give an unmatched old turn to the best piece of a run of new turns that together say
    what it said (a split), and an unmatched new turn the number of the best of a run of old
    turns it joins (a merge)."""
    taken = {i for i in matched[j1:j2] if i is not None}
    # Between two consecutive pairs of the block, the unmatched turns on each side.
    anchors = [(i1 - 1, j1 - 1)] + [
        (matched[j], j) for j in range(j1, j2) if matched[j] is not None
    ]
    anchors.append((i2, j2))
    for (oi, oj), (ni, nj) in zip(anchors, anchors[1:], strict=False):
        free_old = [i for i in range(oi + 1, ni) if i not in taken]
        free_new = list(range(oj + 1, nj))
        if not free_old or not free_new:
            continue
        # A split: one old turn, several new pieces in a row.
        for i in free_old:
            run = _best_run(old_words[i], old[i].speaker, free_new, new, new_words)
            if run:
                best = max(run, key=lambda j: similarity(old_words[i], new_words[j]))
                matched[best] = i
                taken.add(i)
                free_new = [j for j in free_new if j > run[-1]]
        # A merge: one new turn, several old turns in a row.
        free_old = [i for i in free_old if i not in taken]
        free_new = [j for j in range(oj + 1, nj) if matched[j] is None]
        for j in free_new:
            run = _best_run(new_words[j], new[j].speaker, free_old, old, old_words)
            if run:
                matched[j] = max(run, key=lambda i: similarity(new_words[j], old_words[i]))
                taken.add(matched[j])
                free_old = [i for i in free_old if i > run[-1]]
        # Statements rewritten in place.
        free_old = [i for i in free_old if i not in taken]
        free_new = [j for j in free_new if matched[j] is None]
        if free_old and free_new and len(free_old) * len(free_new) <= FULL_COMPARISON_CELLS:
            for i, j in _align(
                old, new, old_words, new_words, free_old, free_new, threshold=_in_gap
            ):
                matched[j] = i


def _best_run(target, speaker, candidates, turns, turn_words) -> list[int]:
    """The run of consecutive candidates (two or more, same speaker) whose joined text is
    most similar to `target`, if it passes SAME_SPEAKER."""
    best, best_score = [], 0.0
    for start in range(len(candidates)):
        joined: list[str] = []
        for end in range(start, min(start + MAX_PIECES, len(candidates))):
            k = candidates[end]
            if turns[k].speaker != speaker or (end > start and k != candidates[end - 1] + 1):
                break
            joined = joined + turn_words[k]
            if end > start:
                value = similarity(target, joined)
                if value >= SAME_SPEAKER and value > best_score:
                    best, best_score = candidates[start : end + 1], value
    return best
