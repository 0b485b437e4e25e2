"""Xapian's Snowball stemmers, chosen per word by its script: English for Latin letters,
Russian for Cyrillic. One stemmer serves indexing, query parsing and highlighting."""

import re

import xapian

_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")


class ScriptStemmer(xapian.StemImplementation):
    def __init__(self) -> None:
        super().__init__()
        self._english = xapian.Stem("english")
        self._russian = xapian.Stem("russian")

    def __call__(self, word):
        text = word.decode() if isinstance(word, bytes) else word
        stemmer = self._russian if _CYRILLIC_RE.search(text) else self._english
        return stemmer(text).decode()

    def get_description(self) -> str:
        return "parley(english, russian)"
