"""The public archive: meetings by date, leaders, countries, and the home page."""

import datetime
import json
import re

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import generic
from django.views.generic.detail import SingleObjectMixin
from django.views.static import serve as static_serve

from . import charts, citations, dataset, exports, metadata, navigation, network, overview
from .models import Meeting, Person, country_name
from .search.reading import mark_transcript, reading_from
from .templatetags.parley import lang_attribute
from .text import name_key

LATEST_ON_HOME = 8
LEADERS_ON_HOME = 12
COUNTERPARTS_SHOWN = 10
RELATED_SHOWN = 5


class HomeView(generic.TemplateView):
    """The front page: search, the latest meetings, and ways into the archive."""

    template_name = "meetings/home.html"

    def get_context_data(self, **kwargs):
        totals = overview.totals()
        return super().get_context_data(
            latest=Meeting.objects.published().listed()[:LATEST_ON_HOME],
            meeting_count=totals["meetings"],
            leader_count=totals["leaders"],
            turn_count=totals["turns"],
            years=overview.meetings_per_year(),
            leaders=overview.leaders_by_meetings(LEADERS_ON_HOME),
            countries=overview.countries_by_meetings(),
            **kwargs,
        )


class AboutView(generic.TemplateView):
    """How the archive is made: its sources and licences, reading, markers, corrections, citing."""

    template_name = "meetings/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sources=overview.sources(), **kwargs)


class MeetingMixin:
    """What the date-based meeting views share: published meetings, two-digit months."""

    model = Meeting
    queryset = Meeting.objects.published()
    date_field = "date"
    month_format = "%m"
    day_format = "%d"
    # Transcripts record past events; a mistyped future date must not hide a meeting.
    allow_future = True

    def get_dated_items(self):
        # Prefetch only for the listed meetings, not for the previous/next date lookups.
        date_list, meetings, extra = super().get_dated_items()
        return date_list, meetings.listed(), extra


class DateNavigationMixin:
    """Breadcrumbs down to this year, month or day, and links to the periods either side."""

    period: navigation.Period

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        previous, following = context[f"previous_{self.period}"], context[f"next_{self.period}"]
        context["breadcrumbs"] = navigation.date_trail(context[self.period], self.period)
        context["adjacent"] = navigation.adjacent_periods(previous, following, self.period)
        return context


class MeetingArchiveView(MeetingMixin, generic.ArchiveIndexView):
    """All published meetings, newest first."""

    paginate_by = 20
    allow_empty = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=overview.meetings_per_year(), **kwargs)


class MeetingYearView(MeetingMixin, DateNavigationMixin, generic.YearArchiveView):
    """One year's meetings, with its months and their counts."""

    period = "year"
    make_object_list = True
    paginate_by = 50

    def get_context_data(self, **kwargs):
        year = int(self.get_year())
        months = Meeting.objects.published().filter(date__year=year).count_by_month()
        return super().get_context_data(months=months, **kwargs)


class MeetingMonthView(MeetingMixin, DateNavigationMixin, generic.MonthArchiveView):
    """One month's meetings."""

    period = "month"
    paginate_by = 20


class MeetingDayView(MeetingMixin, DateNavigationMixin, generic.DayArchiveView):
    """One day's meetings."""

    period = "day"


class MeetingDetailView(MeetingMixin, generic.DateDetailView):
    """One meeting and its transcript, turn by turn."""

    queryset = Meeting.objects.published().with_participants().with_transcript()

    def get_context_data(self, **kwargs):
        meeting = self.object
        related = Meeting.objects.published().of_principals(meeting).listed()[:RELATED_SHOWN]
        transcript = meeting.transcript()
        reading = reading_from(self.request)  # opened from a search: its words marked
        mark_transcript(transcript, reading)
        url = self.request.build_absolute_uri(meeting.get_absolute_url())
        accessed = timezone.localdate()
        turns = [turn for turn in transcript if not getattr(turn, "is_removed", False)]
        for turn in turns:
            cited = citations.cited(turn, meeting, url=f"{url}#{turn.anchor}", accessed=accessed)
            turn.citation = {
                "chicago": citations.chicago(cited),
                "apa": citations.apa(cited),
                "mla": citations.mla(cited),
            }
        return super().get_context_data(
            page_url=url,
            cite_path=f"{meeting.get_absolute_url()}cite/",
            site_lang=lang_attribute("en", meeting.language),
            description=metadata.description(meeting, len(turns)),
            highwire=metadata.highwire(meeting, url),
            json_ld=metadata.ld_json_script(
                metadata.json_ld(meeting, turns, url, self.request.build_absolute_uri)
            ),
            transcript=transcript,
            reading=reading,
            previous_meeting=meeting.previous_published(),
            next_meeting=meeting.next_published(),
            related=related,
            principals=meeting.principals,
            breadcrumbs=navigation.date_trail(meeting.date, "day", ends_here=False),
            **kwargs,
        )


