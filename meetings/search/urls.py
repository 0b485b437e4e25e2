from django.urls import path

from ..freshness import content_page
from . import views

app_name = "search"

urlpatterns = [
    path("search/", content_page(views.search), name="search"),
    path("search/help/", content_page(views.HelpView.as_view()), name="help"),
]
