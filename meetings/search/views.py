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
    links = _Links(request)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": parsed,
            "results": results,
            "facets": _facet_links(results, links) if results else [],
            "sort_links": _sort_links(results, links) if results else [],
            "links": links,
            "suggestion_url": links.suggestion(results.suggestion)
            if results and results.suggestion
            else "",
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


class _Links:
    """URLs for the current search with some parameters changed (always back to page 1)."""

    def __init__(self, request):
        self.params = request.GET.copy()
        self.params.pop("page", None)

    def with_(self, **changes) -> str:
        params = self.params.copy()
        for key, value in changes.items():
            key = key.rstrip("_")
            if value is None:
                params.pop(key, None)
            elif isinstance(value, list):
                params.setlist(key, value)
            else:
                params[key] = value
        return f"?{params.urlencode()}" if params else "?"

    def page(self, number: int) -> str:
        params = self.params.copy()
        params["page"] = number
        return f"?{params.urlencode()}"

    @property
    def without_speaker(self) -> str:
        return self.with_(speaker=None)

    def suggestion(self, text: str) -> str:
        return self.with_(q=text)


def _facet_links(results, links: _Links) -> list[dict]:
    filters = results.filters
    selected = {
        "speaker": set(filters.speakers),
        "country": {filters.country},
        "year": {
            str(filters.date_from.year)
            if filters.date_from
            and filters.date_to
            and (filters.date_from.month, filters.date_from.day) == (1, 1)
            and (filters.date_to.month, filters.date_to.day) == (12, 31)
            and filters.date_from.year == filters.date_to.year
            else None
        },
    }
    titles = {"speaker": "Speaker", "country": "Country", "year": "Year"}
    groups = []
    for name in FACET_FIELDS:
        items = []
        for facet in results.facets.get(name, []):
            is_selected = facet.value in selected[name]
            if name == "year":
                url = (
                    links.with_(from_=None, to=None)
                    if is_selected
                    else links.with_(from_=f"{facet.value}-01-01", to=f"{facet.value}-12-31")
                )
            else:
                url = links.with_(**{name: None if is_selected else facet.value})
            items.append({"facet": facet, "selected": is_selected, "url": url})
        groups.append({"name": name, "title": titles[name], "items": items})
    return groups


def _sort_links(results, links: _Links) -> list[dict]:
    choices = [("relevance", "Relevance"), ("newest", "Newest"), ("oldest", "Oldest")]
    if results.query.is_empty:
        choices = choices[1:]
    return [
        {"label": label, "url": links.with_(sort=key), "current": key == results.sort}
        for key, label in choices
    ]
