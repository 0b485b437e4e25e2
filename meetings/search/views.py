"""The search page, its help page, and the list of meetings a search names."""

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import TemplateView

from .. import exports
from ..ratelimit import rate_limited
from ..text import name_key
from . import context, names, reading, trends
from . import query as query_syntax
from .contract import FACET_DOC_LIMIT, PREFIX_EXPANSION, TIME_BUDGET_SECONDS
from .forms import SearchForm
from .query import ParsedQuery, parse_query
from .results import (
    FACET_FIELDS,
    MAX_RESULT_WINDOW,
    PAGE_SIZE,
    Filters,
    SearchPage,
    iter_hits,
    search_turns,
)


@rate_limited("search", rate_setting="SEARCH_RATE")
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    form.is_valid()
    parsed = parse_query(form.value("q", ""))
    filters = form.filters() if form.is_bound else None
    results: SearchPage | None = None
    named: context.QueryContext | None = None
    leader_suggestion: context.LeaderSuggestion | None = None
    suggestion_url: str | None = None
    said_over_time: dict[str, Any] = {}
    if filters is not None and (not parsed.is_empty or filters):
        results = search_turns(
            parsed, filters, sort=form.value("sort", "relevance"), page=form.value("page", 1)
        )
        named = context.read_query(parsed, filters, form.querystring)
        if not results.count and not parsed.is_empty:
            leader_suggestion = context.suggest_leaders(parsed, form.querystring)
        if results.suggestion:
            suggestion_url = form.querystring(q=results.suggestion, page=None)
        search_params = request.GET.urlencode()
        for hit in results.hits:
            hit.context_url = reading.context_url(hit.url, query=parsed.text, search=search_params)
        if results.count and not parsed.is_empty:
            said_over_time = _trend_context([parsed], filters, form)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": parsed,
            "results": results,
            "chips": form.chips() if form.is_bound else [],
            "clear_filters_url": form.querystring(
                speaker=None, country=None, kind=None, page=None, **{"from": None, "to": None}
            ),
            "named": named,
            "leader_suggestion": leader_suggestion,
            "suggestion_url": suggestion_url,
            "too_common": _too_common_note(parsed.too_common),
            "facets": _facet_groups(results) if results else [],
            "sort_choices": _sort_choices(results) if results else [],
            "max_result_window": MAX_RESULT_WINDOW,
            "feed_url": (reverse("search:feed") + form.querystring(page=None, sort=None))
            if results
            else "",
            "export_query": form.querystring(page=None) if results else "",
            "export_limit": exports.SEARCH_EXPORT_LIMIT,
            **said_over_time,
        },
    )


@rate_limited("search", rate_setting="SEARCH_RATE")
def trends_page(request):
    """/trends/?q=a&q=b: up to three searches over time, on one chart, with the same filters."""
    form = SearchForm(request.GET or None)
    form.is_valid()
    texts = [text for text in request.GET.getlist("q") if text.strip()][: trends.MAX_QUERIES]
    queries = [parse_query(text) for text in texts]
    filters = form.filters() if form.is_bound else Filters()
    found = _trend_context(queries, filters, form) if queries else {}
    return render(
        request,
        "search/trends.html",
        {
            "form": form,
            "queries": queries,
            "boxes": [*texts, *[""] * (trends.MAX_QUERIES - len(texts))],
            "chips": form.chips() if form.is_bound else [],
            **found,
        },
    )


def _trend_context(queries: list[ParsedQuery], filters: Filters, form: SearchForm) -> dict:
    """The trend of `queries`, its chart and table, each period linked to its search."""
    found = trends.trend(queries, filters)
    if not found:
        return {"trend": None, "trend_queries": found.series}

    def link(query: ParsedQuery, period: trends.Period) -> str:
        dates = {"from": period.start, "to": period.end}
        return reverse("search:search") + form.querystring(q=query.text, page=None, **dates)

    return {
        "trend": found,
        "trend_chart": trends.chart(found, link),
        "trend_rows": found.rows(link),
        "facet_limit": FACET_DOC_LIMIT,
    }


