"""A printed label split into role, name and country; the casing of names and roles."""

import re
from collections.abc import Collection
from dataclasses import dataclass

from .countries import ADJECTIVES, country_from_role, match_country
from .keys import name_key
from .russian import country_in_role, is_cyrillic, split_role_and_name
from .vocabulary import (
    ACRONYMS,
    CONNECTORS,
    HONORIFICS,
    NAME_PARTICLES,
    ROLE_CORES,
    ROLE_MODIFIERS,
    ROLE_STRUCTURE,
)

_INITIALS = re.compile(r"^((?:[^\W\d_]\.\s?){1,3})\s?([^\W\d_][\w'’-]*)$")
_INITIAL = re.compile(r"^(?:[^\W\d_]\.){1,3}$")
_ROMAN = re.compile(r"^[IVX]{1,5}$")
_ADJECTIVE_ENDINGS = ("ian", "an", "ese", "ish", "i", "ic", "ean")
_DASHES = frozenset({"-", "–", "—"})
_AFTER_CORE = frozenset({"extraordinary", "plenipotentiary", "designate", "elect", "emeritus"})
_SMALL_ROLE_WORDS = frozenset({"of", "the", "and", "for", "on", "to", "in", "at", "de"})


@dataclass(frozen=True)
class LabelParts:
    """What a label says: role and name as printed (caps normalised) and the role's country."""

    role: str | None
    name: str | None
    country: str | None
    has_role: bool = False
    honorific: bool = False
    initials: bool = False


def key(word: str) -> str:
    """Case-folded form of a word for vocabulary look-ups (`Mr.` → `mr.`)."""
    return word.casefold().replace("’", "'").strip(",;")


def is_caps(text: str) -> bool:
    """True when every cased letter is upper case (and there are at least two)."""
    cased = [c for c in text if c.isupper() or c.islower()]
    return len(cased) >= 2 and all(c.isupper() for c in cased)


def is_capitalised(word: str) -> bool:
    """True for `Marek`, `MAREK`, `Путин`, `O'Brien`, and words in scripts without case."""
    for char in word:
        if char.isalpha():
            return char.isupper() or not char.islower()
    return False


def is_initial(word: str) -> bool:
    return bool(_INITIAL.match(word)) and is_capitalised(word)


def is_particle(word: str) -> bool:
    return word.casefold() in NAME_PARTICLES and not is_capitalised(word)


def _title_word(word: str, *, first: bool, particles: frozenset[str]) -> str:
    if word in ACRONYMS or _INITIAL.match(word) or _ROMAN.match(word):
        return word
    lower = word.casefold()
    if not first and lower in particles:
        return lower
    parts = re.split(r"([-'’.])", lower)
    return "".join(p[:1].upper() + p[1:] if p not in "-'’." else p for p in parts)


def title_name(name: str) -> str:
    """`IVO MAREK` → `Ivo Marek`, `URSULA VON DER LEYEN` → `Ursula von der Leyen`."""
    words = name.split()
    return " ".join(
        _title_word(w, first=i == 0, particles=NAME_PARTICLES) for i, w in enumerate(words)
    )


def title_role(role: str) -> str:
    """`PRESIDENT OF THE REPUBLIC OF RURITANIA` → `President of the Republic of Ruritania`."""
    words = role.split()
    return " ".join(
        _title_word(w, first=i == 0, particles=_SMALL_ROLE_WORDS) for i, w in enumerate(words)
    )


def is_adjective_like(word: str) -> bool:
    """`Ruritanian`, `Elbonian`: a capitalised word shaped like a nationality adjective."""
    return (
        len(word) >= 4
        and word[0].isupper()
        and word.isalpha()
        and word.casefold().endswith(_ADJECTIVE_ENDINGS)
    )


def _is_role_word(k: str) -> bool:
    return k in ROLE_CORES or k in ROLE_MODIFIERS


