"""Country names, official names, abbreviations and adjectives mapped to ISO alpha-2 codes."""

import functools
import re

import pycountry

from meetings.country_names import COMMON_NAMES
from meetings.text import to_ascii

from .russian import country_in_role, is_cyrillic

# Names in common diplomatic use that pycountry does not list under any field, beside the
# names people use that the pages show (COMMON_NAMES, read here from name to code).
# fmt: off
_EXTRA_NAMES = {
    "Iran": "IR", "Syria": "SY", "South Korea": "KR", "Korea": "KR",
    "North Korea": "KP", "Vietnam": "VN", "Laos": "LA", "Moldova": "MD", "Tanzania": "TZ",
    "Venezuela": "VE", "Bolivia": "BO", "Czech Republic": "CZ",
    "Taiwan": "TW", "Vatican": "VA", "Holy See": "VA", "Ivory Coast": "CI",
    "Cape Verde": "CV", "Swaziland": "SZ", "Macedonia": "MK", "Burma": "MM",
    "Britain": "GB", "Great Britain": "GB", "America": "US",
    "United States": "US", "the United States of America": "US",
    "Democratic Republic of the Congo": "CD",
    "Republic of Congo": "CG", "East Timor": "TL", "Kyrgyz Republic": "KG",
    "Slovak Republic": "SK", "Azerbaijan Republic": "AZ", "Republic of Azerbaijan": "AZ",
    "Republic of Belarus": "BY", "Republic of Kazakhstan": "KZ", "Republic of Uzbekistan": "UZ",
    "Republic of Tajikistan": "TJ", "Republic of Armenia": "AM", "Kingdom of Saudi Arabia": "SA",
    "People's Republic of China": "CN", "Federal Republic of Germany": "DE",
    "French Republic": "FR", "Italian Republic": "IT", "Kingdom of Spain": "ES",
    "Republic of Turkey": "TR", "State of Qatar": "QA", "State of Kuwait": "KW",
    "State of Israel": "IL", "Sultanate of Oman": "OM", "Kingdom of Bahrain": "BH",
    "Hashemite Kingdom of Jordan": "JO", "Arab Republic of Egypt": "EG",
    "Islamic Republic of Pakistan": "PK", "Kingdom of the Netherlands": "NL",
    "Holland": "NL", "Republic of India": "IN", "Mongolia": "MN", "Kosovo": "XK",
}
# fmt: on

# Abbreviations are matched case-sensitively so that "us" and "uk" in prose do not count.
# fmt: off
_ABBREVIATIONS = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "UK": "GB", "U.K.": "GB",
    "UAE": "AE", "U.A.E.": "AE", "PRC": "CN", "DPRK": "KP", "ROK": "KR", "RF": "RU",
}
# fmt: on