class LeaderListView(generic.ListView):
    """An A–Z index of leaders, filterable by country and by initial."""

    template_name = "meetings/person_list.html"
    context_object_name = "people"

    def get_queryset(self):
        people = Person.objects.public().order_by("sort_name", "name")
        country = self.request.GET.get("country", "").strip().upper()
        # Anything but two letters (a NUL byte, a name) is not a code: say so, list everyone.
        self.country_unrecognised = bool(country) and not re.fullmatch(r"[A-Z]{2}", country)
        self.country = "" if self.country_unrecognised else country
        if self.country:
            people = people.filter(country=self.country)
        return people

    def get_context_data(self, **kwargs):
        # The letters come from the whole (country-filtered) list, so filtering by
        # initial happens here in Python: one query either way, and `Öztürk` files
        # under O, between `Oz` and `Pa`, whatever the database collation.
        people = sorted(
            overview.with_counts(self.object_list),
            key=lambda person: (person.initial == "#", person.initial, name_key(person.sort_name)),
        )
        initials = sorted({person.initial for person in people}, key=lambda c: (c == "#", c))
        initial = self.request.GET.get("initial", "").strip().upper()[:1]
        if initial:
            people = [person for person in people if person.initial == initial]
        codes = (
            Person.objects.public()
            .exclude(country="")
            .order_by("country")
            .values_list("country", flat=True)
            .distinct()
        )
        countries = sorted(
            ({"code": code, "name": country_name(code)} for code in codes),
            key=lambda country: country["name"],
        )
        return super().get_context_data(
            object_list=people,
            initials=initials,
            initial=initial,
            country=self.country,
            country_label=country_name(self.country),
            country_unrecognised=self.country_unrecognised,
            countries=countries,
            **kwargs,
        )


class LeaderDetailView(SingleObjectMixin, generic.ListView):
    """A leader: roles held, meetings (paginated), counterparts and meetings per year."""

    template_name = "meetings/person_detail.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=Person.objects.public())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Meeting.objects.published().with_person(self.object).listed()

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.summary["count"]  # known already: no COUNT query
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.object,
            roles=self.summary["roles"],
            counterparts=self.summary["counterparts"],
            star=charts.counterpart_star(
                (
                    other.name,
                    reverse("meetings:leader_pair", args=[self.object.slug, other.slug]),
                    other.together,
                )
                for other in self.summary["counterparts"]
            ),
            chart=charts.year_chart(self.summary["per_year"]),
            figures_generation=overview.generation(),
            breadcrumbs=navigation.trail(
                ("Leaders", reverse("meetings:leader_list")),
                (self.object.name, self.object.get_absolute_url()),
            ),
            **kwargs,
        )

    @cached_property
    def summary(self):
        return overview.person_summary(self.object, counterparts=COUNTERPARTS_SHOWN)


class LeaderPairView(generic.ListView):
    """The published meetings two leaders both took part in."""

    template_name = "meetings/person_pair.html"
    paginate_by = 20
    allow_empty = False

    def get_queryset(self):
        public = Person.objects.public()
        self.person = get_object_or_404(public, slug=self.kwargs["slug"])
        self.other = get_object_or_404(public, slug=self.kwargs["other"])
        if self.person == self.other:
            raise Http404("A leader does not meet themselves.")
        together = Meeting.objects.published().between(self.person, self.other)
        # Meetings per year with their first and last dates: the timeline and the count.
        self.per_year = list(together.count_by_year().annotate(first=Min("date"), last=Max("date")))
        return together.listed()

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = sum(row["count"] for row in self.per_year)  # no COUNT query
        return paginator

    def get_context_data(self, **kwargs):
        breadcrumbs = navigation.trail(
            ("Leaders", reverse("meetings:leader_list")),
            (self.person.name, self.person.get_absolute_url()),
            (
                f"With {self.other.name}",
                reverse("meetings:leader_pair", args=[self.person.slug, self.other.slug]),
            ),
        )
        return super().get_context_data(
            person=self.person,
            other=self.other,
            breadcrumbs=breadcrumbs,
            chart=charts.year_chart(self.per_year),
            first_met=self.per_year[0]["first"],
            last_met=self.per_year[-1]["last"],
            gaps=charts.gaps(row["year"] for row in self.per_year),
            **kwargs,
        )


class CountryListView(generic.TemplateView):
    """Every country whose leaders took part in a published meeting."""

    template_name = "meetings/country_list.html"

    def get_context_data(self, **kwargs):
        countries = sorted(overview.countries_by_meetings(), key=lambda country: country["name"])
        return super().get_context_data(countries=countries, **kwargs)


