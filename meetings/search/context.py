"""What a query names in the archive, said above the statements it finds.

A statement matches by its own words only: the meeting's title, place and lead, and the
speaker's name and role, are not among them. What those used to find is offered above
the statements instead, each a click away:

    Ilham Aliyev — show only statements by Ilham Aliyev     sets the speaker filter
    Azerbaijan — statements by its leaders                  sets the country filter
    2 meetings in Samarkand                                 the meetings (or a list of them)
    3 meetings titled with 'Shanghai Cooperation'           idem

Leaders (by name, alias or family name), countries (by name, adjective or code) and places
are recognised in runs of the query's words through cached maps (names.py), at no database
cost; a filter link takes the words that named it out of the query. Meetings whose title or
lead hold all the query's words are found with one query on an index of titles and leads
(PostgreSQL full text: the column `search_words` and its index, migration 0003; other
databases scan, which only small development archives do). A query made only of names
gets no such line: the names say it. None of this looks at the turns.
"""

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.contrib.humanize.templatetags.humanize import intcomma
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.http import urlencode

from ..models import Meeting, MeetingQuerySet
from ..text import name_key
from . import names
from .names import Country, Leader
from .query import ParsedQuery, Term
from .results import Filters

# Meetings listed in the line itself; more are one link to the list page.
FEW_MEETINGS = 3
# Meetings counted for a line; beyond, it says "more than". Each is checked for the words
# in its title alone, which PostgreSQL computes (some 20 µs a title).
MAX_MEETINGS_COUNTED = 100

# A phrase of common words that are never side by side has every meeting holding both as
# a candidate to check: past this many milliseconds the line is left out.
WORDS_BUDGET_MS = 50

# PostgreSQL's stored words of each meeting's title and lead (migration 0003), which the
# model does not list; `simple`: lower case, unstemmed.
MEETING_WORDS = RawSQL('"meetings_meeting"."search_words"', [], output_field=SearchVectorField())
TITLE_WORDS = SearchVector("title", config="simple")

Link = Callable[..., str]  # SearchForm.querystring: this search's URL, changed


@dataclass
class LeaderLine:
    leader: Leader
    url: str  # this search, limited to the leader's statements


@dataclass
class CountryLine:
    country: Country
    url: str  # this search, limited to statements by the country's leaders


@dataclass
class MeetingsLine:
    """Meetings the query names: `text` says how many and why; a few are listed."""

    text: str  # "2 meetings in Samarkand"
    url: str  # the list page of them all
    meetings: list[Meeting] = field(default_factory=list)  # when there are few


@dataclass
class QueryContext:
    leaders: list[LeaderLine] = field(default_factory=list)
    countries: list[CountryLine] = field(default_factory=list)
    meetings: list[MeetingsLine] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.leaders or self.countries or self.meetings)


@dataclass
class LeaderSuggestion:
    """Leaders whose name is close to words of a query that found nothing."""

    spelling: str  # the name as the archive writes it: `Aliyev`
    corrected: str  # the query with the words spelt so
    search_url: str  # this search for `corrected`
    leaders: list[LeaderLine]  # each with this search, the words out, limited to them


@dataclass(frozen=True)
class _Mention:
    """A run of the query's words, and the required groups it fills entirely."""

    words: tuple[str, ...]  # as typed
    groups: frozenset[int]


class _Typed:
    """The case each word was typed in (the parser may lower it)."""

    def __init__(self, text: str):
        self.forms: dict[str, str] = {}
        for match in re.finditer(r"\w+(?:\.\w+)*", text):
            self.forms.setdefault(match.group().lower(), match.group())

    def __call__(self, word: str) -> str:
        return self.forms.get(word.lower(), word)

    def term(self, term: Term) -> str:
        return " ".join(self(word) for word in term.words) + ("*" if term.prefix else "")


