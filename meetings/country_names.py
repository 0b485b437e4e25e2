"""A country's name from its ISO 3166-1 alpha-2 code: the one source of country names.

pycountry is the data set for codes and names everywhere: the pages name a country from
it, the models validate codes against it, and the parser matches its official and common
names in text (`meetings/parsing/countries.py`). django-countries would bring a second data
set for the fields, whose names could disagree with the ones the parser matches.
`COMMON_NAMES` is the one table of the names people use where pycountry's differ; the
parser reads it the other way round (name to code).
"""

import pycountry

# Where pycountry has no common name, the name people use rather than the ISO one.
# fmt: off
COMMON_NAMES = {
    "RU": "Russia", "TR": "Turkey", "BN": "Brunei", "PS": "Palestine", "VA": "Vatican City",
    "CD": "DR Congo", "CG": "Republic of the Congo", "FM": "Micronesia",
}
# fmt: on


def country_name(code: str) -> str:
    """`AZ` → `Azerbaijan`, `RU` → `Russia`; empty for an empty or unknown code."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return ""
    return COMMON_NAMES.get(code) or getattr(country, "common_name", None) or country.name
