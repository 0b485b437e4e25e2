"""The language of a meeting's text, as a BCP 47 tag: checked on save, named on the page.

langcodes checks a tag against the IANA subtag registry (`en`, `ru`, `zh-Hant`, `sr-Latn-RS`
pass; `english`, `xx` do not) and says how it is written in its standard form, which is the
only form stored: `en_GB` and `EN` are refused with the spelling to use instead, so that one
language never appears under two tags. Names come from pycountry's ISO 639 table, already
used for countries (langcodes' own names need a further 5 MB data package).
"""

import re
from functools import lru_cache

import langcodes
import pycountry
from django.core.exceptions import ValidationError

DEFAULT = "en"
# RFC 5646 §4.4.1: implementations should allow tags of at least 35 characters.
MAX_LENGTH = 35


def validate_language_tag(value: str) -> None:
    """Accept a valid BCP 47 tag written in its standard form (`en`, `ru`, `zh-Hant`)."""
    if not langcodes.tag_is_valid(value):
        raise ValidationError(
            "“%(value)s” is not a BCP 47 language tag; use a code such as en, ru or zh-Hant.",
            code="invalid_language",
            params={"value": value},
        )
    standard = langcodes.standardize_tag(value)
    if standard != value:
        raise ValidationError(
            "Write the language tag “%(value)s” as “%(standard)s”.",
            code="nonstandard_language",
            params={"value": value, "standard": standard},
        )


@lru_cache(maxsize=256)
def language_name(tag: str) -> str:
    """`ru` → `Russian`; `zh-Hant` → `Chinese (zh-Hant)`; a tag with no known name as it is."""
    try:
        code = langcodes.Language.get(tag).language
    except langcodes.LanguageTagError:
        return tag
    if not code:
        return tag
    record = (
        pycountry.languages.get(alpha_2=code)
        if len(code) == 2
        else pycountry.languages.get(alpha_3=code)
    )
    if record is None:
        return tag
    # ISO 639 qualifies some names for its own purposes: `Modern Greek (1453-)`.
    name = re.sub(r"\s*\(.*\)$", "", record.name)
    return name if tag == code else f"{name} ({tag})"
