"""Words over time: how many statements matched a search per year (or month), per words spoken.

Counts come from the engine, through the same `results.matching` the search page uses, so a
trend always counts what the search finds: one call per query, with the `year` facet, gives
every year's count. Past FACET_DOC_LIMIT matches the facets cover only the matches counted,
so each year is then asked for its own count (a filtered count is cheap; no hit is fetched).
A range under three years is shown by month, one count per month.

Counts are divided by the words spoken in the same period under the same filters
(`Turn.word_count`, summed in the database and kept with the archive figures), so that a year
with more transcripts does not look like a rising theme: rates are per 10,000 words.
"""

import dataclasses
import datetime
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.dateformat import format as format_date
from haystack import connections
from haystack.constants import DEFAULT_ALIAS

from .. import charts, overview
from ..models import Meeting, Participation, Turn
from .contract import COUNT_LIMIT_KWARG, ParleyBackend, ParleyQuery
from .query import ParsedQuery
from .results import Filters, matching

PER_WORDS = 10_000
MAX_QUERIES = 3
# Ranges shorter than this many months are counted month by month.
MONTHLY_BELOW = 36
# Matches a trend asks Parley's engines to count exactly (an archive's every turn, and more).
COUNT_LIMIT = 100_000_000
# The chart's width in SVG units (it scales to the page).
CHART_WIDTH = 480


@dataclass(frozen=True)
class Period:
    """A year or a month, with the dates a search for it runs between."""

    label: str
    start: datetime.date
    end: datetime.date


@dataclass
class Series:
    """One query's matching statements per period, and their rate per 10,000 words."""

    query: ParsedQuery
    counts: list[int]
    rates: list[float]
    exact: bool = True

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Trend:
    by: str = "year"  # or "month"
    periods: list[Period] = field(default_factory=list)
    words: list[int] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(series.total for series in self.series)

    def rows(self, link: Callable[[ParsedQuery, Period], str]) -> list[dict]:
        """One row per period for the text table: its words and each query's figures."""
        return [
            {
                "period": period,
                "words": self.words[index],
                "cells": [
                    (s.counts[index], s.rates[index], link(s.query, period)) for s in self.series
                ],
            }
            for index, period in enumerate(self.periods)
        ]


def trend(queries: list[ParsedQuery], filters: Filters, *, using: str = DEFAULT_ALIAS) -> Trend:
    """The trend of up to MAX_QUERIES non-empty queries under the same filters.

    Kept with the archive figures (dropped when the archive changes, or after
    FIGURES_TIMEOUT), since past the facet limit a trend costs a count per year.
    """
    queries = [query for query in queries if not query.is_empty][:MAX_QUERIES]
    key = repr((using, [query.text for query in queries], filters))
    digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:20]
    return overview.cached(f"trend:{digest}", lambda: _trend(queries, filters, using))


def _trend(queries: list[ParsedQuery], filters: Filters, using: str) -> Trend:
    by_year = [_counts_by_year(query, filters, using) for query in queries]
    years = sorted({year for counts, _ in by_year for year, count in counts.items() if count})
    if not years:
        return Trend(series=[Series(query, [], []) for query in queries])
    start = datetime.date(years[0], 1, 1)
    end = datetime.date(years[-1], 12, 31)
    if filters.date_from:
        start = max(start, filters.date_from)
    if filters.date_to:
        end = min(end, filters.date_to)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months < MONTHLY_BELOW:
        periods = _months(start, end)
        words = _words(filters, "month")
        spoken = [words.get((p.start.year, p.start.month), 0) for p in periods]
        series = []
        for query in queries:
            counted = [
                _count(matching(query, _within(filters, p), using=using), using) for p in periods
            ]
            series.append(
                _series(query, [c for c, _ in counted], spoken, all(exact for _, exact in counted))
            )
        return Trend("month", periods, spoken, series)

    periods = [
        Period(
            str(year), max(start, datetime.date(year, 1, 1)), min(end, datetime.date(year, 12, 31))
        )
        for year in range(start.year, end.year + 1)
    ]
    words = _words(filters, "year")
    spoken = [words.get(p.start.year, 0) for p in periods]
    series = [
        _series(query, [counts.get(p.start.year, 0) for p in periods], spoken, exact)
        for query, (counts, exact) in zip(queries, by_year, strict=True)
    ]
    return Trend("year", periods, spoken, series)


