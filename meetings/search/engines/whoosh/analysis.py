"""How Whoosh splits and stems a statement's words, at indexing and at search alike.

Every word is kept in its place (no stop list, one-letter words too), so that a phrase's
words must really stand side by side; each is stemmed by its script's stemmer: Porter's for
Latin letters, Snowball's Russian for Cyrillic (`переговоры`, `переговоров` → `переговор`).
The prefix field keeps the same words unstemmed.
"""

import re
from functools import lru_cache

from whoosh.analysis import BiWordFilter, Filter, LowercaseFilter, RegexTokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.lang.snowball.russian import RussianStemmer

_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_russian = RussianStemmer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A lower-cased word's stem, by the stemmer of its script."""
    return _russian.stem(word) if _CYRILLIC_RE.search(word) else porter_stem(word)


class ScriptStemFilter(Filter):
    """Whoosh's StemFilter, with the stemmer chosen per word by `stem`."""

    # Whoosh keeps a morphing field's unstemmed words for spelling suggestions.
    is_morph = True

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


def text_analyzer():
    """The content field: every word, stemmed, in its place."""
    return RegexTokenizer() | LowercaseFilter() | ScriptStemFilter()


def pairs_analyzer():
    """Word pairs of the content field (PHRASE_PAIRS)."""
    return text_analyzer() | BiWordFilter(sep=" ")


def words_analyzer():
    """The same words unstemmed: the prefix field."""
    return RegexTokenizer() | LowercaseFilter()
