"""The public archive's URLs. They are cited in print and shared: never change one."""

from django.urls import path, re_path

from . import views

app_name = "meetings"

YEAR = r"(?P<year>[0-9]{4})"
MONTH = r"(?P<month>[0-9]{2})"
DAY = r"(?P<day>[0-9]{2})"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("meetings/", views.MeetingArchiveView.as_view(), name="meeting_archive"),
    re_path(rf"^meetings/{YEAR}/$", views.MeetingYearView.as_view(), name="meeting_year"),
    re_path(
        rf"^meetings/{YEAR}/{MONTH}/$", views.MeetingMonthView.as_view(), name="meeting_month"
    ),
    re_path(
        rf"^meetings/{YEAR}/{MONTH}/{DAY}/$", views.MeetingDayView.as_view(), name="meeting_day"
    ),
    re_path(
        rf"^meetings/{YEAR}/{MONTH}/{DAY}/(?P<slug>[-a-zA-Z0-9_]+)/$",
        views.MeetingDetailView.as_view(),
        name="meeting_detail",
    ),
    path("leaders/", views.LeaderListView.as_view(), name="leader_list"),
    path("leaders/<slug:slug>/", views.LeaderDetailView.as_view(), name="leader_detail"),
    path(
        "leaders/<slug:slug>/with/<slug:other>/",
        views.LeaderPairView.as_view(),
        name="leader_pair",
    ),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    re_path(
        r"^countries/(?P<code>[a-zA-Z]{2})/$",
        views.CountryDetailView.as_view(),
        name="country_detail",
    ),
]
