"""Parley's URLs: the public archive, search, the editors' admin."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

from meetings.freshness import archive_page, content_page
from meetings.sitemaps import sitemaps

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("api/v1/", include("meetings.api.urls")),
    path("", include("meetings.search.urls")),
    path("", include("meetings.alerts.urls")),
    path("sitemap.xml", archive_page(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        content_page(
            TemplateView.as_view(
                template_name="robots.txt", content_type="text/plain; charset=utf-8"
            )
        ),
        name="robots",
    ),
    # For clients that ask for /favicon.ico without reading the page's <link rel="icon">.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("favicon.ico")),
        name="favicon",
    ),
    path("", include("meetings.urls")),
]

handler500 = "archive.errors.server_error"
