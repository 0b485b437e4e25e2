"""Run a search over speaker turns and shape one page of hits, facets and a suggestion.

Everything goes through Haystack's query API, so any Haystack engine can serve it; the
engine runs once per page (hits, count, facets and suggestion together) and a page of hits
renders from stored fields, without a database query per hit.
"""

import datetime
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db import DatabaseError
from haystack import connections
from haystack.constants import DEFAULT_ALIAS
from haystack.query import SearchQuerySet

from ..models import Meeting, Person, country_name
from .contract import IndexUnavailable, ParleyBackend, ParleyQuery
from .highlight import engine_stemmer, snippet
from .query import ParsedQuery
from .upkeep.indexing import report_unreadable

PAGE_SIZE = 20
# Only this many hits can be paged through: deep pages cost as much as all pages before them.
MAX_RESULT_WINDOW = 1000
FACET_SIZE = 12
FACET_FIELDS = ("speaker", "country", "year")

SORT_ORDERS = {
    "relevance": (),
    "newest": ("-date", "-meeting", "sequence"),
    "oldest": ("date", "meeting", "sequence"),
}


@dataclass
class Filters:
    """The ways a search can be narrowed, already validated."""

    speakers: list[str] = field(default_factory=list)
    country: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    kind: str = ""

    def __bool__(self):
        return bool(self.speakers or self.country or self.date_from or self.date_to or self.kind)


@dataclass
class Hit:
    """One matching speaker turn, ready for the template."""

    pk: int
    speaker_name: str
    speaker_url: str
    label: str
    role: str
    country: str
    meeting_title: str
    meeting_url: str
    url: str
    date: datetime.date
    place: str
    snippet: str
    context_url: str = ""  # "Read in context": set by the view (reading.py)
    number: int = 0  # the statement's permanent number (#t<n>)
    meeting_slug: str = ""
    text: str = ""  # the whole statement, as indexed (exports)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


class EnginePage(Sequence):
    """What one engine call returns: a page of hits, and how many matches can be paged.

    Django's Paginator reads the count from it and slices out the page it holds.
    """

    def __init__(self, hits: list, offset: int, count: int):
        self.hits, self.offset, self._count = hits, offset, count

    # Not Sequence.count(value): Django's Paginator asks count() without arguments.
    def count(self) -> int:  # type: ignore[override]
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice) and (index.start or 0) == self.offset:
            return self.hits[: max(0, (index.stop or self._count) - self.offset)]
        raise IndexError("Only the page the engine returned can be read.")


@dataclass
class SearchPage:
    """One page of results, with what is needed to narrow, widen or correct the search."""

    query: ParsedQuery
    filters: Filters
    sort: str
    page: Page  # Django's; its paginator counts at most MAX_RESULT_WINDOW matches
    count: int
    count_exact: bool
    facets: dict[str, list[FacetValue]]
    # A prefix had more words than a search may expand to, or the engine ran out of time
    # before it saw every match: the hits are the first found, the count an estimate.
    too_broad: bool = False
    suggestion: str | None = None
    speaker_names: dict[str, str] = field(default_factory=dict)

    @property
    def hits(self) -> list[Hit]:
        # The paginator's slice of an EnginePage: its list of hits.
        return cast(list[Hit], self.page.object_list)

    @property
    def last_index(self) -> int:
        return self.page.start_index() + len(self.hits) - 1

    @property
    def window_limited(self):
        return self.count > MAX_RESULT_WINDOW

    @property
    def speaker_label(self) -> str:
        """`A`, `A and B`, `A, B and C`: the speakers the search is limited to."""
        names = [self.speaker_names.get(slug, slug) for slug in self.filters.speakers]
        return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""


