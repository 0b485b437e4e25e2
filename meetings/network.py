"""Who met whom: leaders as nodes, an edge for each pair that met, weighted by meetings.

A pair met when both took part in the same published meeting. The figures are read in one
grouped self-join of participations and kept with the archive figures (overview.cached),
so a filter seen once costs nothing until the archive changes.
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, F
from django.urls import reverse

from . import overview
from .models import Meeting, Participation, Person

# The interactive graph draws at most this many of the strongest pairs; the list has all.
GRAPH_EDGES = 120


@dataclass(frozen=True)
class Leader:
    """A node: a leader and the meetings they had in the period (with anyone)."""

    pk: int
    name: str
    slug: str
    country: str
    meetings: int

    @property
    def url(self) -> str:
        return reverse("meetings:leader_detail", args=[self.slug])


@dataclass(frozen=True)
class Pair:
    """An edge: two leaders and the meetings both took part in."""

    first: Leader
    second: Leader
    meetings: int

    @property
    def url(self) -> str:
        return reverse("meetings:leader_pair", args=[self.first.slug, self.second.slug])


@dataclass
class Network:
    leaders: list[Leader] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)  # most meetings first

    def graph_data(self, limit: int = GRAPH_EDGES) -> dict:
        """Plain data for the page's script: the strongest `limit` pairs and their leaders."""
        pairs = self.pairs[:limit]
        shown = {leader.pk for pair in pairs for leader in (pair.first, pair.second)}
        top = max((leader.meetings for leader in self.leaders), default=1)
        return {
            "nodes": [
                {
                    "id": f"p{leader.pk}",
                    "label": leader.name,
                    "url": leader.url,
                    "meetings": leader.meetings,
                    "size": round(10 + 30 * leader.meetings / top),
                }
                for leader in self.leaders
                if leader.pk in shown
            ],
            "edges": [
                {
                    "id": f"e{pair.first.pk}-{pair.second.pk}",
                    "source": f"p{pair.first.pk}",
                    "target": f"p{pair.second.pk}",
                    "label": f"{pair.first.name} and {pair.second.name}",
                    "url": pair.url,
                    "meetings": pair.meetings,
                }
                for pair in pairs
            ],
        }


def meetings_in(*, year_from: int | None = None, year_to: int | None = None, country: str = ""):
    """The published meetings of a period (whole years) and, if given, a country's leaders."""
    meetings = Meeting.objects.published()
    if year_from:
        meetings = meetings.filter(date__gte=datetime.date(year_from, 1, 1))
    if year_to:
        meetings = meetings.filter(date__lte=datetime.date(year_to, 12, 31))
    if country:
        meetings = meetings.for_country(country)
    return meetings


def network(
    *, year_from: int | None = None, year_to: int | None = None, country: str = ""
) -> Network:
    """Every pair of leaders who met in the period (at meetings of `country`'s leaders)."""

    def compute() -> Network:
        meetings = meetings_in(year_from=year_from, year_to=year_to, country=country)
        ids = meetings.order_by().values("pk")
        rows = (
            Participation.objects.filter(meeting__in=ids)
            .filter(meeting__participations__person_id__gt=F("person_id"))
            .values("person_id", "meeting__participations__person_id")
            .annotate(together=Count("meeting_id", distinct=True))
            .values_list("person_id", "meeting__participations__person_id", "together")
        )
        rows = list(rows)
        counts = dict(
            Participation.objects.filter(meeting__in=ids)
            .values("person_id")
            .annotate(n=Count("meeting_id", distinct=True))
            .values_list("person_id", "n")
        )
        people = {
            person.pk: Leader(
                person.pk, person.name, person.slug, person.country, counts.get(person.pk, 0)
            )
            for person in Person.objects.filter(pk__in={pk for row in rows for pk in row[:2]}).only(
                "name", "slug", "country"
            )
        }
        pairs = []
        for a, b, together in rows:
            first, second = sorted((people[a], people[b]), key=lambda leader: leader.name)
            pairs.append(Pair(first, second, together))
        pairs.sort(key=lambda pair: (-pair.meetings, pair.first.name, pair.second.name))
        leaders = sorted(people.values(), key=lambda leader: (-leader.meetings, leader.name))
        return Network(leaders=leaders, pairs=pairs)

    return overview.cached(f"network:{year_from}:{year_to}:{country}", compute)


def archive_years() -> list[int]:
    """The years that have published meetings, oldest first."""
    return [row["year"] for row in overview.meetings_per_year()]


class NetworkFilterForm(forms.Form):
    """The page's filters: first and last year, and a country; a bad value is ignored."""

    def __init__(self, *args, years: list[int], countries: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        year_choices = [("", "Any")] + [(str(year), str(year)) for year in years]
        self.fields["from"] = forms.TypedChoiceField(
            label="From", required=False, choices=year_choices, coerce=int, empty_value=None
        )
        self.fields["to"] = forms.TypedChoiceField(
            label="To", required=False, choices=year_choices, coerce=int, empty_value=None
        )
        self.fields["country"] = forms.TypedChoiceField(
            label="Country",
            required=False,
            choices=[("", "All countries")] + [(code.lower(), code) for code in countries],
            coerce=str.upper,
            empty_value="",
        )

    def chosen(self) -> dict:
        """`{"year_from", "year_to", "country"}`, each valid or left out (None, "")."""
        if not self.is_bound:
            return {"year_from": None, "year_to": None, "country": ""}
        self.is_valid()
        data = self.cleaned_data
        year_from, year_to = data.get("from"), data.get("to")
        if year_from and year_to and year_from > year_to:
            year_from, year_to = year_to, year_from
        return {"year_from": year_from, "year_to": year_to, "country": data.get("country") or ""}
