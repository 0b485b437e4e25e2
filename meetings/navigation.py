"""Breadcrumbs and earlier/later links of the archive pages, as data the templates place.

Views put `breadcrumbs` (a list of `Link`) and `adjacent` (an `Adjacent`) in the context;
`templates/includes/breadcrumbs.html` (drawn by base.html) and
`templates/meetings/includes/adjacent.html` draw them. The last crumb is the page itself
(`aria-current="page"`) unless the trail stops above it, as on a meeting's page.
"""

import datetime
from dataclasses import dataclass
from typing import Literal

from django.urls import reverse
from django.utils.dateformat import format as format_date

Period = Literal["year", "month", "day"]
_LEVELS: tuple[Period, ...] = ("year", "month", "day")

# How a period is named as a crumb below its parent, and on its own in earlier/later links.
_CRUMB_FORMAT = {"year": "Y", "month": "F", "day": "j"}
_FULL_FORMAT = {"year": "Y", "month": "F Y", "day": "j F Y"}
_ADJACENT_LABEL = {"year": "Other years", "month": "Other months", "day": "Other days"}


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class Adjacent:
    """The periods before and after this one that have meetings; `label` names the nav."""

    label: str
    previous: Link | None
    next: Link | None


def trail(*crumbs: tuple[str, str], ends_here: bool = True) -> list[Link]:
    """Breadcrumbs from (label, url) pairs, top first; the last is this page if `ends_here`."""
    last = len(crumbs) - 1
    return [
        Link(label, url, current=ends_here and n == last) for n, (label, url) in enumerate(crumbs)
    ]


def _down_to(period: Period) -> tuple[Period, ...]:
    return _LEVELS[: _LEVELS.index(period) + 1]


def period_url(day: datetime.date, period: Period) -> str:
    """The year, month or day page of the archive that holds `day`."""
    parts = {"year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}"}
    kwargs = {level: parts[level] for level in _down_to(period)}
    return reverse(f"meetings:meeting_{period}", kwargs=kwargs)


def date_trail(day: datetime.date, period: Period, *, ends_here: bool = True) -> list[Link]:
    """Meetings › 2022 › September › 16, down to `period`."""
    crumbs = [("Meetings", reverse("meetings:meeting_archive"))]
    for level in _down_to(period):
        crumbs.append((format_date(day, _CRUMB_FORMAT[level]), period_url(day, level)))
    return trail(*crumbs, ends_here=ends_here)


def adjacent_periods(
    previous: datetime.date | None, following: datetime.date | None, period: Period
) -> Adjacent | None:
    """Links to the nearest earlier and later periods with meetings, or None if neither."""
    if previous is None and following is None:
        return None

    def link(day: datetime.date | None) -> Link | None:
        if day is None:
            return None
        return Link(format_date(day, _FULL_FORMAT[period]), period_url(day, period))

    return Adjacent(_ADJACENT_LABEL[period], link(previous), link(following))