def chart(trend: Trend, link: Callable[[ParsedQuery, Period], str]) -> charts.TrendChart:
    """The trend's SVG geometry; `link(query, period)` is the search each bar opens."""
    # About 480 units wide whatever the number of periods, so that the chart keeps a
    # readable height when scaled to a phone's width; at most eight labels under the axis.
    periods, queries = len(trend.periods), max(1, len(trend.series))
    gap = 10 if periods <= 12 else 4
    group_width = max(6, min(36 * queries, (CHART_WIDTH - gap * (periods + 1)) // periods))
    bar_width = max(2, group_width // queries)
    label_every = math.ceil(periods / 8)
    return charts.trend_chart(
        [
            (
                period.label,
                [
                    (
                        series.rates[index],
                        series.counts[index],
                        link(series.query, period),
                        f"{series.query.text}, {period.label}: {series.counts[index]} "
                        f"statement{'s' if series.counts[index] != 1 else ''}, "
                        f"{series.rates[index]:.2f} per {PER_WORDS:,} words",
                    )
                    for series in trend.series
                ],
            )
            for index, period in enumerate(trend.periods)
        ],
        bar_width=bar_width,
        gap=gap,
        label_every=label_every,
    )


def _series(query, counts: list[int], words: list[int], exact: bool) -> Series:
    rates = [
        round(PER_WORDS * count / spoken, 2) if spoken else 0.0
        for count, spoken in zip(counts, words, strict=True)
    ]
    return Series(query, counts, rates, exact)


def _count(sqs, using: str, *, facet_years: bool = False) -> tuple:
    """Run `sqs` for its count alone (one hit asked for); with `facet_years`, the year facet.

    Parley's engines are asked to count every match (COUNT_LIMIT), which one unscored
    pass does; any other engine counts as far as it does, and the years are then asked.
    """
    if facet_years:
        sqs = sqs.facet("year")
    engine_query = sqs.query
    engine_query.set_limits(0, 1)  # 0 would mean "all" to some engines
    backend = connections[using].get_backend()
    if isinstance(backend, ParleyBackend):
        engine_query.run(**{COUNT_LIMIT_KWARG: COUNT_LIMIT})
    else:
        engine_query.run()
    exact = engine_query.hits_exact if isinstance(engine_query, ParleyQuery) else True
    if not facet_years:
        return engine_query.get_count(), exact
    years = engine_query.get_facet_counts().get("fields", {}).get("year", [])
    return {int(value): count for value, count in years if str(value).isdigit()}, exact


def _counts_by_year(query: ParsedQuery, filters: Filters, using: str) -> tuple[dict, bool]:
    counts, exact = _count(matching(query, filters, using=using), using, facet_years=True)
    if exact:
        return counts, True
    # The facets saw only the first matches: ask each year of the archive for its own count.
    exact_all = True
    years = {row["year"] for row in overview.meetings_per_year()} | set(counts)
    if filters.date_from:
        years = {year for year in years if year >= filters.date_from.year}
    if filters.date_to:
        years = {year for year in years if year <= filters.date_to.year}
    for year in sorted(years):
        period = Period(str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        counts[year], exact = _count(matching(query, _within(filters, period), using=using), using)
        exact_all = exact_all and exact
    return counts, exact_all


def _within(filters: Filters, period: Period) -> Filters:
    start = max(filters.date_from, period.start) if filters.date_from else period.start
    end = min(filters.date_to, period.end) if filters.date_to else period.end
    return dataclasses.replace(filters, date_from=start, date_to=end)


def _months(start: datetime.date, end: datetime.date) -> list[Period]:
    periods = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        last = following - datetime.timedelta(days=1)
        periods.append(Period(format_date(first, "M Y"), max(first, start), min(last, end)))
        year, month = following.year, following.month
    return periods


def _words(filters: Filters, by: str) -> dict:
    """Words spoken per year or (year, month) in the published turns the filters allow."""

    def compute():
        turns = spoken_turns(filters)
        return turns.words_per_year() if by == "year" else turns.words_per_month()

    key = (
        by,
        tuple(filters.speakers),
        filters.country,
        filters.kind,
        filters.date_from,
        filters.date_to,
    )
    digest = hashlib.sha1(repr(key).encode(), usedforsecurity=False).hexdigest()[:16]
    return overview.cached(f"trend-words:{digest}", compute)


def spoken_turns(filters: Filters):
    """The published turns a search with `filters` (and no words) would list, in the database.

    As the index sees them (search_indexes.py): a turn's country is its speaker's
    participation's, or the speaker's own when the participation names none.
    """
    turns = Turn.objects.filter(meeting__status=Meeting.Status.PUBLISHED)
    if filters.speakers:
        turns = turns.filter(speaker__slug__in=filters.speakers)
    if filters.kind:
        turns = turns.filter(meeting__kind=filters.kind)
    if filters.date_from:
        turns = turns.filter(meeting__date__gte=filters.date_from)
    if filters.date_to:
        turns = turns.filter(meeting__date__lte=filters.date_to)
    if filters.country:
        taking_part = Participation.objects.filter(
            meeting=OuterRef("meeting_id"), person=OuterRef("speaker_id")
        )
        turns = turns.filter(
            Q(Exists(taking_part.filter(country=filters.country)))
            | (~Exists(taking_part.exclude(country="")) & Q(speaker__country=filters.country))
        )
    return turns