def read_query(query: ParsedQuery, filters: Filters, link: Link) -> QueryContext:
    """The leaders, countries, places and meetings `query` names, with their links."""
    found = QueryContext()
    if query.is_empty:
        return found
    typed = _Typed(query.text)
    named_groups: set[int] = set()
    seen: set = set()
    for mention, leaders, country, places in _mentions(query, typed, names.ArchiveNames()):
        if mention.groups:
            named_groups |= mention.groups
        rest = _syntax(query, typed, drop=mention.groups)
        for leader in leaders:
            if leader.slug not in filters.speakers and leader not in seen:
                seen.add(leader)
                found.leaders.append(
                    LeaderLine(leader, link(q=rest, speaker=[leader.slug], page=None))
                )
        if country and country.code != filters.country and country not in seen:
            seen.add(country)
            found.countries.append(
                CountryLine(country, link(q=rest, country=country.code, page=None))
            )
        if places and mention.words not in seen:
            seen.add(mention.words)
            found.meetings.append(_place_line(places, mention.words))
    searched = {i for i, group in enumerate(query.required) if not all(t.common for t in group)}
    if not named_groups.issuperset(searched):
        line = _words_line(query, typed)
        if line:
            found.meetings.append(line)
    return found


def suggest_leaders(query: ParsedQuery, link: Link) -> LeaderSuggestion | None:
    """A leader close to words of `query` (`Aliev`: Ilham Aliyev), for a search that failed."""
    typed = _Typed(query.text)
    archive = names.ArchiveNames()
    for run in _runs(query):
        for size in range(min(names.MAX_NAME_WORDS, len(run)), 0, -1):
            for at in range(len(run) - size + 1):
                span = run[at : at + size]
                near = archive.leader_like(name_key(" ".join(word for word, _ in span)))
                if near is None:
                    continue
                spelling, leaders = near
                groups = _whole_groups(run, at, size)
                replace = dict.fromkeys(groups)
                if groups:
                    replace[min(groups)] = spelling
                rest = _syntax(query, typed, drop=groups)
                corrected = _syntax(query, typed, replace=replace)
                return LeaderSuggestion(
                    spelling=spelling,
                    corrected=corrected,
                    search_url=link(q=corrected, page=None),
                    leaders=[
                        LeaderLine(leader, link(q=rest, speaker=[leader.slug], page=None))
                        for leader in leaders
                    ],
                )
    return None


def meetings_mentioning(query: ParsedQuery, *, title_only: bool = False) -> MeetingQuerySet:
    """Published meetings whose title (and lead) hold the query's words, exclusions aside."""
    meetings = Meeting.objects.published()
    if query.is_empty:
        return meetings.none()
    if connection.vendor != "postgresql":
        return meetings.filter(_contains(query, ("title",) if title_only else ("title", "summary")))
    words = TITLE_WORDS if title_only else MEETING_WORDS
    return meetings.annotate(words=words).filter(words=_tsquery(query))


def meetings_in(places: list[names.Place]) -> MeetingQuerySet:
    return Meeting.objects.published().filter(place__in=[place.name for place in places])


def meetings_url(**params: str) -> str:
    """The page listing meetings by place (`place=`) or by words (`words=`)."""
    return f"{reverse('search:meetings')}?{urlencode(params)}"


def _runs(query: ParsedQuery) -> list[list[tuple[str, int]]]:
    """Runs of (word, group index): a name never spans an `OR` or a `prefix*`."""
    runs: list[list[tuple[str, int]]] = []
    run: list[tuple[str, int]] = []
    for index, group in enumerate(query.required):
        if len(group) == 1 and not group[0].prefix:
            run.extend((word, index) for word in group[0].words)
        elif run:
            runs.append(run)
            run = []
    return [*runs, run] if run else runs


def _whole_groups(run, at: int, size: int) -> frozenset[int]:
    """The groups whose words all lie in `run[at:at + size]`; empty if one lies partly out."""
    inside = {group for _, group in run[at : at + size]}
    outside = {group for _, group in run[:at] + run[at + size :]}
    return frozenset() if inside & outside else frozenset(inside)


def _mentions(query: ParsedQuery, typed: _Typed, archive: names.ArchiveNames):
    """(mention, leaders, country, places) for each longest run of words naming any."""
    for run in _runs(query):
        words = [typed(word) for word, _ in run]
        at = 0
        while at < len(run):
            country = archive.country_at(words, at)
            longest = max(
                min(names.MAX_NAME_WORDS, len(run) - at), country[0] - at if country else 0
            )
            for size in range(longest, 0, -1):
                key = name_key(" ".join(words[at : at + size]))
                leaders = archive.leaders_named(key)
                places = archive.places_named(key)
                named = country[1] if country and country[0] - at == size else None
                if leaders or places or named:
                    mention = _Mention(tuple(words[at : at + size]), _whole_groups(run, at, size))
                    yield mention, leaders, named, places
                    at += size
                    break
            else:
                at += 1