def _of_phrase(words: list[str], keys: list[str], i: int) -> tuple[int, bool]:
    """End of the `of ...` part of a role starting at connector `i`; True if it ends open."""
    n = len(words)
    j, last = i, "conn"
    while j < n:
        k = keys[j]
        if k in CONNECTORS:
            j, last = j + 1, "conn"
            continue
        found = match_country(words, j) if last == "conn" else None
        if found and found[0] == j + 1 and words[j] in ADJECTIVES:
            found = None  # `of Russian Railways`: an adjective names a company, not a country
        if found:
            j, last = found[0], "country"
            continue
        if k in ROLE_STRUCTURE or _is_role_word(k):
            j, last = j + 1, "struct"
            continue
        following = keys[j + 1] if j + 1 < n else None
        if (
            is_capitalised(words[j])
            and following
            and (following in ROLE_STRUCTURE or (following in CONNECTORS and following != "the"))
        ):
            j, last = j + 1, "struct"
            continue
        break
    return j, last == "conn"


def _leads_to_core(keys: list[str], i: int) -> bool:
    """Whether role words lead from `i` to a role core: `Medical` in `Chief Medical Officer`."""
    for j in range(i + 1, min(len(keys), i + 4)):
        if keys[j] in ROLE_CORES:
            return True
        if keys[j] not in ROLE_MODIFIERS and keys[j] not in ROLE_STRUCTURE:
            return False
    return False


def _place_after_of(rest: list[str], at: int) -> bool:
    """`Doe of Elbonia`: a name, `of` at `at`, and one or two capitalised words closing it."""
    before, words = rest[:at], rest[at + 1 :]
    if words[:1] and words[0].casefold() == "the":
        words = words[1:]
    return (
        0 < len(words) <= 2
        and all(is_capitalised(w) and key(w) not in CONNECTORS for w in before)
        and all(is_capitalised(w) and key(w) not in HONORIFICS and not is_initial(w) for w in words)
    )


def _name_start(rest: list[str]) -> int:
    """Index in `rest` where a trailing two-word name (plus particles, initials) starts."""
    count, idx = 0, len(rest)
    while idx > 0:
        word = rest[idx - 1]
        if is_particle(word) or is_initial(word):
            idx -= 1
            continue
        if count == 2:
            break
        count += 1
        idx -= 1
    return max(idx, 1)


def _clean_name(words: list[str]) -> str | None:
    while words and key(words[0]) in HONORIFICS:
        words = words[1:]
    name = " ".join(words).strip(" ,;:")
    if not name:
        return None
    if is_caps(name):
        return title_name(name)
    return _caps_surname(name)


