"""/api/v1/: the site's paths with /api/v1 in front, plus search, the schema and its docs."""

import functools
from collections.abc import Callable

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ..freshness import archive_page, content_page
from . import views

app_name = "api"

API_VERSION = "1"


def versioned(view: Callable) -> Callable:
    """Every answer says which version of the API gave it, a 304 included."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["API-Version"] = API_VERSION
        return response

    return wrapped


def api_page(view: Callable) -> Callable:
    """Drawn from the database alone: validators from the archive's last change."""
    return versioned(archive_page(view))


class Docs(SpectacularSwaggerSplitView):
    """Swagger UI, its script a file of its own and no inline style: it runs under the CSP."""

    template_name = "api/docs.html"


MEETING = (
    r"meetings/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/(?P<slug>[-a-zA-Z0-9_]+)/"
)

urlpatterns = [
    path("", api_page(views.Root.as_view()), name="root"),
    path("schema/", versioned(SpectacularAPIView.as_view()), name="schema"),
    # Swagger UI draws its icons as data: images; nothing else is loosened, and only here.
    path(
        "docs/",
        versioned(csp_update({"img-src": ["data:"]})(Docs.as_view(url_name="api:schema"))),
        name="docs",
    ),
    path("meetings/", api_page(views.MeetingList.as_view()), name="meetings"),
    re_path(rf"^{MEETING}$", api_page(views.MeetingDetail.as_view()), name="meeting"),
    re_path(
        rf"^{MEETING}turns/(?P<number>[0-9]{{1,9}})/$",
        api_page(views.TurnDetail.as_view()),
        name="turn",
    ),
    path("leaders/", api_page(views.LeaderList.as_view()), name="leaders"),
    path("leaders/<slug:slug>/", api_page(views.LeaderDetail.as_view()), name="leader"),
    path("countries/", api_page(views.CountryList.as_view()), name="countries"),
    re_path(
        r"^countries/(?P<code>[a-zA-Z]{2})/$",
        api_page(views.CountryDetail.as_view()),
        name="country",
    ),
    path("search/", versioned(content_page(views.Search.as_view())), name="search"),
    re_path(r"^(?P<rest>[\s\S]*)$", versioned(views.Missing.as_view()), name="missing"),
]
