"""The search page and its help page."""

from django.shortcuts import render
from django.views.generic import TemplateView

from . import query as query_syntax
from .forms import SearchForm
from .query import parse_query
from .results import FACET_FIELDS, MAX_RESULT_WINDOW, PAGE_SIZE, search_turns


def search(request):
    form = SearchForm(request.GET or None)
    form.is_valid()
    parsed = parse_query(form.value("q", ""))
    filters = form.filters() if form.is_bound else None
    results = None
    if filters is not None and (not parsed.is_empty or filters):
        results = search_turns(
            parsed, filters, sort=form.value("sort", "relevance"), page=form.value("page", 1)
        )
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": parsed,
            "results": results,
            "facets": _facet_groups(results) if results else [],
            "sort_choices": _sort_choices(results) if results else [],
            "max_result_window": MAX_RESULT_WINDOW,
        },
    )


class HelpView(TemplateView):
    template_name = "search/help.html"
    extra_context = {
        "max_query_length": query_syntax.MAX_QUERY_LENGTH,
        "max_terms": query_syntax.MAX_TERMS,
        "min_prefix_length": query_syntax.MIN_PREFIX_LENGTH,
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
    return [
        {"key": key, "label": label, "current": key == results.sort} for key, label in choices
    ]
