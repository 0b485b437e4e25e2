"""Geometry for the charts the pages draw as inline SVG (no script, no style attributes).

A chart is plain data: `templates/meetings/includes/year_chart.html` only places what is
computed here, and parley.css colours it.
"""

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