def _place_line(places: list[names.Place], words: tuple[str, ...]) -> MeetingsLine:
    count = sum(place.meetings for place in places)
    where = places[0].name if len(places) == 1 else " ".join(words)
    text = f"{intcomma(count)} meeting{'s' if count != 1 else ''} in {where}"
    listed = []
    if count <= FEW_MEETINGS:
        listed = list(meetings_in(places).order_by("-date", "-id")[:FEW_MEETINGS])
    return MeetingsLine(text, meetings_url(place=" ".join(words)), listed)


def _words_line(query: ParsedQuery, typed: _Typed) -> MeetingsLine | None:
    try:
        with _time_limit(WORDS_BUDGET_MS):
            found = meetings_mentioning(query).order_by().values_list("pk", flat=True)
            ids = list(found[: MAX_MEETINGS_COUNTED + 1])
            more = len(ids) > MAX_MEETINGS_COUNTED
            ids = ids[:MAX_MEETINGS_COUNTED]
            titled = meetings_mentioning(query, title_only=True).filter(pk__in=ids).count()
    except OperationalError:  # the time limit
        return None
    if not ids:
        return None
    count, words = len(ids), _syntax(query, typed, quotes=False, exclusions=False)
    one = count == 1 and not more
    if titled == count:
        why = f"titled with '{words}'"
    elif titled == 0:
        why = f"whose lead{'' if one else 's'} mention{'s' if one else ''} '{words}'"
    else:
        why = f"with '{words}' in {'its' if one else 'their'} title or lead"
    text = f"{'More than ' if more else ''}{intcomma(count)} meeting{'' if one else 's'} {why}"
    listed = []
    if count <= FEW_MEETINGS:
        listed = list(Meeting.objects.filter(pk__in=ids).order_by("-date", "-id"))
    url = meetings_url(words=_syntax(query, typed, exclusions=False))
    return MeetingsLine(text, url, listed)


@contextlib.contextmanager
def _time_limit(milliseconds: int):
    """Cancel PostgreSQL statements of the block that run longer (OperationalError)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'), "
            "set_config('statement_timeout', %s, true)",
            [str(milliseconds)],
        )
        before = cursor.fetchone()[0]
        yield
        # Back as it was, for what follows in an enclosing transaction (tests run in one).
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])


def _syntax(
    query: ParsedQuery,
    typed: _Typed,
    *,
    drop=frozenset(),
    replace=None,
    quotes: bool = True,
    exclusions: bool = True,
) -> str:
    """The query written out again, without the groups in `drop` or with some `replace`d."""
    replace = {**dict.fromkeys(drop), **(replace or {})}
    parts = []
    for index, group in enumerate(query.required):
        if index in replace:
            if replace[index]:
                parts.append(replace[index])
            continue
        terms = []
        for term in group:
            text = typed.term(term)
            terms.append(f'"{text}"' if quotes and len(term.words) > 1 else text)
        parts.append(" OR ".join(terms))
    if exclusions:
        for term in query.excluded:
            text = typed.term(term)
            parts.append("-" + (f'"{text}"' if len(term.words) > 1 else text))
    return " ".join(parts)


def _tsquery(query: ParsedQuery) -> SearchQuery:
    def term_query(term: Term) -> SearchQuery:
        if term.prefix:
            lexeme = term.words[0].lower().replace("'", "''").replace("\\", "")
            return SearchQuery(f"'{lexeme}':*", config="simple", search_type="raw")
        kind = "phrase" if len(term.words) > 1 else "plain"
        return SearchQuery(" ".join(term.words), config="simple", search_type=kind)

    return reduce(and_, (reduce(or_, map(term_query, group)) for group in query.searched_groups()))


def _contains(query: ParsedQuery, fields: tuple[str, ...]) -> Q:
    def term_q(term: Term) -> Q:  # a substring: close enough for a small archive
        return reduce(or_, (Q(**{f"{name}__icontains": term.text}) for name in fields))

    return reduce(and_, (reduce(or_, map(term_q, group)) for group in query.searched_groups()))
