"""Parley's URLs: the public archive, search, the editors' admin."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from meetings.sitemaps import sitemaps

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("meetings.search.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt", content_type="text/plain; charset=utf-8"
        ),
        name="robots",
    ),
    path("", include("meetings.urls")),
]
