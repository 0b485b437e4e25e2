"""People named outside the labels: in the title, the byline, the intro and attendance lists."""

import re
from dataclasses import dataclass

from .countries import ADJECTIVES, country_from_name, match_country
from .speakers import analyse_label, is_capitalised, is_particle, key
from .vocabulary import (
    CONNECTORS,
    HEADING_WORDS,
    HONORIFICS,
    ROLE_CORES,
    ROLE_MODIFIERS,
    ROLE_STRUCTURE,
    STOPWORDS,
    word_set,
)

_TOKEN = re.compile(r"[^\s,;:()\[\]\"“”«»!?]+|[,;:()\[\]\"“”«»!?]")
_POSSESSIVE = re.compile(r"(\w)(['’]s)\b")
# Verbs and words that follow a name in Title Case headlines: `President Marek Discusses ...`.
_TITLE_VERBS = word_set(
    """
    discuss discusses discussed meet meets met hail hails announce announces welcome
    welcomes welcomed sign signs signed visit visits visited deliver delivers speak speaks
    spoke talk talks call calls urge urges host hosts hosted travel travels participate
    participates address addresses commend commends congratulate congratulates thank thanks
    honor honors honour honours join joins joined attend attends attended receive receives
    received tour tours open opens launch launches mark marks answer answers give gives gave
    take takes took hold holds held outline outlines unveil unveils reaffirm reaffirms stress
    stresses highlight highlights praise praises condemn condemns
    new joint remarks statement press before after during on upon following with at in
    en route aboard via
    """
)
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
_DASHES = frozenset({"–", "—", "-"})
_ATTENDANCE = re.compile(
    r"^(?P<role>[A-Z][\w' -]{1,40}?)\s*:\s*(?:Mr|Mrs|Ms|Madam|Dr|Sir|H\.\s?E\.)\.?\s+"
    r"(?P<name>[^(.…]+?)\s*(?:(?:[.…]\s?){2,}\s*)?(?:\((?P<country>[^)]+)\))?\s*$"
)


@dataclass(frozen=True)
class Mention:
    """Someone the header or intro names, with the role printed beside the name.

    Not an archive `meetings.models.Person`: only what this text says about someone.
    """

    name: str
    role: str | None
    country: str | None


def _sentence_end(token: str) -> bool:
    return token.endswith(".") and len(token) > 2 and not token[-3:-1].isupper()


def persons_in(text: str) -> list[Mention]:
    """People named with a role: `President of Azerbaijan Ilham Aliyev`, `Prime Minister Doe`."""
    if not text:
        return []
    tokens = _TOKEN.findall(_POSSESSIVE.sub(r"\1 \2", text))
    keys = [key(t) for t in tokens]
    found: list[Mention] = []
    core = 0
    while core < len(tokens):
        if keys[core].rstrip(".") not in ROLE_CORES or not is_capitalised(tokens[core]):
            core += 1
            continue
        start = _role_start(tokens, keys, core)
        end = _phrase_end(tokens, keys, core)
        person, end = _person_in_phrase(tokens, keys, start, end)
        if person:
            found.append(person)
        core = max(end, core + 1)
    return found


def _role_start(tokens: list[str], keys: list[str], core: int) -> int:
    """Where the role around the core word at `core` starts: `Deputy Foreign Minister`."""
    start = core
    while start > 0:
        before, before_key = tokens[start - 1], keys[start - 1]
        dash = before in _DASHES and start > 1 and keys[start - 2] in ROLE_CORES
        role_word = is_capitalised(before) and (
            before_key in ROLE_MODIFIERS
            or before_key in ROLE_CORES
            or before_key in ROLE_STRUCTURE
            or (start == core and _ACRONYM.match(before) is not None)
            or before in ADJECTIVES
            or match_country(tokens, start - 1)
        )
        if not (dash or role_word):
            break
        start -= 1
    while start < core and keys[start] == "the":
        start += 1  # `OF THE MINISTER OF ...`: the article is no part of the role
    return start