def search_turns(
    query: ParsedQuery,
    filters: Filters,
    *,
    sort: str = "relevance",
    page: int = 1,
    using: str = DEFAULT_ALIAS,
) -> SearchPage:
    """Search turns; an empty query with filters lists the matching turns, newest first."""
    if query.is_empty and sort == "relevance":
        sort = "newest"
    sqs = matching(query, filters, using=using)
    for name in FACET_FIELDS:
        sqs = sqs.facet(name, limit=FACET_SIZE)
    if SORT_ORDERS.get(sort):
        sqs = sqs.order_by(*SORT_ORDERS[sort])

    max_page = MAX_RESULT_WINDOW // PAGE_SIZE
    page = min(max(page, 1), max_page)
    engine_query = sqs.query
    engine_query.set_limits((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    spelling_words = " ".join(query.plain_words())
    try:
        engine_query.run(spelling_query=spelling_words or None)
    except DatabaseError:
        raise
    except Exception as error:
        # A damaged index fails in whatever way its library does: the page says search is
        # unavailable (503, archive/errors.py), and the index worker is asked to mend it.
        reason = f"{type(error).__name__}: {error}"
        report_unreadable(reason, using)
        raise IndexUnavailable(reason) from error

    count = engine_query.get_count()
    results = engine_query.get_results()
    num_pages = max(1, math.ceil(min(count, MAX_RESULT_WINDOW) / PAGE_SIZE))
    if not results and page > num_pages:
        return search_turns(query, filters, sort=sort, page=num_pages, using=using)

    terms = query.highlight_terms()
    stemmer = engine_stemmer(using)
    hits = [_hit(result, terms, stemmer) for result in results]
    offset = (page - 1) * PAGE_SIZE
    # An estimated count may fall short of the hits in hand.
    pageable = max(min(count, MAX_RESULT_WINDOW), offset + len(hits))
    paginator = Paginator(EnginePage(hits, offset, pageable), PAGE_SIZE)
    raw_facets = engine_query.get_facet_counts().get("fields", {})
    speaker_slugs = {value for value, _ in raw_facets.get("speaker", [])} | set(filters.speakers)
    speaker_names = (
        dict(Person.objects.filter(slug__in=speaker_slugs).values_list("slug", "name"))
        if speaker_slugs
        else {}
    )
    suggestion = None
    if count == 0 and spelling_words:
        suggestion = _suggestion(engine_query, using, spelling_words, query)
    return SearchPage(
        query=query,
        filters=filters,
        sort=sort,
        page=paginator.page(page),
        count=count,
        count_exact=engine_query.hits_exact if isinstance(engine_query, ParleyQuery) else True,
        too_broad=engine_query.too_broad if isinstance(engine_query, ParleyQuery) else False,
        facets=_facets(raw_facets, speaker_names),
        suggestion=suggestion,
        speaker_names=speaker_names,
    )


def matching(query: ParsedQuery, filters: Filters, *, using: str = DEFAULT_ALIAS):
    """The turns a search matches, as a SearchQuerySet: what the page, trends and alerts ask."""
    sqs = SearchQuerySet(using=using)
    backend = connections[using].get_backend()
    content = query.to_sq(
        prefix_field=backend.prefix_field if isinstance(backend, ParleyBackend) else "text"
    )
    if content is not None:
        sqs = sqs.filter(content)
    return _apply_filters(sqs, filters)


def iter_hits(
    query: ParsedQuery,
    filters: Filters,
    *,
    sort: str = "relevance",
    limit: int,
    batch: int = 500,
    using: str = DEFAULT_ALIAS,
):
    """Every hit of a search, in `sort` order, up to `limit`, a batch of engine results at a
    time (for exports, which stream them): no facets, no spelling, no page window."""
    if query.is_empty and sort == "relevance":
        sort = "newest"
    sqs = matching(query, filters, using=using)
    if SORT_ORDERS.get(sort):
        sqs = sqs.order_by(*SORT_ORDERS[sort])
    terms = query.highlight_terms()
    stemmer = engine_stemmer(using)
    for start in range(0, limit, batch):
        results = list(sqs[start : min(start + batch, limit)])
        for result in results:
            yield _hit(result, terms, stemmer)
        if len(results) < min(batch, limit - start):
            return


def _apply_filters(sqs, filters: Filters):
    if filters.speakers:
        sqs = sqs.filter(speaker__in=filters.speakers)
    if filters.country:
        sqs = sqs.filter(country__exact=filters.country)
    if filters.kind:
        # `__in`, as for speakers: Whoosh quotes an `__exact` hyphenated value into the term.
        sqs = sqs.filter(kind__in=[filters.kind])
    if filters.date_from and filters.date_to:
        # One closed range: two open-ended ones cost seconds on a large index.
        sqs = sqs.filter(date__range=(filters.date_from, filters.date_to))
    elif filters.date_from:
        sqs = sqs.filter(date__gte=filters.date_from)
    elif filters.date_to:
        sqs = sqs.filter(date__lte=filters.date_to)
    return sqs


def _hit(result, terms, stemmer) -> Hit:
    date = result.date
    if isinstance(date, datetime.datetime):
        date = date.date()
    meeting_url = Meeting(date=date, slug=result.meeting_slug).get_absolute_url()
    speaker_slug = getattr(result, "speaker", None)
    return Hit(
        pk=int(result.pk),
        speaker_name=getattr(result, "speaker_name", None) or result.label,
        speaker_url=Person(slug=speaker_slug).get_absolute_url() if speaker_slug else "",
        label=result.label,
        role=getattr(result, "role", None) or "",
        country=getattr(result, "country", None) or "",
        meeting_title=result.meeting_title,
        meeting_url=meeting_url,
        url=f"{meeting_url}#t{result.sequence}",
        date=date,
        place=result.place or "",
        snippet=snippet(result.text, terms, stemmer=stemmer),
        number=int(result.sequence),
        meeting_slug=result.meeting_slug,
        text=result.text,
    )


def _facets(raw: dict, speaker_names: dict[str, str]) -> dict[str, list[FacetValue]]:
    labels: dict[str, Callable[[Any], str]] = {
        "speaker": lambda value: speaker_names.get(value, value),
        "country": lambda value: country_name(value) or value,
        "year": str,
    }
    facets = {}
    for name in FACET_FIELDS:
        values = [
            FacetValue(str(value), labels[name](value), count)
            for value, count in raw.get(name, [])
            if value
        ]
        if name == "year":
            values.sort(key=lambda facet: facet.value, reverse=True)
        facets[name] = values
    return facets


def _suggestion(engine_query, using, spelling_words, query: ParsedQuery) -> str | None:
    suggested = engine_query.get_spelling_suggestion()
    backend = connections[using].get_backend()
    if not suggested and isinstance(backend, ParleyBackend):
        # Some engines only suggest alongside hits; ask the backend directly.
        suggested = backend.create_spelling_suggestion(spelling_words)
    if not suggested or suggested.lower() == spelling_words.lower():
        return None
    old, new = spelling_words.split(), suggested.split()
    if len(old) != len(new):
        return suggested
    replacements = {a: b for a, b in zip(old, new, strict=True) if a != b}
    return re.sub(
        r"\w+",
        lambda m: replacements.get(m.group().lower(), m.group()),
        query.text,
    )
