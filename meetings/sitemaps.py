"""The sitemap: every published meeting and every leader who has a page."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Meeting, Person


class MeetingSitemap(Sitemap):
    """Published meetings, newest first."""

    def items(self):
        return Meeting.objects.published().order_by("-date", "-id")

    def lastmod(self, meeting):
        return meeting.updated_at


class LeaderSitemap(Sitemap):
    """Leaders with at least one published meeting."""

    def items(self):
        return Person.objects.public().order_by("sort_name", "id")

    def lastmod(self, person):
        return person.updated_at


class IndexSitemap(Sitemap):
    """The archive's ways in."""

    def items(self):
        return [
            "meetings:home",
            "meetings:meeting_archive",
            "meetings:leader_list",
            "meetings:country_list",
            "meetings:network",
            "meetings:about",
        ]

    def location(self, item):
        return reverse(item)


sitemaps = {"pages": IndexSitemap, "meetings": MeetingSitemap, "leaders": LeaderSitemap}
