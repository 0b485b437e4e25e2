"""The language of a transcript's text, as a BCP 47 tag.

The archive holds English and Russian transcripts, so the decision is between the two
scripts: Russian when Cyrillic letters outnumber Latin ones in the speech, English
otherwise. A language-identification library would add a model for a choice two letter
counts make as well.
"""

import re

RUSSIAN = "ru"
ENGLISH = "en"

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


_SAMPLE = 20_000  # characters: enough to tell the script, and a 5 MB text costs no more


def language_of(text: str) -> str:
    """`ru` when the text is written mostly in Cyrillic letters, else `en`."""
    sample = text[:_SAMPLE]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    return RUSSIAN if cyrillic > latin else ENGLISH
