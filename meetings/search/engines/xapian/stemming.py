"""Xapian's Snowball stemmers, chosen per word by its script: English for Latin letters,
Russian for Cyrillic. One stemmer serves indexing, query parsing and highlighting."""

import re
from functools import lru_cache

import xapian

_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_english = xapian.Stem("english")
_russian = xapian.Stem("russian")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A word's stem, by the stemmer of its script.

    Cached as Whoosh's is: highlighting stems every word of each hit's text, 4,800 calls
    for a page of two-word hits (12 of its 30 ms at 100k turns), most of them repeats.
    """
    return (_russian if _CYRILLIC_RE.search(word) else _english)(word).decode()


class ScriptStemmer(xapian.StemImplementation):
    def __call__(self, word):
        return stem(word.decode() if isinstance(word, bytes) else word)

    def get_description(self) -> str:
        return "parley(english, russian)"
