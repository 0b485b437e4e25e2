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

# Documented on the help page: longer queries are cut, extra words dropped.
MAX_QUERY_LENGTH = 500
MAX_TERMS = 24
# Shorter prefixes would expand to too many words to search in bounded time.
MIN_PREFIX_LENGTH = 3

SEARCH_FIELDS = ("text", "context")

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

    @property
    def is_empty(self) -> bool:
        return not self.required

    @property
    def only_excludes(self) -> bool:
        return not self.required and bool(self.excluded)

    def highlight_terms(self) -> list[Term]:
        return [term for group in self.required for term in group]

    def plain_words(self) -> list[str]:
        return [word for term in self.highlight_terms() for word in term.words]

    def to_sq(self, fields=SEARCH_FIELDS) -> SQ | None:
        if not self.required:
            return None
        query = reduce(
            lambda a, b: a & b,
            (reduce(or_, (_term_sq(term, fields) for term in group)) for group in self.required),
        )
        for term in self.excluded:
            query &= ~_term_sq(term, fields)
        return query


def _term_sq(term: Term, fields) -> SQ:
    if term.prefix:
        parts = [SQ(**{f"{name}__startswith": Clean(term.words[0])}) for name in fields]
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
        if count >= MAX_TERMS:
            parsed.dropped_terms = True
            break
        count += 1
        if match.group("neg") or match.group("neg2") or negate_next:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.required[-1].append(term)
        else:
            parsed.required.append([term])
        pending_or = negate_next = False
    return parsed


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
