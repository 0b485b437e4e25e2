"""Resolving a speaker named in a transcript to a person already in the archive."""

import datetime
import enum
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .models import Participation, Person, PersonAlias
from .parsing import role_matches, role_words
from .text import name_key

# Two keys at least this similar (rapidfuzz ratio, 0-100) are spellings of one name
# (`ilham aliev` ~ `ilham aliyev` is 95; `ilham aliyev` ~ `ilham aliev` of another country
# is still only a suggestion).
NEAR_SPELLING = 88
# A typo in a given name (`Jana` for `Jane`) still scores this much against the right one.
NEAR_GIVEN_NAME = 75
# How far from a meeting's date a participation still says who held a role then.
ROLE_WINDOW = datetime.timedelta(days=366)


class Resolved(enum.StrEnum):
    """What saving does with a parsed speaker."""

    EXISTING = "existing"  # records them as a person already in the archive
    NEW_ALIAS = "new_alias"  # the same, and keeps this spelling as the person's alias
    NEW_PERSON = "new_person"  # creates a person under this name
    NOBODY = "nobody"  # keeps the label as printed, with no person (a role nobody holds)


@dataclass
class Resolution:
    """Who a parsed speaker is: an existing person, or one to create, and why."""

    name: str
    person: Person | None = None
    create: bool = False
    new_alias: str | None = None
    warnings: list[str] = field(default_factory=list)
    suggestion: Person | None = None

    @property
    def state(self) -> Resolved:
        if self.create:
            return Resolved.NEW_PERSON
        if self.person is None:
            return Resolved.NOBODY
        return Resolved.NEW_ALIAS if self.new_alias else Resolved.EXISTING


