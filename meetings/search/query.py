"""The search box's syntax, turned into a Haystack query that no input can break.

All words must match; `"exact phrase"`; `a OR b`; `-word` or `-"a phrase"` excludes;
`prefix*`. Everything else (brackets, colons, `^`, `~`, stray quotes, control characters)
only separates words, so user input never reaches the engine's own query syntax.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from haystack.inputs import Clean, Exact
from haystack.query import SQ
from whoosh.analysis import STOP_WORDS

# Documented on the help page: longer queries are cut, extra words dropped.
MAX_QUERY_LENGTH = 500
MAX_TERMS = 24
# Shorter prefixes would expand to too many words to search in bounded time.
MIN_PREFIX_LENGTH = 3

# A statement matches by its own words only: the meeting's title, place and lead, and the
# speaker's name and role, are said above the statements instead (context.py).
SEARCH_FIELDS = ("text",)
# A word on its own that nearly every statement holds is left out, and the page says so;
# inside a phrase it stays, as the index keeps every word's position.
TOO_COMMON = STOP_WORDS

_TOKEN_RE = re.compile(
    r"""
    (?P<neg>-)?"(?P<phrase>[^"]*)"?       # a phrase; an unclosed quote runs to the end
    | (?P<neg2>-)?(?P<word>[\w'’.-]*\w)(?P<star>\*)?   # a word, maybe hyphenated or a prefix
    """,
    re.VERBOSE,
)
_WORD_RE = re.compile(r"\w+")
# Hyphens and apostrophes split a word into a phrase; inner dots stay, as the engine keeps them.
_WORD_SPLIT_RE = re.compile(r"[-'’]+")


@dataclass(frozen=True)
class Term:
    """A word, phrase or prefix, as the engine will see it."""

    words: tuple[str, ...]
    prefix: bool = False
    # Too common to search for: kept where it was typed (names such as "Republic of
    # Azerbaijan" are read from the words in order), never sent to the engine.
    common: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class ParsedQuery:
    """What the user asked for: groups that must all match, each any of its terms."""

    text: str = ""
    required: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    truncated: bool = False
    dropped_terms: bool = False
    too_common: list[str] = field(default_factory=list)  # words left out, as typed

    @property
    def is_empty(self) -> bool:
        return not self.searched_groups()

    @property
    def only_excludes(self) -> bool:
        return self.is_empty and bool(self.excluded)

    def searched_groups(self) -> list[list[Term]]:
        """The required groups as the engine gets them: too common words left out."""
        groups = [[term for term in group if not term.common] for group in self.required]
        return [group for group in groups if group]

    def highlight_terms(self) -> list[Term]:
        return [term for group in self.searched_groups() for term in group]

    def plain_words(self) -> list[str]:
        return [word for term in self.highlight_terms() for word in term.words]

    def to_sq(self, fields=SEARCH_FIELDS, prefix_field: str = "text") -> SQ | None:
        """The engine's query; `prefix_field`: where the engine keeps words unstemmed."""
        groups = self.searched_groups()
        if not groups:
            return None
        query = reduce(
            lambda a, b: a & b,
            (
                reduce(or_, (_term_sq(term, fields, prefix_field) for term in group))
                for group in groups
            ),
        )
        for term in self.excluded:
            query &= ~_term_sq(term, fields, prefix_field)
        return query


def _term_sq(term: Term, fields, prefix_field: str) -> SQ:
    if term.prefix:
        parts = [SQ(**{f"{prefix_field}__startswith": Clean(term.words[0])})]
    elif len(term.words) > 1:
        parts = [SQ(**{name: Exact(term.text)}) for name in fields]
    else:
        parts = [SQ(**{name: Clean(term.words[0])}) for name in fields]
    return reduce(or_, parts)


def clean_query_text(raw: str) -> tuple[str, bool]:
    """Drop control characters, normalise and cut to MAX_QUERY_LENGTH."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch for ch in text
    )
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_LENGTH
    return text[:MAX_QUERY_LENGTH], truncated


def parse_query(raw: str) -> ParsedQuery:
    text, truncated = clean_query_text(raw)
    parsed = ParsedQuery(text=text, truncated=truncated)
    pending_or = False
    negate_next = False
    count = 0
    for match in _TOKEN_RE.finditer(text):
        word = match.group("word")
        if word == "OR":
            pending_or = bool(parsed.required)
            continue
        if word == "AND":
            continue
        if word == "NOT":
            negate_next = True
            continue
        term = _make_term(match)
        if term is None:
            continue
        if not term.prefix and term.words in _TOO_COMMON_WORDS:
            typed = match.group(0).lstrip("-")
            if typed not in parsed.too_common:
                parsed.too_common.append(typed)
            term = Term(term.words, common=True)
        if count >= MAX_TERMS:
            parsed.dropped_terms = True
            break
        count += 1
        if match.group("neg") or match.group("neg2") or negate_next:
            if not term.common:
                parsed.excluded.append(term)
        elif pending_or:
            parsed.required[-1].append(term)
        else:
            parsed.required.append([term])
        pending_or = negate_next = False
    return parsed


_TOO_COMMON_WORDS = {(word,) for word in TOO_COMMON}


def _make_term(match) -> Term | None:
    if match.group("phrase") is not None:
        words = tuple(w.lower() for w in _WORD_RE.findall(match.group("phrase")))
        return Term(words) if words else None
    words = tuple(
        part.strip(".").lower()
        for part in _WORD_SPLIT_RE.split(match.group("word"))
        if part.strip(".")
    )
    if not words:
        return None
    if match.group("star") and len(words) == 1 and len(words[0]) >= MIN_PREFIX_LENGTH:
        return Term(words, prefix=True)
    return Term(words)