@rate_limited("search", rate_setting="SEARCH_RATE")
def meetings_named(request: HttpRequest) -> HttpResponse:
    """The meetings in a place (`place=`), or whose title or lead hold words (`words=`)."""
    place = request.GET.get("place", "").strip()[:200]
    words = None if place else parse_query(request.GET.get("words", ""))
    if words is None:
        places = names.ArchiveNames().places_named(name_key(place))
        found = context.meetings_in(places)
        heading = f"Meetings in {places[0].name if len(places) == 1 else place}"
    elif not words.is_empty:
        found = context.meetings_mentioning(words)
        asked = " ".join(words.text.replace('"', " ").split())
        heading = f"Meetings with '{asked}' in their title or lead"
    else:
        found, heading = context.meetings_mentioning(words), "Meetings named in a search"
    paginator = Paginator(found.listed().order_by("-date", "-id"), PAGE_SIZE)
    return render(
        request,
        "search/meetings_named.html",
        {
            "heading": heading,
            "page_obj": paginator.get_page(request.GET.get("page")),
            "asked": place or (words.text if words else ""),
        },
    )


@rate_limited("search", rate_setting="SEARCH_RATE")
def export(request, extension: str):
    """Every hit of a search (up to SEARCH_EXPORT_LIMIT), streamed as CSV or JSON Lines."""
    form = SearchForm(request.GET or None)
    form.is_valid()
    parsed = parse_query(form.value("q", ""))
    filters = form.filters() if form.is_bound else None
    if filters is None or (parsed.is_empty and not filters):
        raise Http404("An export needs words or a filter.")
    hits = iter_hits(
        parsed, filters, sort=form.value("sort", "relevance"), limit=exports.SEARCH_EXPORT_LIMIT
    )
    absolute = request.build_absolute_uri
    if extension == "csv":
        body = exports.csv_lines(exports.HIT_COLUMNS, exports.hit_rows(hits, absolute))
        content_type = "text/csv; charset=utf-8"
    else:
        body = exports.hit_lines(hits, absolute)
        content_type = "application/jsonl; charset=utf-8"
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="parley-search.{extension}"'
    return response


def _too_common_note(words: list[str]) -> str:
    """`'the' is too common to search for`, for every word left out as too common."""
    if not words:
        return ""
    quoted = [f"'{word}'" for word in words]
    listed = " and ".join(filter(None, [", ".join(quoted[:-1]), quoted[-1]]))
    return f"{listed} {'is' if len(words) == 1 else 'are'} too common to search for."


class HelpView(TemplateView):
    template_name = "search/help.html"
    extra_context = {
        "max_query_length": query_syntax.MAX_QUERY_LENGTH,
        "max_terms": query_syntax.MAX_TERMS,
        "min_prefix_length": query_syntax.MIN_PREFIX_LENGTH,
        "prefix_expansion": PREFIX_EXPANSION,
        "time_budget": TIME_BUDGET_SECONDS,
        "max_result_window": MAX_RESULT_WINDOW,
        "page_size": PAGE_SIZE,
    }


def _facet_groups(results) -> list[dict]:
    """Each facet's values, with whether it is the current filter (templates link them)."""
    filters = results.filters
    selected_year = None
    if (
        filters.date_from
        and filters.date_to
        and (filters.date_from.month, filters.date_from.day) == (1, 1)
        and (filters.date_to.month, filters.date_to.day) == (12, 31)
        and filters.date_from.year == filters.date_to.year
    ):
        selected_year = str(filters.date_from.year)
    selected = {
        "speaker": set(filters.speakers),
        "country": {filters.country},
        "year": {selected_year},
    }
    titles = {"speaker": "Speaker", "country": "Country", "year": "Year"}
    return [
        {
            "name": name,
            "title": titles[name],
            "items": [
                {"facet": facet, "selected": facet.value in selected[name]}
                for facet in results.facets.get(name, [])
            ],
        }
        for name in FACET_FIELDS
    ]


def _sort_choices(results) -> list[dict]:
    choices = [("relevance", "Relevance"), ("newest", "Newest"), ("oldest", "Oldest")]
    if results.query.is_empty:
        choices = choices[1:]
    return [{"key": key, "label": label, "current": key == results.sort} for key, label in choices]
