"""The names a search may hold: the archive's leaders, countries and places.

A statement matches by its own words; when a query names a leader, a country or a place,
the results page says so (context.py). These maps let it recognise them without a database
query of its own: each is built from a few hundred rows (the public people and their
aliases, the distinct places of published meetings) and kept with the archive figures
(`overview.cached`), so it is rebuilt only after the archive changes. Keys are
`name_key`s: case, diacritics and punctuation do not matter (`aliyev`, `erdogan`).
"""

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count
from django.urls import reverse
from rapidfuzz import fuzz, process
from whoosh.analysis import STOP_WORDS

from .. import overview
from ..models import Meeting, Person, PersonAlias, country_name
from ..parsing.countries import match_country
from ..text import name_key

# The longest name looked for in a query, in words (`Novo-Ogaryovo, Moscow Region`).
MAX_NAME_WORDS = 4
# How close (rapidfuzz's ratio, 0-100) a word must be to a leader's name to suggest it:
# `aliev` is 91 from `aliyev`, `lavrow` 83 from `lavrov`.
SIMILAR_NAME = 80
# Shorter words are not corrected to a name: too many names are a letter or two away.
MIN_SIMILAR_LENGTH = 4


@dataclass(frozen=True)
class Leader:
    slug: str
    name: str

    def get_absolute_url(self) -> str:
        return reverse("meetings:leader_detail", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class Country:
    code: str

    @property
    def name(self) -> str:
        return country_name(self.code)

    def get_absolute_url(self) -> str:
        return reverse("meetings:country_detail", kwargs={"code": self.code.lower()})


@dataclass(frozen=True)
class Place:
    name: str
    meetings: int


def _usable(key: str) -> bool:
    """A key a query word may stand for: not a very common word, not a lone letter."""
    return len(key) > 1 and key not in STOP_WORDS


def _leader_map() -> dict[str, tuple[str, tuple[tuple[str, str], ...]]]:
    """`{key: (spelling, ((slug, name), ...))}` by full name, alias and family name."""

    def compute():
        found: dict[str, tuple[str, list]] = {}

        def add(spelling: str, leader: tuple[str, str]) -> None:
            key = name_key(spelling)
            if _usable(key):
                leaders = found.setdefault(key, (spelling, []))[1]
                if leader not in leaders:
                    leaders.append(leader)

        public = Person.objects.public()
        by_pk = {}
        for pk, slug, name, sort_name in public.values_list("pk", "slug", "name", "sort_name"):
            by_pk[pk] = (slug, name)
            add(name, by_pk[pk])
            family, comma, _ = sort_name.partition(",")
            if comma:  # `Aliyev, Ilham`
                add(family, by_pk[pk])
        for person_id, alias in PersonAlias.objects.filter(person__in=public).values_list(
            "person_id", "name"
        ):
            add(alias, by_pk[person_id])
        return {key: (spelling, tuple(leaders)) for key, (spelling, leaders) in found.items()}

    return overview.cached("names:leaders", compute)


def _place_map() -> dict[str, tuple[tuple[str, int], ...]]:
    """`{key: ((place, meetings), ...)}` for every run of words of each place's name."""

    def compute():
        rows = (
            Meeting.objects.published()
            .exclude(place="")
            .values_list("place")
            .annotate(meetings=Count("id"))
            .order_by("-meetings", "place")
        )
        found: dict[str, list] = {}
        for place, meetings in rows:
            words = name_key(place).split()
            for size in range(1, min(MAX_NAME_WORDS, len(words)) + 1):
                for at in range(len(words) - size + 1):
                    key = " ".join(words[at : at + size])
                    places = found.setdefault(key, [])
                    if (size > 1 or _usable(key)) and (place, meetings) not in places[-1:]:
                        places.append((place, meetings))
        return {key: tuple(places) for key, places in found.items() if places}

    return overview.cached("names:places", compute)


class ArchiveNames:
    """The maps, each read from the cache at most once: make one per request."""

    @cached_property
    def _leaders(self):
        return _leader_map()

    @cached_property
    def _places(self):
        return _place_map()

    @cached_property
    def _countries(self) -> set[str]:
        return {row["code"] for row in overview.countries_by_meetings()}

    def leaders_named(self, key: str) -> list[Leader]:
        """The leaders whose name, alias or family name is `key`."""
        entry = self._leaders.get(key)
        return [Leader(*leader) for leader in entry[1]] if entry else []

    def leader_like(self, key: str) -> tuple[str, list[Leader]] | None:
        """A leader's name close to `key`, which names nobody: (its spelling, the leaders)."""
        if len(key) < MIN_SIMILAR_LENGTH or key in self._leaders:
            return None
        best = process.extractOne(
            key, list(self._leaders), scorer=fuzz.ratio, score_cutoff=SIMILAR_NAME
        )
        if best is None:
            return None
        spelling, leaders = self._leaders[best[0]]
        return spelling, [Leader(*leader) for leader in leaders]

    def country_at(self, words: list[str], start: int) -> tuple[int, Country] | None:
        """A country of the archive named at `words[start:]`: (end index, country), or None.

        Names, official names, adjectives (`Azerbaijani`) and abbreviations (`UK`) as the
        parser knows them, and ISO codes typed in capitals (`AZ`).
        """
        found = match_country(words, start)
        if found is None and len(words[start]) == 2 and words[start].isupper():
            found = (start + 1, words[start])
        if found is None or found[1] not in self._countries:
            return None
        return found[0], Country(found[1])

    def places_named(self, key: str) -> list[Place]:
        """The places whose names hold the words of `key`, most meetings first."""
        return [Place(*place) for place in self._places.get(key, ())]