def _phrase_end(tokens: list[str], keys: list[str], core: int) -> int:
    """Where the role and the name after the core word at `core` end."""
    end = core + 1
    unknown = 0  # capitalised words in a row that are no part of a role: a name
    while end < len(tokens):
        word, word_key = tokens[end], keys[end]
        if word_key == "and":
            if unknown == 0 and end + 1 < len(tokens) and keys[end + 1] in ROLE_STRUCTURE:
                end += 1  # `Minister of Industry and Trade`
                continue
            break
        if word_key == "of" and unknown >= 1:
            # `Prime Minister Doe of Elbonia in Joint Press Conference`: the name is
            # done; a short run of capitalised words after `of` is the role's country.
            end = _country_after_name(tokens, keys, end)
            break
        if word_key in CONNECTORS:
            if unknown >= 2:
                break
            end, unknown = end + 1, 0
            continue
        if is_particle(word):
            end += 1
            continue
        if not _may_continue_phrase(word, word_key):
            break
        unknown = 0 if _is_role_vocabulary(word_key) else unknown + 1
        end += 1
        if _sentence_end(word):
            break
    while end > core + 1 and keys[end - 1] in CONNECTORS:
        end -= 1
    return end


def _may_continue_phrase(word: str, word_key: str) -> bool:
    """A capitalised word that is no common word, heading or headline verb."""
    bare = word_key.rstrip(".")
    return is_capitalised(word) and not (
        bare in STOPWORDS or bare in HEADING_WORDS or bare in _TITLE_VERBS
    )


def _is_role_vocabulary(word_key: str) -> bool:
    bare = word_key.rstrip(".")
    return bare in ROLE_STRUCTURE or bare in ROLE_CORES or bare in ROLE_MODIFIERS


def _person_in_phrase(
    tokens: list[str], keys: list[str], start: int, end: int
) -> tuple[Mention | None, int]:
    """The person a role phrase names, and where the phrase ends (after an appositive)."""
    phrase = " ".join(tokens[start:end]).rstrip(".")
    parts = analyse_label(phrase)
    if not parts.has_role:
        return None, end
    if parts.name and all(_is_role_vocabulary(key(w)) for w in parts.name.split()):
        return None, end  # `General Assembly`, `General Staff`: an institution, not a person
    if parts.name:
        return Mention(parts.name, parts.role, parts.country), end
    appositive = _name_after_comma(tokens, keys, end)
    if appositive:
        # `the Minister of Foreign Affairs of Elbonia, Jane Doe, to ...`
        name, end = appositive
        return Mention(name, parts.role, parts.country), end
    named_before = _name_before_comma(tokens, start)
    if named_before:
        # `Address by Mr. Omar Haddad, President of the Republic of Elbonia`
        return Mention(named_before, parts.role, parts.country), end
    return None, end


def _name_before_comma(tokens: list[str], start: int) -> str | None:
    """`Mr. Omar Haddad,` just before a role at `start`: the name it belongs to."""
    if start < 3 or tokens[start - 1] != ",":
        return None
    first = start - 1
    while (
        first > 0
        and start - 1 - first < 3
        and _name_word(tokens[first - 1])
        and key(tokens[first - 1]) not in HONORIFICS
    ):
        first -= 1
    size = start - 1 - first
    before = key(tokens[first - 1]) if first > 0 else ""
    if size < 2 or (before and before not in HONORIFICS and before not in {"by", "of", "with"}):
        return None
    return " ".join(tokens[first : start - 1])


def _name_after_comma(tokens: list[str], keys: list[str], at: int) -> tuple[str, int] | None:
    """`, Jane Doe,` after a role at `at`: the name set off by commas, and where it ends."""
    if at >= len(tokens) or tokens[at] != ",":
        return None
    end = at + 1
    while end < len(tokens) and end - at <= 4 and _name_word(tokens[end]):
        end += 1
    closed = end >= len(tokens) or tokens[end] in {",", ")", ";"} or keys[end] in {"and", "to"}
    if not 2 <= end - at - 1 <= 3 or not closed:
        return None
    return " ".join(tokens[at + 1 : end]), end