class PersonDirectory:
    """Every person's name and alias keys, loaded once and kept current during an import."""

    def __init__(self):
        self.by_key: dict[str, list[Person]] = defaultdict(list)
        self.by_surname: dict[str, list[Person]] = defaultdict(list)
        self.people = people = {person.pk: person for person in Person.objects.all()}
        for person in people.values():
            self.add(person)
        for person_id, key in PersonAlias.objects.values_list("person_id", "key"):
            if person_id in people:
                self._index(key, people[person_id])

    def _index(self, key: str, person: Person) -> None:
        if key and person not in self.by_key[key]:
            self.by_key[key].append(person)
            self.by_surname[key.split()[-1]].append(person)

    def add(self, person: Person, *also: str) -> None:
        self.people[person.pk] = person
        self._index(person.name_key or name_key(person.name), person)
        for name in also:
            self._index(name_key(name), person)

    def known_names(self) -> list[str]:
        return [people[0].name for people in self.by_key.values()]

    def resolve(self, name: str, country: str | None) -> Resolution:
        key = name_key(name)
        result = Resolution(name=name)
        exact = self.by_key.get(key, [])
        if exact:
            same_country = [p for p in exact if country and p.country == country]
            result.person = (same_country or exact)[0]
            if len(exact) > 1 and len(same_country) != 1:
                result.warnings.append(
                    f"“{name}” could be any of {len(exact)} people in the archive; "
                    f"chose {result.person.name} ({result.person.slug}) — check it."
                )
            elif country and result.person.country and result.person.country != country:
                result.warnings.append(
                    f"“{name}” speaks for {country} here, but {result.person.name} in the "
                    f"archive is from {result.person.country} — check it is the same person."
                )
            return result
        if len(key.split()) == 1:
            return self._resolve_surname(result, key, country)
        return self._resolve_near_spelling(result, key, country)

    def _resolve_surname(self, result: Resolution, key: str, country: str | None) -> Resolution:
        candidates = self.by_surname.get(key, [])
        if len(candidates) == 1 and (not country or candidates[0].country == country):
            result.person = candidates[0]
            if not country:
                result.warnings.append(
                    f"“{result.name}” was taken to be {result.person.name}, the only person "
                    "in the archive with that surname — check it."
                )
            return result
        result.create = True
        result.warnings.append(
            f"“{result.name}” is a single name that does not identify anyone in the archive "
            "for certain; a new person will be created — merge it in the admin if needed."
        )
        if candidates:
            result.suggestion = candidates[0]
        return result

    def _resolve_near_spelling(self, result: Resolution, key: str, country: str | None):
        result.create = True
        match = process.extractOne(
            key, self.by_key.keys(), scorer=fuzz.ratio, score_cutoff=NEAR_SPELLING
        )
        if match is None:
            return result
        similar = self.by_key[match[0]]
        same_country = [p for p in similar if country and p.country == country]
        if same_country:
            result.create = False
            result.person = same_country[0]
            result.new_alias = result.name
            result.warnings.append(
                f"“{result.name}” matches {result.person.name} (a near spelling, "
                f"same country {country}); the spelling will be kept as an alias."
            )
        else:
            result.suggestion = similar[0]
            result.warnings.append(
                f"“{result.name}” looks like {similar[0].name} ({similar[0].slug}), but the "
                "country does not confirm it: a new person will be created for an editor to check."
            )
        return result

    def resolve_role_holder(
        self, *, name: str, role: str | None, country: str | None, date: datetime.date
    ) -> Resolution:
        """Who a speaker the transcript could not identify is: the holder of the role then.

        `name` is the label's role (`Prime Minister`) or the part of a name it gives
        (`Emmanuel`). The archive's participations with a matching role (and the same
        country, when the role names one) within a year of `date` say who held the role; the
        holder whose meeting is nearest in time is taken, with a warning. When no one, or
        more than one person for a role without a country, fits, the speaker stays without
        a person: never is one created under the name of a role.
        """
        result = Resolution(name=name)
        holders = self._role_holders(role or name, country, date) if (role or name) else []
        hint = name_key(name) if role and name_key(name) != name_key(role) else ""
        if hint:
            named = [h for h in holders if _given_name_fits(hint, h[1])]
            holders = named or []
        people = {person.pk: person for _distance, person in holders}
        if holders and (country or hint or len(people) == 1):
            person = min(holders, key=lambda h: h[0])[1]
            result.person = person
            others = len(people) - 1
            result.warnings.append(
                f"“{name}” names {role or name} only: taken as {person.name}, who held that "
                f"role nearest to {date.isoformat()} in the archive"
                + (f" ({others} other holder(s) within a year)" if others else "")
                + " — check it."
            )
            return result
        reason = (
            f"{len(people)} people held a matching role within a year"
            if people
            else "no one in the archive held that role within a year"
        )
        result.warnings.append(
            f"“{name}” names {role or name} only and {reason} of {date.isoformat()}: "
            "its turns are kept without a person — pick one in the admin."
        )
        return result

    def _role_holders(
        self, role: str, country: str | None, date: datetime.date
    ) -> list[tuple[int, Person]]:
        """(days from `date`, person) for each participation whose role matches `role`."""
        words = role_words(role)
        if not words:
            return []
        rows = (
            Participation.objects.filter(
                meeting__date__range=(date - ROLE_WINDOW, date + ROLE_WINDOW),
                role__icontains=max(words, key=len),
            )
            .select_related("person")
            .values_list("role", "country", "person_id", "meeting__date")
        )
        found: list[tuple[int, Person]] = []
        for held_role, held_country, person_id, meeting_date in rows:
            person = self.people.get(person_id)
            if person is None or not role_matches(role, held_role):
                continue
            if country and (held_country or person.country) != country:
                continue
            found.append((abs((meeting_date - date).days), person))
        return found


def _given_name_fits(hint: str, person: Person) -> bool:
    """Whether the one word a label gives (`emmanuel`, `jana`) is this person's name or near it."""
    words = name_key(person.name).split()
    return any(fuzz.ratio(hint, word) >= NEAR_GIVEN_NAME for word in words)
