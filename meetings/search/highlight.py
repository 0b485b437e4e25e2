"""Safe highlighting: every piece of text is escaped first, then matched words get `<mark>`.

Words match the way the index matches them: by the engine's own stem (`engine_stemmer`:
Whoosh's Porter stemmer, Xapian's Snowball English), so `ceasefires` marks `ceasefire`, or
by prefix for `prefix*` terms. A highlighted word is always a matching one.
"""

import re
from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from haystack import connections
from haystack.constants import DEFAULT_ALIAS
from whoosh.lang.porter import stem

from .contract import ParleyBackend
from .query import Term

Stemmer = Callable[[str], str]

SNIPPET_LENGTH = 320
# How much text to show before the first match.
SNIPPET_LEAD = 90

# The engine's own tokenizer: words, with inner dots kept (`U.S`).
_TOKEN_RE = re.compile(r"\w+(?:\.?\w+)*")


def engine_stemmer(using: str = DEFAULT_ALIAS) -> Stemmer:
    """The stemmer of the engine that answers searches; Porter's for any other backend."""
    backend = connections[using].get_backend()
    return backend.stem if isinstance(backend, ParleyBackend) else stem


class _Matcher:
    """Which words of a text the query's terms match: a word by its stem, a prefix by its
    letters, a phrase only where all its words stand in a row."""

    def __init__(self, terms: list[Term], stemmer: Stemmer | None = None):
        self.stem = stemmer or engine_stemmer()
        self.stems = set()
        self.phrases: list[tuple[str, ...]] = []
        prefixes = []
        for term in terms:
            if term.prefix:
                prefixes.append(term.words[0])
            elif len(term.words) > 1:
                self.phrases.append(tuple(self.stem(word) for word in term.words))
            else:
                self.stems.add(self.stem(term.words[0]))
        self.prefixes = tuple(prefixes)

    def __bool__(self):
        return bool(self.stems or self.prefixes or self.phrases)

    def marked(self, tokens: list[str]) -> set[int]:
        """The positions in `tokens` to mark."""
        stems = [self.stem(token.lower()) for token in tokens]
        marked = {
            position
            for position, (token, stem) in enumerate(zip(tokens, stems, strict=True))
            if stem in self.stems or (self.prefixes and token.lower().startswith(self.prefixes))
        }
        for phrase in self.phrases:
            size = len(phrase)
            for position in range(len(stems) - size + 1):
                if tuple(stems[position : position + size]) == phrase:
                    marked.update(range(position, position + size))
        return marked


def _render(text: str, start: int, end: int, matcher: _Matcher) -> str:
    matches = list(_TOKEN_RE.finditer(text, start, end))
    marked = matcher.marked([match.group() for match in matches]) if matcher else set()
    out: list[str] = []
    position = start
    for index in sorted(marked):
        match = matches[index]
        out.append(escape(text[position : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, terms: list[Term], stemmer: Stemmer | None = None) -> SafeString:
    """The whole text, escaped, with matched words marked."""
    matcher = _Matcher(terms, stemmer)
    return mark_safe(_render(text or "", 0, len(text or ""), matcher))  # noqa: S308


def snippet(
    text: str, terms: list[Term], length: int = SNIPPET_LENGTH, stemmer: Stemmer | None = None
) -> SafeString:
    """An escaped excerpt around the first matched word, with matched words marked."""
    text = " ".join((text or "").split())
    matcher = _Matcher(terms, stemmer)
    first = None
    if matcher:
        matches = list(_TOKEN_RE.finditer(text))
        marked = matcher.marked([match.group() for match in matches])
        first = matches[min(marked)] if marked else None
    start = 0
    if first is not None and first.start() > SNIPPET_LEAD:
        start = text.rfind(" ", 0, first.start() - SNIPPET_LEAD) + 1
    end = len(text)
    if end - start > length:
        end = text.rfind(" ", start, start + length)
        if end <= start:
            end = start + length
    html = _render(text, start, end, matcher)
    if start > 0:
        html = "… " + html
    if end < len(text):
        html += " …"
    return mark_safe(html)  # noqa: S308 - every piece of text went through escape()