class CountryDetailView(generic.ListView):
    """Meetings where a leader of one country took part.

    A participation counts for its own `country`; one recorded without a country
    counts for the person's country.
    """

    template_name = "meetings/country_detail.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        self.code = code.upper()
        self.name = country_name(self.code)
        if not self.name:
            raise Http404("No such country code.")
        if code != code.lower():
            url = reverse("meetings:country_detail", kwargs={"code": code.lower()})
            query = request.GET.urlencode()
            return redirect(f"{url}?{query}" if query else url, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Meeting.objects.published().for_country(self.code).listed()

    def get_context_data(self, **kwargs):
        leaders = Person.objects.representing(self.code).with_meeting_counts().order_by("sort_name")
        breadcrumbs = navigation.trail(
            ("Countries", reverse("meetings:country_list")),
            (self.name, reverse("meetings:country_detail", args=[self.code.lower()])),
        )
        return super().get_context_data(
            code=self.code.lower(),
            country_name=self.name,
            leaders=leaders,
            breadcrumbs=breadcrumbs,
            **kwargs,
        )


def turn_citation(request, year, month, day, slug, number, extension):
    """One statement's citation as a file: BibTeX (`.bib`), RIS (`.ris`) or CSL-JSON."""
    meeting = get_object_or_404(
        Meeting.objects.published(), date=_date_or_404(year, month, day), slug=slug
    )
    turn = get_object_or_404(meeting.turns.select_related("speaker"), sequence=number)
    url = request.build_absolute_uri(meeting.get_absolute_url()) + f"#{turn.anchor}"
    cited = citations.cited(turn, meeting, url=url, accessed=timezone.localdate())
    content_type, write = citations.FORMATS[extension]
    response = HttpResponse(write(cited), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{cited.key}.{extension}"'
    return response


class DataView(generic.TemplateView):
    """The bulk dataset: what it holds, how big, from when; the API, feeds and exports."""

    template_name = "meetings/data.html"

    def get_context_data(self, **kwargs):
        manifest = dataset.read_manifest(settings.DATASET_DIR)
        files = []
        if manifest:
            for name, size in manifest["files"].items():
                files.append({"name": name, "size": size, "about": DATASET_FILES.get(name, "")})
        return super().get_context_data(
            manifest=manifest,
            made_at=datetime.datetime.fromisoformat(manifest["made_at"]) if manifest else None,
            files=files,
            sources=overview.sources(),
            **kwargs,
        )


DATASET_FILES = {
    dataset.MEETINGS_FILE: "Gzipped JSON Lines: one published meeting a line, with its "
    "participants and every statement.",
    dataset.TURNS_FILE: "Gzipped CSV: one statement a row.",
    dataset.PEOPLE_FILE: "Popolo JSON: people (with Wikidata IDs), the countries they "
    "represented, their roles and when they held them.",
    dataset.README_FILE: "What each file holds, and the licence of each source.",
}


def dataset_file(request, name):
    """One file of the bulk dataset (conditional GET by its modification time)."""
    if name not in dataset.FILES:
        raise Http404("No such file in the dataset.")
    response = static_serve(request, name, document_root=settings.DATASET_DIR)
    if name.endswith(".gz"):
        response["Content-Type"] = "application/gzip"
        response.headers.pop("Content-Encoding", None)  # the file itself is the gzip
    response["Content-Disposition"] = f'attachment; filename="parley-{name}"'
    return response


EXPORTS = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "xml": "application/akn+xml; charset=utf-8",
}


def meeting_export(request, year, month, day, slug, extension):
    """A meeting as JSON, CSV (a row per statement), plain text or Akoma Ntoso XML."""
    queryset = Meeting.objects.published().with_participants().with_transcript()
    meeting = get_object_or_404(queryset, date=_date_or_404(year, month, day), slug=slug)
    absolute = request.build_absolute_uri
    if extension == "json":
        body = (
            json.dumps(exports.meeting_record(meeting, absolute), ensure_ascii=False, indent=2)
            + "\n"
        )
    elif extension == "csv":
        body = exports.csv_text(exports.TURN_COLUMNS, exports.turn_rows(meeting, absolute))
    elif extension == "txt":
        body = exports.plain_text(meeting, absolute)
    else:
        body = exports.akoma_ntoso(meeting, absolute)
    response = HttpResponse(body, content_type=EXPORTS[extension])
    if extension != "txt":
        name = f"{meeting.date.isoformat()}-{meeting.slug}.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _date_or_404(year: str, month: str, day: str) -> datetime.date:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise Http404("No such date.") from None


class NetworkView(generic.TemplateView):
    """Who met whom: leaders and the pairs that met, for a period and a country."""

    template_name = "meetings/network.html"
    pairs_per_page = 100

    def get_context_data(self, **kwargs):
        years = network.archive_years()
        countries = sorted(overview.countries_by_meetings(), key=lambda country: country["name"])
        form = network.NetworkFilterForm(
            self.request.GET or None, years=years, countries=[c["code"] for c in countries]
        )
        chosen = form.chosen()
        graph = network.network(**chosen)
        pairs = Paginator(graph.pairs, self.pairs_per_page).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            form=form,
            years=years,
            countries=countries,
            chosen=chosen,
            country_label=country_name(chosen["country"]),
            graph=graph,
            graph_data=graph.graph_data(),
            page_obj=pairs,
            breadcrumbs=navigation.trail(("Who met whom", reverse("meetings:network"))),
            **kwargs,
        )
