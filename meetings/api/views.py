"""The API's views: thin, over the same querysets and search as the site's pages.

Only published meetings, and people who took part in one, are ever shown.
"""

import datetime

from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import QuerySet
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import overview
from ..models import Meeting, Participation, Person, country_name
from ..search.forms import SearchForm
from ..search.query import parse_query
from ..search.results import search_turns
from . import serializers as s
from .problems import PROBLEM_TYPE, Gone
from .throttling import ApiSearchThrottle, ApiThrottle

COUNTERPARTS = 50

PROBLEM = OpenApiResponse(s.ProblemSerializer, description="A problem (RFC 9457).")


def problems(*codes: int) -> dict:
    return {(code, PROBLEM_TYPE): PROBLEM for code in codes}


ERRORS = problems(400, 404, 429)


class CountedPaginator(DjangoPaginator):
    """Django's Paginator, taking the count from `object_list.known_count` when the
    archive's cached figures already hold it: on a large archive, counting every published
    meeting was half of a list's time."""

    @cached_property
    def count(self) -> int:
        known = getattr(self.object_list, "known_count", None)
        return known if known is not None else super().count


class Pages(PageNumberPagination):
    django_paginator_class = CountedPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        """`page_size` from 1 to 100; anything else is a 400, not silently the default."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 100:
            raise ValidationError({"page_size": "A whole number from 1 to 100."})
        return int(value)


def reject_empty(params, names) -> None:
    """A parameter given without a value is a mistake to say, not a filter to drop."""
    empty = {
        name: "This parameter has no value."
        for name in names
        if any(value == "" for value in params.getlist(name))
    }
    if empty:
        raise ValidationError(empty)


class ApiView(APIView):
    throttle_classes = [ApiThrottle]


def meeting_on(year: str, month: str, day: str, slug: str, queryset: QuerySet) -> Meeting:
    try:
        date = datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise NotFound("No such date.") from None
    return get_object_or_404(queryset, date=date, slug=slug)


DATE_PARAMS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="Meetings on or after (YYYY-MM-DD)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Meetings on or before (YYYY-MM-DD)."),
]


class MeetingList(ApiView, generics.ListAPIView):
    """Published meetings, newest first, filtered like the site's lists."""

    serializer_class = s.MeetingSerializer
    pagination_class = Pages

    @extend_schema(
        parameters=[
            s.MeetingFilterSerializer,
            *DATE_PARAMS,
        ],
        responses={200: s.MeetingSerializer(many=True), **ERRORS},
        tags=["meetings"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        reject_empty(
            self.request.query_params,
            ("from", "to", "leader", "country", "kind", "page", "page_size"),
        )
        filters = s.MeetingFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        meetings = Meeting.objects.published()
        known_count = _known_count(data)
        if data.get("from"):
            meetings = meetings.filter(date__gte=data["from"])
        if data.get("to"):
            meetings = meetings.filter(date__lte=data["to"])
        for person in data.get("leader", []):
            meetings = meetings.with_person(person)
        if data.get("country"):
            meetings = meetings.for_country(data["country"])
        if data.get("kind"):
            meetings = meetings.filter(kind=data["kind"])
        meetings = meetings.listed().order_by("-date", "-id")
        meetings.known_count = known_count
        return meetings


def _known_count(filters: dict) -> int | None:
    """How many meetings a list holds, from the cached figures, when they say it."""
    leaders, country = filters.get("leader", []), filters.get("country")
    if filters.get("from") or filters.get("to") or filters.get("kind"):
        return None
    if not leaders and not country:
        return overview.totals()["meetings"]
    if len(leaders) == 1 and not country:
        return overview.meeting_counts().get(leaders[0].pk, 0)
    if country and not leaders:
        row = next((c for c in overview.countries_by_meetings() if c["code"] == country), None)
        return row["meetings"] if row else 0
    return None


class MeetingDetail(ApiView):
    """A meeting with its participants, its statements in reading order, the numbers of
    statements removed in corrections, and the corrections."""

    @extend_schema(
        responses={200: s.MeetingDetailSerializer, **problems(404, 429)}, tags=["meetings"]
    )
    def get(self, request, year, month, day, slug):
        queryset = Meeting.objects.published().with_participants().with_transcript()
        meeting = meeting_on(year, month, day, slug, queryset)
        return Response(s.MeetingDetailSerializer(meeting, context={"request": request}).data)


class TurnDetail(ApiView):
    """One statement by its permanent number; a number removed in a correction is 410 Gone."""

    @extend_schema(
        responses={200: s.TurnDetailSerializer, **problems(404, 410, 429)},
        tags=["meetings"],
    )
    def get(self, request, year, month, day, slug, number: int):
        meeting = meeting_on(year, month, day, slug, Meeting.objects.published())
        turn = meeting.turns.select_related("speaker").filter(sequence=number).first()
        if turn is None:
            removed = meeting.removed_turns.filter(number=number).first()
            if removed is None:
                raise NotFound(f"This meeting has no statement {number}.")
            on = removed.removed_at.date().isoformat()
            raise Gone(
                f"Statement {number} was removed in a correction on {on}.",
                removed_at=removed.removed_at.isoformat(),
            )
        turn.meeting = meeting
        turn.participation = (
            Participation.objects.filter(meeting=meeting, person_id=turn.speaker_id).first()
            if turn.speaker_id
            else None
        )
        return Response(s.TurnDetailSerializer(turn, context={"request": request}).data)


class LeaderList(ApiView, generics.ListAPIView):
    """Everyone who took part in a published meeting, by sort name."""

    serializer_class = s.PersonSerializer
    pagination_class = Pages

    @extend_schema(
        parameters=[OpenApiParameter("country", str, description="ISO 3166-1 alpha-2 code.")],
        responses={200: s.PersonSerializer(many=True), **ERRORS},
        tags=["people"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        reject_empty(self.request.query_params, ("country", "page", "page_size"))
        people = Person.objects.public().order_by("sort_name", "name", "id")
        code = self.request.query_params.get("country", "").strip().upper()
        if code:
            if not country_name(code) or len(code) != 2:
                raise ValidationError({"country": "Not an ISO 3166-1 alpha-2 country code."})
            people = people.filter(country=code)
        return people

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return overview.with_counts(page) if page is not None else page


class LeaderDetail(ApiView):
    """A person: roles held over time, meetings per year, and those met most often."""

    @extend_schema(responses={200: s.PersonDetailSerializer, **problems(404, 429)}, tags=["people"])
    def get(self, request, slug):
        person = get_object_or_404(Person.objects.public(), slug=slug)
        summary = overview.person_summary(person, counterparts=COUNTERPARTS)
        person.meeting_count = summary["count"]
        person.roles = summary["roles"]
        person.counterparts = summary["counterparts"]
        person.meetings_per_year = summary["per_year"]
        person.meetings_api_url = request.build_absolute_uri(
            f"{reverse('api:meetings')}?leader={person.slug}"
        )
        return Response(s.PersonDetailSerializer(person, context={"request": request}).data)


class CountryList(ApiView):
    """Every country whose leaders took part in a published meeting, most meetings first."""

    @extend_schema(
        responses={200: s.CountrySerializer(many=True), **problems(429)},
        tags=["countries"],
        operation_id="countries_list",
    )
    def get(self, request):
        countries = overview.countries_by_meetings()
        return Response(
            s.CountrySerializer(countries, many=True, context={"request": request}).data
        )


class CountryDetail(ApiView):
    """A country: its figures and the people who represented it."""

    @extend_schema(
        responses={200: s.CountryDetailSerializer, **problems(404, 429)}, tags=["countries"]
    )
    def get(self, request, code):
        code = code.upper()
        row = next((c for c in overview.countries_by_meetings() if c["code"] == code), None)
        if row is None:
            raise NotFound("No leader of this country in the archive.")
        people = overview.with_counts(Person.objects.representing(code).order_by("sort_name"))
        country = {
            **row,
            "people": people,
            "meetings_api_url": request.build_absolute_uri(
                f"{reverse('api:meetings')}?country={code}"
            ),
        }
        return Response(s.CountryDetailSerializer(country, context={"request": request}).data)


SEARCH_PARAMS = [
    OpenApiParameter(
        "q", str, description='Words, "a phrase", OR, -word, prefix* (see /search/help/).'
    ),
    OpenApiParameter("speaker", str, many=True, description="A leader's slug (repeatable)."),
    OpenApiParameter("country", str, description="ISO code or name of a country."),
    OpenApiParameter("kind", str, enum=[k for k, _ in Meeting.Kind.choices]),
    OpenApiParameter("from", OpenApiTypes.DATE),
    OpenApiParameter("to", OpenApiTypes.DATE),
    OpenApiParameter("sort", str, enum=["relevance", "newest", "oldest"]),
    OpenApiParameter("page", int),
]


class Search(APIView):
    """Statements matching a search: the same parameters and results as /search/.

    A parameter the search cannot use is named in `warnings` and left out, as the page does.
    """

    throttle_classes = [ApiSearchThrottle]

    @extend_schema(
        parameters=SEARCH_PARAMS, responses={200: s.SearchSerializer, **ERRORS}, tags=["search"]
    )
    def get(self, request):
        form = SearchForm(request.GET or None)
        form.is_valid()
        parsed = parse_query(form.value("q", ""))
        filters = form.filters() if form.is_bound else None
        if filters is None or (parsed.is_empty and not filters):
            raise ValidationError({"q": "Give words to search for (q), or a filter."})
        results = search_turns(
            parsed, filters, sort=form.value("sort", "relevance"), page=form.value("page", 1)
        )
        page = results.page

        def link(number):
            return request.build_absolute_uri(form.querystring(page=number))

        data = {
            "query": parsed.text,
            "count": results.count,
            "count_exact": results.count_exact,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "hits": results.hits,
            "facets": results.facets,
            "suggestion": results.suggestion,
            "warnings": warnings(form),
        }
        return Response(s.SearchSerializer(data, context={"request": request}).data)


def warnings(form: SearchForm) -> list[str]:
    """What the page says about the parameters: each one dropped, each one changed."""
    said = [str(message) for errors in form.errors.values() for message in errors]
    return said + [str(note) for note in form.notes]


class Root(ApiView):
    """Where to start: the lists, the search, the schema and its docs."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        def link(name):
            return request.build_absolute_uri(reverse(name))

        return Response(
            {
                "meetings": link("api:meetings"),
                "leaders": link("api:leaders"),
                "countries": link("api:countries"),
                "search": link("api:search"),
                "schema": link("api:schema"),
                "docs": link("api:docs"),
            }
        )


class Missing(ApiView):
    """Any other path under /api/v1/: a 404 problem rather than an HTML page."""

    @extend_schema(exclude=True)
    def get(self, request, rest=""):
        # A path that lacks only its final slash is redirected, as APPEND_SLASH does on the
        # site (this view answering every path, Django's own redirect never happens).
        if not request.path.endswith("/"):
            try:
                match = resolve(request.path + "/")
            except Resolver404:
                match = None
            if match is not None and match.url_name != "missing":
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(
                    request.path + "/" + (f"?{query}" if query else "")
                )
        raise NotFound("No such resource in the API; see /api/v1/docs/.")