# fmt: off
ADJECTIVES = {
    "Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US", "Andorran": "AD",
    "Angolan": "AO", "Argentine": "AR", "Argentinian": "AR", "Armenian": "AM",
    "Australian": "AU", "Austrian": "AT", "Azerbaijani": "AZ", "Azeri": "AZ",
    "Bahraini": "BH", "Bangladeshi": "BD", "Belarusian": "BY", "Belarussian": "BY",
    "Belgian": "BE", "Beninese": "BJ", "Bhutanese": "BT", "Bolivian": "BO", "Bosnian": "BA",
    "Brazilian": "BR", "British": "GB", "Bruneian": "BN", "Bulgarian": "BG",
    "Burkinabe": "BF", "Burmese": "MM", "Burundian": "BI", "Cambodian": "KH",
    "Cameroonian": "CM", "Canadian": "CA", "Chadian": "TD", "Chilean": "CL", "Chinese": "CN",
    "Colombian": "CO", "Congolese": "CG", "Costa Rican": "CR", "Croatian": "HR",
    "Cuban": "CU", "Cypriot": "CY", "Czech": "CZ", "Danish": "DK", "Djiboutian": "DJ",
    "Dominican": "DO", "Dutch": "NL", "Ecuadorian": "EC", "Egyptian": "EG",
    "Emirati": "AE", "Eritrean": "ER", "Estonian": "EE", "Ethiopian": "ET", "Fijian": "FJ",
    "Filipino": "PH", "Finnish": "FI", "French": "FR", "Gabonese": "GA", "Gambian": "GM",
    "Georgian": "GE", "German": "DE", "Ghanaian": "GH", "Greek": "GR",
    "Guatemalan": "GT", "Guinean": "GN", "Guyanese": "GY", "Haitian": "HT",
    "Honduran": "HN", "Hungarian": "HU", "Icelandic": "IS", "Indian": "IN",
    "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ", "Irish": "IE", "Israeli": "IL",
    "Italian": "IT", "Ivorian": "CI", "Jamaican": "JM", "Japanese": "JP", "Jordanian": "JO",
    "Kazakh": "KZ", "Kazakhstani": "KZ", "Kenyan": "KE", "Korean": "KR",
    "South Korean": "KR", "North Korean": "KP", "Kuwaiti": "KW", "Kyrgyz": "KG",
    "Laotian": "LA", "Lao": "LA", "Latvian": "LV", "Lebanese": "LB", "Liberian": "LR",
    "Libyan": "LY", "Lithuanian": "LT", "Luxembourgish": "LU", "Macedonian": "MK",
    "Malagasy": "MG", "Malawian": "MW", "Malaysian": "MY", "Maldivian": "MV", "Malian": "ML",
    "Maltese": "MT", "Mauritanian": "MR", "Mauritian": "MU", "Mexican": "MX",
    "Moldovan": "MD", "Monegasque": "MC", "Mongolian": "MN", "Montenegrin": "ME",
    "Moroccan": "MA", "Mozambican": "MZ", "Namibian": "NA", "Nepalese": "NP", "Nepali": "NP",
    "New Zealand": "NZ", "Nicaraguan": "NI", "Nigerian": "NG", "Nigerien": "NE",
    "Norwegian": "NO", "Omani": "OM", "Pakistani": "PK", "Palestinian": "PS",
    "Panamanian": "PA", "Paraguayan": "PY", "Peruvian": "PE", "Philippine": "PH",
    "Polish": "PL", "Portuguese": "PT", "Qatari": "QA", "Romanian": "RO", "Russian": "RU",
    "Rwandan": "RW", "Salvadoran": "SV", "Saudi": "SA", "Senegalese": "SN", "Serbian": "RS",
    "Singaporean": "SG", "Slovak": "SK", "Slovakian": "SK", "Slovenian": "SI",
    "Somali": "SO", "South African": "ZA", "Spanish": "ES", "Sri Lankan": "LK",
    "Sudanese": "SD", "Swedish": "SE", "Swiss": "CH", "Syrian": "SY", "Taiwanese": "TW",
    "Tajik": "TJ", "Tajikistani": "TJ", "Tanzanian": "TZ", "Thai": "TH", "Togolese": "TG",
    "Tunisian": "TN", "Turkish": "TR", "Turkmen": "TM", "Ugandan": "UG", "Ukrainian": "UA",
    "Uruguayan": "UY", "Uzbek": "UZ", "Uzbekistani": "UZ", "Venezuelan": "VE",
    "Vietnamese": "VN", "Yemeni": "YE", "Zambian": "ZM", "Zimbabwean": "ZW",
}
# fmt: on

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*\.?", re.UNICODE)
_MAX_PHRASE = 10


@functools.lru_cache(maxsize=16384)
def _key(word: str) -> str:
    return to_ascii(word).casefold().replace("’", "'").rstrip(".")


def _phrase_key(text: str) -> tuple[str, ...]:
    return tuple(_key(w) for w in _WORD.findall(text))


def _variants(name: str) -> set[str]:
    """`Korea, Republic of` → {`Korea, Republic of`, `Republic of Korea`}."""
    variants = {name}
    if ", " in name:
        head, _, tail = name.partition(", ")
        variants.add(f"{tail} {head}")
    return variants


@functools.cache
def _index() -> dict[tuple[str, ...], str]:
    index: dict[tuple[str, ...], str] = {}
    for country in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            value = getattr(country, field, None)
            if value:
                for variant in _variants(value):
                    index.setdefault(_phrase_key(variant), country.alpha_2)
    common = {name: code for code, name in COMMON_NAMES.items()}
    for name, code in {**common, **_EXTRA_NAMES, **ADJECTIVES}.items():
        index[_phrase_key(name)] = code
    index.pop((), None)
    for key in list(index):
        if key[0] == "the" and len(key) > 1:
            index.setdefault(key[1:], index[key])
    return index


def match_country(words: list[str], start: int) -> tuple[int, str] | None:
    """The longest country phrase at `words[start:]`: (end index, code), or None."""
    if start >= len(words):
        return None
    word = words[start]
    if word in _ABBREVIATIONS:
        return start + 1, _ABBREVIATIONS[word]
    index = _index()
    keys = [_key(w) for w in words[start : start + _MAX_PHRASE]]
    offset = 1 if keys and keys[0] == "the" else 0
    for end in range(len(keys), offset, -1):
        code = index.get(tuple(keys[offset:end]))
        if code:
            return start + end, code
    return None


def country_from_role(role: str) -> str | None:
    """The ISO alpha-2 code of the country a role names: `President of Azerbaijan` → `AZ`."""
    if not role:
        return None
    if is_cyrillic(role):
        return country_in_role(role)
    words = _WORD.findall(role)
    for start in range(len(words)):
        found = match_country(words, start)
        if found:
            return found[1]
    return None


def country_from_name(text: str) -> str | None:
    """The code when the whole of `text` is a country's name, else None."""
    inverted = re.match(r"^(.+?)\s*\((.+\bof)\)$", text.strip())
    if inverted:  # UN style: `Bolivia (Plurinational State of)`
        text = f"{inverted.group(2)} {inverted.group(1)}"
    words = _WORD.findall(text)
    found = match_country(words, 0) if words else None
    if found and found[0] == len(words):
        return found[1]
    return None
