"""The search audit: every hit holds what was asked, every statement that holds it is found.

Queries are drawn with a fixed seed from the statements themselves: words of high, middle
and low frequency, two- and three-word phrases, prefixes of 4 to 9 letters, exclusions and
`OR`, some of each narrowed by a speaker, a country, a kind or a date range. The expected
statements are computed by brute force over the database text, analysed as the engine
analyses it (`ParleyBackend.words` and `stem`); the engine's answer is read through every
page of `search_turns`, as the search page shows it. The one deliberate difference between
the engines is written down here: Whoosh matches a phrase's words by their stems (`"peace
talk"` finds "peace talks"), Xapian by the words as written.

    python manage.py search_audit --queries 500
"""

import datetime
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from haystack import connections
from haystack.constants import DEFAULT_ALIAS

from ..models import Meeting, Participation, Turn
from .contract import ParleyBackend
from .query import TOO_COMMON, parse_query
from .results import MAX_RESULT_WINDOW, PAGE_SIZE, Filters, search_turns

KINDS = ("frequent", "middle", "rare", "phrase2", "phrase3", "prefix", "exclude", "or")


@dataclass
class Statement:
    pk: int
    words: list[str]  # as the engine splits them, lower case, in order
    stems: list[str]
    speaker: str
    country: str
    kind: str
    date: datetime.date

    def __post_init__(self) -> None:
        self.stem_set = set(self.stems)


@dataclass
class Case:
    kind: str
    q: str
    filters: Filters
    expected: set[int]
    found: set[int] = field(default_factory=set)

    @property
    def right(self) -> bool:
        return self.found == self.expected


@dataclass
class Report:
    engine: str
    cases: list[Case] = field(default_factory=list)
    skipped: int = 0

    @property
    def precision(self) -> float:
        found = sum(len(c.found) for c in self.cases)
        right = sum(len(c.found & c.expected) for c in self.cases)
        return right / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = sum(len(c.expected) for c in self.cases)
        right = sum(len(c.found & c.expected) for c in self.cases)
        return right / expected if expected else 1.0

    @property
    def wrong(self) -> list[Case]:
        return [case for case in self.cases if not case.right]

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """kind -> (queries, queries answered exactly)."""
        counts: dict[str, list[int]] = {}
        for case in self.cases:
            row = counts.setdefault(case.kind, [0, 0])
            row[0] += 1
            row[1] += case.right
        return {kind: (n, right) for kind, (n, right) in counts.items()}


def load_statements(backend: ParleyBackend) -> list[Statement]:
    roles = {
        (p["meeting_id"], p["person_id"]): p["country"]
        for p in Participation.objects.values("meeting_id", "person_id", "country")
    }
    statements = []
    rows = (
        Turn.objects.filter(meeting__status=Meeting.Status.PUBLISHED)
        .values_list(
            "pk",
            "text",
            "meeting_id",
            "speaker_id",
            "speaker__slug",
            "speaker__country",
            "meeting__kind",
            "meeting__date",
        )
        .order_by("pk")
    )
    for pk, text, meeting_id, speaker_id, slug, home, kind, date in rows.iterator(2000):
        words = backend.words(text)
        statements.append(
            Statement(
                pk=pk,
                words=words,
                stems=[backend.stem(word) for word in words],
                speaker=slug or "",
                country=roles.get((meeting_id, speaker_id)) or home or "",
                kind=kind,
                date=date,
            )
        )
    return statements


class Oracle:
    """Which statements hold a query's terms, by brute force."""

    def __init__(
        self, statements: list[Statement], stem: Callable[[str], str], phrases_by_stem: bool
    ):
        self.statements = statements
        self.stem = stem
        self.phrases_by_stem = phrases_by_stem

    def holds(self, statement: Statement, term) -> bool:
        if term.prefix:
            return any(word.startswith(term.words[0]) for word in statement.words)
        if len(term.words) == 1:
            return self.stem(term.words[0]) in statement.stem_set
        if self.phrases_by_stem:
            wanted, sequence = [self.stem(w) for w in term.words], statement.stems
        else:
            wanted, sequence = list(term.words), statement.words
        size = len(wanted)
        return any(sequence[i : i + size] == wanted for i in range(len(sequence) - size + 1))

    def expected(self, q: str, filters: Filters) -> set[int]:
        parsed = parse_query(q)
        groups = parsed.searched_groups()
        return {
            s.pk
            for s in self.statements
            if _within(s, filters)
            and all(any(self.holds(s, term) for term in group) for group in groups)
            and not any(self.holds(s, term) for term in parsed.excluded)
        }


