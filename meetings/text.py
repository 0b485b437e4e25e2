"""Small text helpers shared by models, the parser and the importer."""

import re
import unicodedata
from collections.abc import Container

from django.utils.text import slugify

# Letters that do not decompose into base letter + combining mark under NFKD.
# fmt: off
_TRANSLITERATE = str.maketrans(
    {
        "ı": "i", "İ": "I", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
        "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th",
        "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H",
    }
)
# fmt: on

# fmt: off
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "є": "ye", "і": "i", "ї": "yi", "ґ": "g",
}
# fmt: on
_CYRILLIC_TABLE = str.maketrans(
    {**_CYRILLIC, **{k.upper(): v.capitalize() for k, v in _CYRILLIC.items()}}
)


def to_ascii(value: str) -> str:
    """Transliterate to plain ASCII: `Erdoğan` → `Erdogan`, `Путин` → `Putin`."""
    value = value.translate(_TRANSLITERATE).translate(_CYRILLIC_TABLE)
    value = unicodedata.normalize("NFKD", value)
    return (
        "".join(c for c in value if not unicodedata.combining(c))
        .encode("ascii", "ignore")
        .decode("ascii")
    )


def ascii_slug(value: str, max_length: int = 200) -> str:
    """A lower-case ASCII slug: `Recep Tayyip Erdoğan` → `recep-tayyip-erdogan`."""
    return slugify(to_ascii(value))[:max_length].strip("-")


def unique_slug(base: str, taken: Container[str], max_length: int = 200) -> str:
    """`base`, else `base-2`, `base-3`, …: the first that is not in `taken`.

    The one way Parley makes a slug unique (people, meetings on a day, the generated
    corpus). A numbered slug keeps ten characters free for its number, so it fits.
    """
    slug, n = base[:max_length], 2
    while slug in taken:
        slug, n = f"{base[: max_length - 10]}-{n}", n + 1
    return slug


def name_key(value: str) -> str:
    """The key two spellings of one name share: case, diacritics and punctuation dropped."""
    value = to_ascii(value).casefold()
    value = re.sub(r"[^a-z0-9]+", " ", value)
    return value.strip()


_SPOKEN_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")


def word_count(text: str) -> int:
    """Words in a statement, as trends count them: `don't` is one word, `–` none."""
    return len(_SPOKEN_WORD_RE.findall(text or ""))
