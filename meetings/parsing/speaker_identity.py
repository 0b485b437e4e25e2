"""Deciding who each label means: one speaker per person, however the label was printed."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeGuard

from rapidfuzz import fuzz

from meetings.text import to_ascii

from .context import Mention
from .countries import country_from_name, country_from_role
from .keys import name_key
from .labels import Candidate
from .result import Speaker
from .speakers import is_initial, is_particle, key
from .vocabulary import ROLE_CORES, ROLE_MODIFIERS, word_set

# Two surnames at least this similar (rapidfuzz ratio, 0-100), the given names equal, are
# one name spelt two ways: `aliev` ~ `aliyev` is 91.
NEAR_SURNAME = 80
_OUTLET_WORDS = word_set(
    """
    daily times post herald ledger news courier gazette journal tribune telegraph guardian
    chronicle observer express review weekly magazine radio tv television agency press
    """
)
_RANKS = word_set("vice deputy acting assistant under associate former first second")


@dataclass(frozen=True)
class LabelUse:
    """A label found in the text and the line it is on."""

    line: int
    candidate: Candidate


def _tokens(name: str) -> list[str]:
    return [w for w in name.split() if not is_particle(w) and not is_initial(w)]


def _surname(name: str) -> str:
    words = _tokens(name)
    return name_key(words[-1]) if words else ""


def _first(name: str) -> str:
    words = _tokens(name)
    return name_key(words[0]) if len(words) > 1 else ""


def _is_full(name: str | None) -> TypeGuard[str]:
    if not name:
        return False
    return len(_tokens(name)) >= 2


def _similar(a: str, b: str) -> bool:
    """`Ilham Aliev` ~ `Ilham Aliyev`, `Tony Blair` ~ `Anthony Blair`."""
    ta, tb = [name_key(w) for w in _tokens(a)], [name_key(w) for w in _tokens(b)]
    if len(ta) != len(tb) or len(ta) < 2:
        return False
    if ta[:-1] == tb[:-1]:
        return fuzz.ratio(ta[-1], tb[-1]) >= NEAR_SURNAME
    if ta[-1] == tb[-1] and ta[1:-1] == tb[1:-1]:
        x, y = sorted((ta[0], tb[0]), key=len)
        return len(x) >= 3 and (y.startswith(x) or y.endswith(x))
    return False


def role_words(role: str) -> set[str]:
    """The role words of a role, case-folded: `PM` → {`prime`, `minister`}."""
    keys = (key(w).rstrip(".") for w in role.split())
    found = {k for k in keys if k in ROLE_CORES or k in ROLE_MODIFIERS}
    if "pm" in found:
        found = (found - {"pm"}) | {"prime", "minister"}
    return found


def _bare(role: str | None) -> str:
    words = (role or "").casefold().split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def role_matches(label_role: str, role: str | None) -> bool:
    """Whether a role-only label (`THE PRESIDENT`) fits a speaker's role (`President of X`)."""
    if not role:
        return False
    wanted, held = role_words(label_role), role_words(role)
    if not wanted or not wanted <= held or (held - wanted) & _RANKS:
        return False
    a, b = country_from_role(label_role), country_from_role(role)
    return a is None or b is None or a == b


