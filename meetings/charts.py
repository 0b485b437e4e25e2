"""Geometry for the charts the pages draw as inline SVG (no script, no style attributes).

A chart is plain data: `templates/meetings/includes/year_chart.html` only places what is
computed here, and parley.css colours it.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Room above the plot for the count over the tallest bar, and below it for the year labels.
_TOP = 18
_BOTTOM = 20


@dataclass(frozen=True)
class Bar:
    """One year's bar: its count, and where the bar and its two labels go."""

    year: int
    count: int
    x: int
    y: int
    height: int
    middle: int
    count_y: int


@dataclass(frozen=True)
class YearChart:
    """Meetings per year as bars; an empty chart has no bars and draws nothing."""

    bars: list[Bar] = field(default_factory=list)
    bar_width: int = 0
    width: int = 0
    height: int = 0
    baseline: int = 0
    label_y: int = 0
    total: int = 0
    first: int | None = None
    last: int | None = None


def year_chart(
    rows: Iterable[Mapping[str, int]],
    *,
    bar_width: int = 28,
    gap: int = 10,
    plot_height: int = 100,
) -> YearChart:
    """Bars for rows of `{"year", "count"}`; years between them without meetings get zero bars."""
    counts = {row["year"]: row["count"] for row in rows}
    if not counts:
        return YearChart()
    years = range(min(counts), max(counts) + 1)
    peak = max(counts.values())
    baseline = _TOP + plot_height
    bars = []
    for index, year in enumerate(years):
        count = counts.get(year, 0)
        height = round(plot_height * count / peak) if count else 0
        x = gap + index * (bar_width + gap)
        bars.append(
            Bar(
                year=year,
                count=count,
                x=x,
                y=baseline - height,
                height=height,
                middle=x + bar_width // 2,
                count_y=baseline - height - 5,
            )
        )
    return YearChart(
        bars=bars,
        bar_width=bar_width,
        width=gap + len(bars) * (bar_width + gap),
        height=baseline + _BOTTOM,
        baseline=baseline,
        label_y=baseline + 15,
        total=sum(counts.values()),
        first=years[0],
        last=years[-1],
    )


@dataclass(frozen=True)
class Spoke:
    """One counterpart around a leader: where its line, circle and name go."""

    name: str
    url: str
    together: int
    x: int
    y: int
    radius: int
    stroke: int
    label_x: int
    label_y: int
    anchor: str  # text-anchor: start on the right half, end on the left


@dataclass(frozen=True)
class StarChart:
    """A leader in the middle and the people they met most around, nearest at the top."""

    spokes: list[Spoke] = field(default_factory=list)
    width: int = 0
    height: int = 0
    centre_x: int = 0
    centre_y: int = 0


def _short(name: str, length: int = 18) -> str:
    return name if len(name) <= length else name[: length - 1] + "…"


def counterpart_star(
    counterparts: Iterable[tuple[str, str, int]],
    *,
    width: int = 500,
    height: int = 280,
    reach: int = 90,
) -> StarChart:
    """Spokes for `(name, url, meetings together)`, most first, clockwise from the top."""
    people = list(counterparts)
    if not people:
        return StarChart()
    cx, cy = width // 2, height // 2
    peak = max(together for _, _, together in people)
    spokes = []
    for index, (name, url, together) in enumerate(people):
        angle = -math.pi / 2 + 2 * math.pi * index / len(people)
        cos, sin = math.cos(angle), math.sin(angle)
        radius = round(4 + 8 * math.sqrt(together / peak))
        x, y = round(cx + reach * cos), round(cy + reach * sin)
        spokes.append(
            Spoke(
                name=_short(name),
                url=url,
                together=together,
                x=x,
                y=y,
                radius=radius,
                stroke=round(1 + 5 * together / peak),
                label_x=round(x + (radius + 4) * (1 if cos >= -0.01 else -1)),
                label_y=round(y + 4 + (radius + 6) * sin * 0.6),
                anchor="start" if cos >= -0.01 else "end",
            )
        )
    return StarChart(spokes=spokes, width=width, height=height, centre_x=cx, centre_y=cy)


@dataclass(frozen=True)
class Gap:
    """Whole years between two meetings of a pair in which they did not meet."""

    first: int
    last: int

    @property
    def years(self) -> int:
        return self.last - self.first + 1


def gaps(years: Iterable[int]) -> list[Gap]:
    """The runs of years without a meeting between the years that had one, longest first."""
    present = sorted(set(years))
    found = [Gap(a + 1, b - 1) for a, b in zip(present, present[1:], strict=False) if b - a > 1]
    return sorted(found, key=lambda gap: (-gap.years, gap.first))


@dataclass(frozen=True)
class TrendBar:
    """One query's bar in one period: its rate per 10,000 words and where it goes."""

    series: int  # 0, 1 or 2: the query's place, which parley.css colours
    value: float
    count: int
    url: str
    x: int
    y: int
    height: int
    label: str  # what a screen reader or a tooltip says


@dataclass(frozen=True)
class TrendGroup:
    """One period's bars and its label under the axis (empty where labels would crowd)."""

    label: str
    bars: list[TrendBar]
    middle: int


@dataclass(frozen=True)
class TrendChart:
    groups: list[TrendGroup] = field(default_factory=list)
    bar_width: int = 0
    width: int = 0
    height: int = 0
    baseline: int = 0
    label_y: int = 0
    peak: float = 0.0


def trend_chart(
    periods: list[tuple[str, list[tuple[float, int, str, str]]]],
    *,
    bar_width: int = 14,
    gap: int = 10,
    plot_height: int = 120,
    label_every: int = 1,
) -> TrendChart:
    """Grouped bars: for each `(period label, [(rate, count, url, description)] per query)`.

    Heights are relative to the highest rate, as year_chart's are to the highest count;
    only every `label_every`-th period is labelled under the axis.
    """
    if not periods:
        return TrendChart()
    series = max(len(values) for _, values in periods)
    peak = max((rate for _, values in periods for rate, *_ in values), default=0.0)
    baseline = _TOP + plot_height
    group_width = series * bar_width
    groups = []
    for index, (label, values) in enumerate(periods):
        left = gap + index * (group_width + gap)
        bars = []
        for place, (rate, count, url, description) in enumerate(values):
            height = round(plot_height * rate / peak) if peak and rate else 0
            if rate and not height:
                height = 1  # said at all: a sliver, not nothing
            bars.append(
                TrendBar(
                    series=place,
                    value=rate,
                    count=count,
                    url=url,
                    x=left + place * bar_width,
                    y=baseline - height,
                    height=height,
                    label=description,
                )
            )
        groups.append(
            TrendGroup(
                label=label if index % label_every == 0 else "",
                bars=bars,
                middle=left + group_width // 2,
            )
        )
    return TrendChart(
        groups=groups,
        bar_width=bar_width,
        width=gap + len(periods) * (group_width + gap),
        height=baseline + _BOTTOM,
        baseline=baseline,
        label_y=baseline + 15,
        peak=peak,
    )
