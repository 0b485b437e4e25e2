from django.urls import path

from ..freshness import archive_page, content_page
from . import views

app_name = "search"

urlpatterns = [
    path("search/", content_page(views.search), name="search"),
    path("search/help/", content_page(views.HelpView.as_view()), name="help"),
    path("trends/", content_page(views.trends_page), name="trends"),
    path("search/meetings/", archive_page(views.meetings_named), name="meetings"),
]