class Resolver:
    """Maps each label to a speaker name and builds the list of speakers."""

    def __init__(
        self,
        uses: list[LabelUse],
        persons: list[Mention],
        known_names: Iterable[str],
        *,
        context: Iterable[str] = (),
    ):
        self.uses = uses
        self.persons = persons
        # Names in the title and the lead, less the newspapers' (`Daily Ledger`)
        self.context = [
            n
            for n in context
            if _is_full(n) and not any(name_key(w) in _OUTLET_WORDS for w in n.split())
        ]
        self.known = [n for n in known_names if _is_full(n)]
        self.warnings: list[str] = []
        self.full: dict[str, str] = {}
        self.alias: dict[str, str] = {}
        self._warned: set[str] = set()
        self._names: list[str | None] = []
        self._role_memo: dict[str, str] = {}
        self._quiet_memo: dict[str, str] = {}
        self._label_roles: dict[str, str] = {}
        self.unidentified: set[str] = set()  # speakers known only by a role or part of a name

    def run(self) -> tuple[list[str], list[Speaker]]:
        for use in self.uses:
            parts = use.candidate.parts
            if use.candidate.generic or parts.initials or not _is_full(parts.name):
                continue
            k = name_key(parts.name)
            if k in self.full or k in self.alias:
                continue
            twin = next((n for n in self.full.values() if _similar(n, parts.name)), None)
            if twin:
                self.alias[k] = twin
                self.warnings.append(
                    f'line {use.line}: "{use.candidate.printed}" taken as {twin} '
                    "(the name is spelt differently)"
                )
            else:
                self.full[k] = parts.name
        self._label_roles = self._roles_from_labels()
        names: list[str | None] = [self._named(use) for use in self.uses]
        self._names = names
        roles = self._roles(names)
        for idx, use in enumerate(self.uses):
            if names[idx] is None:
                names[idx] = self._role_only(use, roles)
        return [n or "" for n in names], self._speakers(names)

    def _unique(self, names: Iterable[str], test) -> str | None:
        found = {n for n in names if test(n)}
        return found.pop() if len(found) == 1 else None

    def _named(self, use: LabelUse) -> str | None:
        cand = use.candidate
        if cand.generic:
            return cand.generic
        name = cand.parts.name
        if not name:
            return None
        if cand.parts.initials:
            return self._initials(name) or name
        if _is_full(name):
            k = name_key(name)
            return self.alias.get(k) or self.full.get(k) or name
        # A label read without a warning reads the same each time (`PRIME MINISTER DOE` on
        # every other line of a long briefing): decide it once.
        if cand.printed in self._quiet_memo:
            return self._quiet_memo[cand.printed]
        warned = len(self.warnings)
        found = self._part_of_name(use, name)
        if len(self.warnings) == warned and name not in self.unidentified:
            self._quiet_memo[cand.printed] = found
        return found

    def _part_of_name(self, use: LabelUse, name: str) -> str:
        """The speaker a label giving one word of a name means (`President Marek`, `Ivo`)."""
        cand = use.candidate
        word = name_key(name)
        pools = [
            list(self.full.values()),
            [p.name for p in self.persons if _is_full(p.name)],
            self.known,
        ]
        role = cand.parts.role
        for pool in pools:
            found = self._unique(pool, lambda n: _surname(n) == word)
            if found:
                return found
            given = [n for n in pool if _first(n) == word]
            if len(set(given)) > 1 and role:
                # `President of Ruritania Ivo` beside two speakers called Ivo: the role decides
                given = [n for n in given if role_matches(role, self._role_of(n))]
            found = given[0] if len(set(given)) == 1 else None
            if found:
                self.warnings.append(
                    f'line {use.line}: "{cand.printed}" taken as {found} '
                    "(the surname seems to be missing)"
                )
                return found
        if role and " of " in f" {role.casefold()} ":
            return self._holder_of_role(use, word)
        # `Marek:` under a lead that says `Ivo Marek spoke to the Ledger`
        return self._unique(self.context, lambda n: _surname(n) == word) or name

    def _holder_of_role(self, use: LabelUse, word: str) -> str:
        """`Prime Minister of Elbonia Jana` beside `Prime Minister of Elbonia Jane Doe`.

        A full role and one word that is no speaker's name: a typo in the name. The speaker
        who holds that role is meant when there is exactly one; otherwise the word is kept
        and the speaker is left for the archive to identify.
        """
        cand = use.candidate
        holders = {
            n
            for n in [*self.full.values(), *(p.name for p in self.persons if _is_full(p.name))]
            if role_matches(cand.parts.role or "", self._role_of(n))
        }
        if len(holders) == 1:
            found = holders.pop()
            self.warnings.append(
                f'line {use.line}: "{cand.printed}" taken as {found}, the speaker with that '
                "role (the name is incomplete or misspelt)"
            )
            return found
        name = cand.parts.name or word
        self.unidentified.add(name)
        self.warnings.append(
            f'line {use.line}: "{cand.printed}" gives only part of a name and no speaker here '
            f'holds that role; kept as "{name}"'
        )
        return name

    def _roles_from_labels(self) -> dict[str, str]:
        """The role each fully named label prints beside the name (one naming a country first)."""
        roles: dict[str, str] = {}
        for use in self.uses:
            parts = use.candidate.parts
            if parts.role and _is_full(parts.name):
                name = self.alias.get(name_key(parts.name)) or parts.name
                if name not in roles or (
                    country_from_role(parts.role) and not country_from_role(roles[name])
                ):
                    roles[name] = parts.role
        return roles

    def _role_of(self, name: str) -> str | None:
        """The role a full name holds in this transcript: from its label, else the header."""
        if name in self._label_roles:
            return self._label_roles[name]
        person = self._person(name)
        return person.role if person else None

    def _initials(self, name: str) -> str | None:
        letters = [to_ascii(p)[:1].casefold() for p in name.replace(" ", "").split(".")[:-1]]
        surname = name_key(name.replace(" ", "").split(".")[-1])
        pools = [
            list(self.full.values()),
            [p.name for p in self.persons if _is_full(p.name)],
            self.known,
        ]
        for pool in pools:
            found = self._unique(
                pool,
                lambda n: _surname(n) == surname and (not letters or _first(n)[:1] == letters[0]),
            )
            if found:
                return found
        return None

    def _roles(self, names: list[str | None]) -> dict[str, str]:
        """Each named speaker's role: from a label (one naming a country first), else the header."""
        roles: dict[str, str] = {}
        fallback: dict[str, str] = {}
        for use, name in zip(self.uses, names, strict=True):
            role = use.candidate.parts.role
            if not name or not role or not use.candidate.parts.name:
                continue
            if name not in roles and country_from_role(role):
                roles[name] = role
            fallback.setdefault(name, role)
        for name, role in fallback.items():
            roles.setdefault(name, role)
        for name in dict.fromkeys(n for n in names if n):
            person = self._person(name)
            if not person or not person.role:
                continue
            role = roles.get(name)
            if role is None or (
                not country_from_role(role)
                and role_matches(role, person.role)
                and len(person.role) > len(role)
            ):
                roles[name] = person.role
        return roles

    def _person(self, name: str) -> Mention | None:
        """The header or intro entry for `name` that says most about the role."""
        k = name_key(name)
        found = [p for p in self.persons if name_key(p.name) == k]
        if not found and _is_full(name):
            found = [
                p
                for p in self.persons
                if not _is_full(p.name) and _surname(name) == name_key(p.name)
            ]
        found.sort(key=lambda p: (p.country is not None, len(p.role or "")), reverse=True)
        return found[0] if found else None

    def _role_only(self, use: LabelUse, roles: dict[str, str]) -> str:
        # The same bare role always means the same speaker: decide once per label (this also
        # keeps long pages of `THE PRESIDENT` and `Q` linear).
        k = use.candidate.printed.casefold()
        if k not in self._role_memo:
            self._role_memo[k] = self._decide_role_only(use, roles)
        return self._role_memo[k]

    def _decide_role_only(self, use: LabelUse, roles: dict[str, str]) -> str:
        cand = use.candidate
        role = cand.parts.role or cand.printed
        generic_names = {u.candidate.generic for u in self.uses}
        # `PM` beside `PM Doe`: a bare role printed like another speaker's is someone else.
        same_style = {
            n
            for u, n in zip(self.uses, self._names, strict=True)
            if u.candidate.parts.name
            and _bare(u.candidate.parts.role) == _bare(role)
            and (n is None or not self._only_header_holder(n, role))
        }
        speakers = [n for n in dict.fromkeys(roles) if n not in generic_names | same_style]
        found = self._unique(speakers, lambda n: role_matches(role, roles.get(n)))
        if found is None:
            # A person who already speaks under a label of their own is someone else: in
            # `THE PRESIDENT` beside `PRESIDENT MAREK`, the bare role is the host.
            named = [
                n
                for u, n in zip(self.uses, self._names, strict=True)
                if n and u.candidate.parts.name and not u.candidate.generic
            ]
            labelled = {name_key(n) for n in named} | {_surname(n) for n in named}
            found = self._unique(
                [
                    p.name
                    for p in self.persons
                    if name_key(p.name) not in labelled and _surname(p.name) not in labelled
                ],
                lambda n: role_matches(role, next(p.role for p in self.persons if p.name == n)),
            )
            if found and not _is_full(found):
                found = self._unique(self.known, lambda n: _surname(n) == name_key(found)) or found
        message = f'line {use.line}: "{cand.printed}" names a role only'
        if found:
            self._warn_once(f"{message}; taken as {found}", cand.printed)
            return found
        self._warn_once(f'{message} and matches no single speaker; kept as "{role}"', cand.printed)
        self.unidentified.add(role)
        return role

    def _only_header_holder(self, name: str, role: str) -> bool:
        """`Minister KAMIYA` ⏎ `Minister:` under her own title: the header names her, and
        nobody else, with that role, so the bare role is her too."""
        person = self._person(name)
        if person is None or not role_matches(role, person.role):
            return False
        return not any(
            role_matches(role, p.role) and _surname(p.name) != _surname(name) for p in self.persons
        )

    def _warn_once(self, message: str, label: str) -> None:
        if label.casefold() not in self._warned:
            self._warned.add(label.casefold())
            self.warnings.append(message)

    def _speakers(self, names: list[str | None]) -> list[Speaker]:
        roles = self._roles(names)
        delegations: dict[str, list[str]] = {}
        for use, name in zip(self.uses, names, strict=True):
            if name and use.candidate.delegation:
                delegations.setdefault(name, []).append(use.candidate.delegation)
        speakers: dict[str, Speaker] = {}
        for use, name in zip(self.uses, names, strict=True):
            if not name or name in speakers:
                continue
            cand = use.candidate
            if cand.generic and name == cand.generic:
                speakers[name] = Speaker(name, None, None, True)
                continue
            role = roles.get(name)
            if role is None and not cand.parts.name and cand.parts.role:
                role = cand.parts.role
            country = country_from_role(role) if role else None
            if country is None:
                found = map(country_from_name, delegations.get(name, []))
                country = next(filter(None, found), None)
            if country is None:
                person = self._person(name)
                country = person.country if person else None
            speakers[name] = Speaker(name, role, country, False, name not in self.unidentified)
        return list(speakers.values())
