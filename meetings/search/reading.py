"""Reading a search hit in its meeting: the link there, and what the meeting page makes of it.

A hit's "Read in context" link is its statement on the meeting page (`…/#t<n>`) with two
parameters: `hl`, the query, whose words the page marks as the snippets mark them, and
`back`, the search's own parameters, for a "Back to results" link. `back` is only ever read
as parameters of this site's /search/, re-encoded: it cannot send a reader anywhere else.
"""

from dataclasses import dataclass

from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from .forms import PARAMETERS
from .highlight import highlight
from .query import ParsedQuery, parse_query

# A search's parameters are short; a longer `back` is not one of ours.
MAX_BACK_LENGTH = 2000


@dataclass
class Reading:
    """A meeting page opened from a search: the query and the way back to its results."""

    query: ParsedQuery
    back_url: str


def context_url(hit_url: str, *, query: str, search: str) -> str:
    """The hit's statement on its meeting page, with the query and the way back."""
    url, _, anchor = hit_url.partition("#")
    params = {"hl": query} if query else {}
    params["back"] = search
    return f"{url}?{urlencode(params)}" + (f"#{anchor}" if anchor else "")


def back_url(search: str) -> str:
    """/search/ with the search's own parameters (known names only, re-encoded)."""
    given = QueryDict(search[:MAX_BACK_LENGTH])
    kept = QueryDict(mutable=True)
    for name in PARAMETERS:
        if values := given.getlist(name):
            kept.setlist(name, values)
    path = reverse("search:search")
    return f"{path}?{kept.urlencode()}" if kept else path


def reading_from(request: HttpRequest) -> Reading | None:
    """The search a meeting page was opened from, if it was."""
    if "hl" not in request.GET and "back" not in request.GET:
        return None
    return Reading(parse_query(request.GET.get("hl", "")), back_url(request.GET.get("back", "")))


def marked(paragraphs: list[str], query: ParsedQuery) -> list[SafeString]:
    """The paragraphs, escaped, with the query's words marked as in the snippets."""
    terms = query.highlight_terms()
    return [highlight(paragraph, terms) for paragraph in paragraphs]


def mark_transcript(turns, reading: Reading | None) -> None:
    """Give each turn `marked_paragraphs` when the page was opened from a search."""
    if reading is None or reading.query.is_empty:
        return
    for turn in turns:
        turn.marked_paragraphs = marked(turn.paragraphs, reading.query)
