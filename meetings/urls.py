"""The public archive's URLs. They are cited in print and shared: never change one."""

from django.urls import path, re_path
from django.views.decorators.cache import cache_control

from . import feeds, views
from .freshness import archive_page, content_page

app_name = "meetings"

YEAR = r"(?P<year>[0-9]{4})"
MONTH = r"(?P<month>[0-9]{2})"
DAY = r"(?P<day>[0-9]{2})"

urlpatterns = [
    path("", archive_page(views.HomeView.as_view()), name="home"),
    path("about/", archive_page(views.AboutView.as_view()), name="about"),
    path("data/", content_page(views.DataView.as_view()), name="data"),
    path(
        "data/<str:name>",
        cache_control(public=True, max_age=3600)(views.dataset_file),
        name="dataset_file",
    ),
    path("meetings/", archive_page(views.MeetingArchiveView.as_view()), name="meeting_archive"),
    path("meetings/feed/", archive_page(feeds.MeetingFeed()), name="meeting_feed"),
    re_path(
        rf"^meetings/{YEAR}/$", archive_page(views.MeetingYearView.as_view()), name="meeting_year"
    ),
    re_path(
        rf"^meetings/{YEAR}/{MONTH}/$",
        archive_page(views.MeetingMonthView.as_view()),
        name="meeting_month",
    ),
    re_path(
        rf"^meetings/{YEAR}/{MONTH}/{DAY}/$",
        archive_page(views.MeetingDayView.as_view()),
        name="meeting_day",
    ),
    re_path(
        rf"^meetings/{YEAR}/{MONTH}/{DAY}/(?P<slug>[-a-zA-Z0-9_]+)/$",
        archive_page(views.MeetingDetailView.as_view()),
        name="meeting_detail",
    ),
    re_path(
        rf"^meetings/{YEAR}/{MONTH}/{DAY}/(?P<slug>[-a-zA-Z0-9_]+)/cite/"
        r"(?P<number>[0-9]{1,9})\.(?P<extension>bib|ris|json)$",
        archive_page(views.turn_citation),
        name="turn_citation",
    ),
    re_path(
        rf"^meetings/{YEAR}/{MONTH}/{DAY}/(?P<slug>[-a-zA-Z0-9_]+)/export\."
        r"(?P<extension>json|csv|txt|xml)$",
        archive_page(views.meeting_export),
        name="meeting_export",
    ),
    path("leaders/", archive_page(views.LeaderListView.as_view()), name="leader_list"),
    path(
        "leaders/<slug:slug>/", archive_page(views.LeaderDetailView.as_view()), name="leader_detail"
    ),
    path("leaders/<slug:slug>/feed/", archive_page(feeds.LeaderFeed()), name="leader_feed"),
    path(
        "leaders/<slug:slug>/with/<slug:other>/feed/",
        archive_page(feeds.PairFeed()),
        name="pair_feed",
    ),
    path(
        "leaders/<slug:slug>/with/<slug:other>/",
        archive_page(views.LeaderPairView.as_view()),
        name="leader_pair",
    ),
    path("network/", archive_page(views.NetworkView.as_view()), name="network"),
    path("countries/", archive_page(views.CountryListView.as_view()), name="country_list"),
    re_path(
        r"^countries/(?P<code>[a-zA-Z]{2})/$",
        archive_page(views.CountryDetailView.as_view()),
        name="country_detail",
    ),
    re_path(
        r"^countries/(?P<code>[a-zA-Z]{2})/feed/$",
        archive_page(feeds.CountryFeed()),
        name="country_feed",
    ),
]