def _plain_name(name: str) -> bool:
    """Two to four capitalised words with no honorific or stray letter: `Beth Rigby`."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(
        (is_capitalised(w) and len(w.strip(".")) > 1 and key(w) not in HONORIFICS) or is_particle(w)
        for w in words
    )


def _caps_surname(name: str) -> str:
    """`HAYASHI Kenta` → `Kenta Hayashi`, `Jean-Yves LE DRIAN` → `Jean-Yves Le Drian`.

    Some ministries print the surname in capitals to mark it; the capitals are not part
    of the name, and a capitalised surname printed first is moved to the end.
    """
    words = name.split()
    shouted = [
        is_caps(w) and len(w.strip(".")) > 1 and w not in ACRONYMS and not _ROMAN.match(w)
        for w in words
    ]
    if not any(shouted) or all(shouted) or len(words) < 2:
        return name
    fixed = [
        _title_word(w, first=i == 0, particles=NAME_PARTICLES) if loud else w
        for i, (w, loud) in enumerate(zip(words, shouted, strict=True))
    ]
    if shouted[0] and not any(shouted[1:]) and len(words) == 2:
        fixed = [fixed[1], fixed[0]]
    return " ".join(fixed)


def analyse_label(label: str, known: Collection[str] = ()) -> LabelParts:
    """Split a label into its parts; `known` name keys help find where a name starts."""
    text = " ".join(label.split()).strip(" :：")
    if not text:
        return LabelParts(None, None, None)
    return (
        _russian_label(text)
        or _titled_label(text)
        or _comma_label(text)
        or _initials_label(text)
        or _role_then_name(text, known)
    )


def _russian_label(text: str) -> LabelParts | None:
    """`Президент России Владимир Путин`: a Russian role in sentence case, then the name."""
    if not is_cyrillic(text):
        return None
    found = split_role_and_name(text)
    if found is None:
        return None
    role, name = found
    return LabelParts(role, name, country_in_role(role), True)


def _comma_label(text: str) -> LabelParts | None:
    """A label in two parts around a comma: which part is the role and which the name."""
    if ", " not in text:
        return None
    head, _, tail = text.partition(", ")
    tail_parts = analyse_label(tail)
    head_parts = analyse_label(head)
    head_is_role_only = head_parts.has_role and not head_parts.name
    if head_is_role_only and tail_parts.has_role and tail_parts.name:
        # `Moderator of the session, Research Director of the Club Maria Lindqvist`
        role = f"{head_parts.role}, {tail_parts.role}"
        country = head_parts.country or tail_parts.country
        return LabelParts(role, tail_parts.name, country, True, tail_parts.honorific)
    if tail_parts.has_role and tail_parts.name is None and not head_parts.has_role:
        # `Shri Arnav Bhatt, Official Spokesperson`
        return LabelParts(tail_parts.role, head_parts.name, tail_parts.country, True)
    if head_is_role_only and tail_parts.name and not (tail_parts.has_role or tail_parts.initials):
        # `Official Spokesperson, Shri Arvind Bagla` (Indian MEA style)
        return LabelParts(
            head_parts.role, tail_parts.name, head_parts.country, True, tail_parts.honorific
        )
    if _journalist_and_outlet(head_parts, tail_parts, tail):
        # `Beth Rigby, Sky News`: a journalist and the outlet they ask for
        return LabelParts(None, head_parts.name, None, honorific=head_parts.honorific)
    return None


def _journalist_and_outlet(head_parts: LabelParts, tail_parts: LabelParts, tail: str) -> bool:
    outlet_words = tail.split()
    return (
        not head_parts.has_role
        and bool(head_parts.name)
        and _plain_name(head_parts.name or "")
        and not tail_parts.has_role
        and len(outlet_words) <= 4
        and all(w[:1].isupper() for w in outlet_words)
    )


def _initials_label(text: str) -> LabelParts | None:
    """`В.В.Путин`, `J. DOE`: initials and a surname."""
    initials = _INITIALS.match(text)
    if not initials or not is_capitalised(initials.group(2)):
        return None
    name = title_name(text) if is_caps(text) else text
    return LabelParts(None, name, None, initials=True)


def _role_then_name(text: str, known: Collection[str]) -> LabelParts:
    """`Mr President of Ruritania Ivo Marek`: honorifics, a role, then the name, if any."""
    words = text.split(" ")
    keys = [key(w) for w in words]
    start = _after_honorifics(keys)
    honorific = start > 0
    role_end = _role_end(words, keys, start, known)
    if role_end is None:
        return LabelParts(None, _clean_name(words[start:]), None, honorific=honorific)
    role_words, name_words = _country_after_name(words[start:role_end], words[role_end:])
    if any(w[:1].islower() and not is_particle(w) for w in name_words):
        # `Moderator of the plenary session`: lower-case words are the role's, not a name
        role_words, name_words = words[start:], []
    role = " ".join(role_words)
    role = title_role(role) if is_caps(role) else role
    return LabelParts(role, _clean_name(name_words), country_from_role(role), True, honorific)


def _after_honorifics(keys: list[str]) -> int:
    """Where the words after leading honorifics (`Mr`, `H.E.`) start; one word is kept."""
    start = 0
    while start < len(keys) - 1 and keys[start] in HONORIFICS:
        start += 1
    return start


def _role_end(words: list[str], keys: list[str], start: int, known: Collection[str]) -> int | None:
    """Where the role that starts at `start` ends, or None when there is no role core."""
    at, role_end, saw_core = start, start, False
    while at < len(words):
        word_key = keys[at]
        following = keys[at + 1] if at + 1 < len(words) else ""
        if at == start and word_key == "the":
            at += 1
        elif word_key in ROLE_CORES:
            saw_core, at = True, at + 1
            role_end = at
        elif saw_core and (
            word_key in _AFTER_CORE or (word_key == "and" and following in _AFTER_CORE)
        ):
            at += 1  # `Ambassador Extraordinary and Plenipotentiary of Ruritania`
            role_end = at
        elif saw_core and word_key in _DASHES and _is_role_word(following):
            at += 1  # `Deputy Prime Minister – Minister of Industry and Trade`
        elif _leads_into_role(words, keys, at, start):
            at += 1  # `Chief Medical Officer`, `Foreign Ministry Spokesperson`
        elif not saw_core:
            after_country = _country_before_role(words, keys, at)
            if after_country is None:
                return None
            at = after_country  # `United States Secretary of State`
        else:
            if word_key in {"of", "for", "to", "at", "on", "in"}:
                role_end = _end_of_role_phrase(words, keys, at, known)
            break
    return role_end if saw_core else None


def _leads_into_role(words: list[str], keys: list[str], at: int, start: int) -> bool:
    """A modifier or an organisation before a role core: `Chief`, `Gazprom` in `Gazprom CEO`."""
    word, word_key = words[at], keys[at]
    following = keys[at + 1] if at + 1 < len(words) else ""
    modifier = word_key in ROLE_MODIFIERS or is_adjective_like(word) or word in ADJECTIVES
    if at == start and not modifier and word_key not in ROLE_CORES and is_capitalised(word):
        modifier = len(word) > 1  # an organisation: `Gazprom CEO Alexei Miller`
    chain = (modifier or word_key in ROLE_STRUCTURE) and is_capitalised(word)
    return (modifier and _is_role_word(following)) or (chain and _leads_to_core(keys, at))


def _country_before_role(words: list[str], keys: list[str], at: int) -> int | None:
    """The end of a country name at `at` that a role word follows: `United States Secretary`."""
    found = match_country(words, at)
    if found and found[0] < len(words) and _is_role_word(keys[found[0]]):
        return found[0]
    return None


def _end_of_role_phrase(words: list[str], keys: list[str], at: int, known: Collection[str]) -> int:
    """The end of a role's `of ...` phrase at `at`; a name known to the archive may close it."""
    end, open_ended = _of_phrase(words, keys, at)
    if open_ended and end < len(words):
        anchor = _known_start(words, end + 1, known)
        end = anchor if anchor is not None else end + _name_start(words[end:])
    return end


