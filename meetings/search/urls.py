from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/help/", views.HelpView.as_view(), name="help"),
    path("search/meetings/", views.meetings_named, name="meetings"),
]