def _country_after_name(tokens: list[str], keys: list[str], at: int) -> int:
    """The end of `of [the] Elbonia` at `at` when it closes the phrase, else `at`."""
    end = at + 1
    if end < len(tokens) and keys[end] == "the":
        end += 1
    start = end
    while end < len(tokens) and end - start < 4 and is_capitalised(tokens[end]):
        bare = keys[end].rstrip(".")
        if bare in ROLE_CORES:
            return at
        if bare in STOPWORDS or bare in HEADING_WORDS:
            break
        end += 1
        if _sentence_end(tokens[end - 1]):
            break
    if end == start or end - start > 3:
        return at
    following = keys[end] if end < len(tokens) else ""
    if following and is_capitalised(tokens[end]) and following not in HEADING_WORDS | STOPWORDS:
        return at
    return end


# `Prime Minister's Office, 10 Downing Street and The Rt Hon Jane Doe MP` (gov.uk's `From:`)
_OFFICE_HOLDER = re.compile(
    r"^(?:[Tt]he\s+)?(?P<role>[A-Z][\w -]{2,60}?)['’]s Office\b.*?\band\s+(?:[Tt]he\s+)?"
    r"(?:Rt\.?\s+Hon\.?|Right Honourable)\s+(?:(?:Sir|Dame|Dr|Lord|Baroness)\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}?)(?:\s+(?:MP|KC|QC|OBE|CBE|KBE))*\s*$"
)


def office_holder(line: str) -> Mention | None:
    """The person a page is `From:` when the office is named for a role: `Prime Minister's
    Office, 10 Downing Street and The Rt Hon Jane Doe MP` → Jane Doe, Prime Minister."""
    match = _OFFICE_HOLDER.match(line.strip())
    if match is None or not any(key(w) in ROLE_CORES for w in match.group("role").split()):
        return None
    return Mention(match.group("name"), match.group("role"), None)


# `In the absence of the President, Mr. Amara (Ruritania), Vice-President, took the Chair.`
_ACTING_CHAIR = re.compile(
    r"^In the absence of the President,\s+(?:(?:Mr|Mrs|Ms|Dr|H\.\s?E)\.?\s+)?"
    r"(?P<name>[^(,]+?)\s*(?:\((?P<country>[^)]+)\))?,\s*(?P<role>Vice-President|"
    r"Vice-Chair(?:person|man|woman)?),\s*took the Chair\.?$",
    re.IGNORECASE,
)


def acting_chair(line: str) -> Mention | None:
    """The Vice-President who took the Chair: the `Acting President` of a UN record."""
    match = _ACTING_CHAIR.match(line)
    if match is None:
        return None
    country = match.group("country")
    return Mention(
        " ".join(match.group("name").split()),
        "Acting President",
        country_from_name(country) if country else None,
    )


def attendance_person(line: str) -> Mention | None:
    """`President: Mr. Ivo Novak (Ruritania)` → Mention(`Ivo Novak`, `President`, ...)."""
    match = _ATTENDANCE.match(line)
    if not match:
        return None
    role = match.group("role").strip()
    if not any(key(w) in ROLE_CORES for w in role.split()):
        return None
    name = " ".join(match.group("name").split()).strip(" .…")
    country = match.group("country")
    return Mention(name, role, country_from_name(country) if country else None)


def _name_word(word: str) -> bool:
    k = key(word).rstrip(".")
    return (
        is_capitalised(word)
        and k not in STOPWORDS
        and k not in ROLE_STRUCTURE
        and k not in ROLE_CORES
        and k not in ROLE_MODIFIERS
        and k not in HEADING_WORDS
        and match_country([word], 0) is None
    )


def names_in(text: str) -> list[str]:
    """Runs of two to four capitalised words that could be names: `Vladimir Putin`."""
    found: list[str] = []
    run: list[str] = []
    starts_after_of = False

    def flush() -> None:
        if 2 <= len(run) <= 4:
            found.append(" ".join(run))
        run.clear()

    after_of = False
    for raw in _POSSESSIVE.sub(r"\1 \2", text or "").split():
        if raw[:1] in "\"“‘'«([":
            flush()
        word = raw.strip("\"“”'‘’«»()[],;:!?.")
        if word and _name_word(word):
            if not run:
                starts_after_of = after_of
            run.append(word)
            if starts_after_of and len(run) == 3:
                run.pop(0)  # `of Ruritania Ivo Marek`: the first word names the country
                starts_after_of = False
        else:
            flush()
        after_of = word.casefold() in {"of", "the"}
        if raw[-1:] in ',;:)]!?"”’».':
            flush()
    flush()
    return found