def _country_after_name(role: list[str], rest: list[str]) -> tuple[list[str], list[str]]:
    """`Prime Minister Johnson of the United Kingdom`: the country follows the name."""
    for at in range(1, len(rest) - 1):
        if key(rest[at]) == "of":
            found = match_country(rest, at + 1)
            if (found and found[0] == len(rest)) or _place_after_of(rest, at):
                return role + rest[at:], rest[:at]
            break
    return role, rest


def _titled_label(text: str) -> LabelParts | None:
    """`Co-Chair of the Working Group: Europe After the War, Professor Jan Novak`.

    A role whose title holds a colon: the part after the colon, up to the last comma, is the
    rest of the role; what follows the comma is the name.
    """
    head, colon, tail = text.partition(": ")
    if not colon or ", " not in tail:
        return None
    subtitle, _, name_part = tail.rpartition(", ")
    if not analyse_label(head).has_role:
        return None
    name_parts = analyse_label(name_part)
    if name_parts.has_role or not name_parts.name or len(name_parts.name.split()) < 2:
        return None
    role = f"{head}: {subtitle}"
    role = title_role(role) if is_caps(role) else role
    country = country_from_role(role)
    return LabelParts(role, name_parts.name, country, True, name_parts.honorific)


def _known_start(words: list[str], first: int, known: Collection[str]) -> int | None:
    """Where a known full name of two or more words starts, at `first` or later."""
    if not known:
        return None
    for idx in range(first, len(words) - 1):
        if name_key(" ".join(words[idx:])) in known:
            return idx
    return None


def split_label(label: str) -> tuple[str | None, str | None, str | None]:
    """`President of Azerbaijan Ilham Aliyev` → (`President of Azerbaijan`, `Ilham Aliyev`, AZ)."""
    parts = analyse_label(label)
    return parts.role, parts.name, parts.country