def _within(statement: Statement, filters: Filters) -> bool:
    return (
        (not filters.speakers or statement.speaker in filters.speakers)
        and (not filters.country or statement.country == filters.country)
        and (not filters.kind or statement.kind == filters.kind)
        and (not filters.date_from or statement.date >= filters.date_from)
        and (not filters.date_to or statement.date <= filters.date_to)
    )


def _searchable(word: str) -> bool:
    return word.isalpha() and len(word) > 1 and word not in TOO_COMMON


def draw_queries(
    statements: list[Statement], count: int, seed: int
) -> Iterator[tuple[str, str, Filters]]:
    """(kind, query text, filters), `count` of them, the same for the same seed and archive."""
    rng = random.Random(seed)
    spoken = [s for s in statements if any(_searchable(w) for w in s.words)]
    if not spoken:
        return
    frequency = Counter(w for s in spoken for w in set(s.words) if _searchable(w))
    ranked = [word for word, _ in frequency.most_common()]
    third = max(1, len(ranked) // 3)
    bands = {
        "frequent": ranked[:third],
        "middle": ranked[third : 2 * third] or ranked,
        "rare": ranked[2 * third :] or ranked,
    }

    def some_word(statement: Statement) -> str:
        return rng.choice([w for w in statement.words if _searchable(w)])

    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        statement = rng.choice(spoken)
        if kind in bands:
            q = rng.choice(bands[kind])
        elif kind.startswith("phrase"):
            size = int(kind[-1])
            runs = [
                statement.words[i : i + size]
                for i in range(len(statement.words) - size + 1)
                if all(w.isalpha() for w in statement.words[i : i + size])
                and any(_searchable(w) for w in statement.words[i : i + size])
            ]
            if not runs:
                continue
            q = '"' + " ".join(rng.choice(runs)) + '"'
        elif kind == "prefix":
            word = rng.choice(
                [w for w in statement.words if _searchable(w) and len(w) >= 4]
                or [some_word(statement)]
            )
            if len(word) < 4:
                continue
            q = word[: rng.randint(4, min(9, len(word)))] + "*"
        elif kind == "exclude":
            q = f"{some_word(statement)} -{rng.choice(bands['frequent'])}"
        else:
            q = f"{some_word(statement)} OR {rng.choice(ranked)}"
        yield kind, q, _some_filters(rng, statement, n)


def _some_filters(rng: random.Random, statement: Statement, n: int) -> Filters:
    """No filter for half the queries; then a speaker, country, kind or date range."""
    choice = n // len(KINDS) % 6
    if choice == 2 and statement.speaker:
        return Filters(speakers=[statement.speaker])
    if choice == 3 and statement.country:
        return Filters(country=statement.country)
    if choice == 4:
        return Filters(kind=statement.kind)
    if choice == 5:
        start = statement.date - datetime.timedelta(days=rng.randint(0, 400))
        end = start + datetime.timedelta(days=rng.randint(30, 900))
        return Filters(date_from=start, date_to=end)
    return Filters()


def found_by_search(q: str, filters: Filters, using: str) -> tuple[set[int], bool]:
    """Every statement the search returns, read page by page; and whether it was cut short."""
    parsed = parse_query(q)
    found: set[int] = set()
    page = 1
    while True:
        results = search_turns(parsed, filters, page=page, using=using)
        if results.too_broad:
            return found, True
        found.update(hit.pk for hit in results.hits)
        if not results.page.has_next():
            return found, False
        page += 1


def run_audit(
    queries: int = 500,
    seed: int = 1,
    using: str = DEFAULT_ALIAS,
    max_expected: int = MAX_RESULT_WINDOW - PAGE_SIZE,
) -> Report:
    """Draw `queries` and compare; a query expecting more than `max_expected` statements
    (at most what can be paged through) is skipped and counted."""
    backend = connections[using].get_backend()
    if not isinstance(backend, ParleyBackend):
        raise TypeError("The audit needs one of Parley's engines (Whoosh or Xapian).")
    name = type(backend).__name__
    statements = load_statements(backend)
    oracle = Oracle(statements, backend.stem, backend.phrases_by_stem)
    report = Report(engine=name)
    for kind, q, filters in draw_queries(statements, queries, seed):
        expected = oracle.expected(q, filters)
        if len(expected) > max_expected:
            report.skipped += 1
            continue
        found, cut = found_by_search(q, filters, using)
        if cut:
            report.skipped += 1
            continue
        report.cases.append(Case(kind, q, filters, expected, found))
    return report
