from django.urls import path, re_path

from .. import feeds
from ..freshness import archive_page, content_page
from ..ratelimit import rate_limited
from . import views

app_name = "search"

urlpatterns = [
    path("search/", content_page(views.search), name="search"),
    path(
        "search/feed/",
        content_page(rate_limited("search", rate_setting="SEARCH_RATE")(feeds.SearchFeed())),
        name="feed",
    ),
    re_path(
        r"^search/export\.(?P<extension>csv|jsonl)$",
        content_page(views.export),
        name="export",
    ),
    path("search/help/", content_page(views.HelpView.as_view()), name="help"),
    path("trends/", content_page(views.trends_page), name="trends"),
    path("search/meetings/", archive_page(views.meetings_named), name="meetings"),
]
