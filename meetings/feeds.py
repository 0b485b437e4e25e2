"""Atom feeds (django.contrib.syndication): the latest meetings, a leader's, a country's,
a pair's, and any search's statements. Each page links its own with <link rel="alternate">.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Meeting, Person, country_name
from .search.forms import SearchForm
from .search.query import parse_query
from .search.results import Hit, search_turns

ITEMS = 30


def _midday(date: datetime.date) -> datetime.datetime:
    """A meeting's day as a time (feeds need one); midday keeps it that day in any zone."""
    return datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)


class MeetingFeed(Feed):
    """The latest published meetings; subclasses narrow them."""

    feed_type = Atom1Feed
    title = "Parley: the latest meetings"
    subtitle = "Transcripts of diplomatic meetings, newest first."

    def link(self, obj=None):
        return reverse("meetings:meeting_archive")

    def meetings(self, obj):
        return Meeting.objects.published()

    def items(self, obj=None):
        return self.meetings(obj).listed().order_by("-date", "-id")[:ITEMS]

    def item_title(self, meeting):
        return f"{meeting.title} ({meeting.date:%-d %B %Y})"

    def item_description(self, meeting):
        people = ", ".join(p.person.name for p in meeting.participations.all())
        return " ".join(
            filter(None, [meeting.summary, f"Participants: {people}." if people else ""])
        )

    def item_pubdate(self, meeting):
        return _midday(meeting.date)

    def item_author_name(self, meeting):
        return meeting.source_name or None


class LeaderFeed(MeetingFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.public(), slug=slug)

    def title(self, person):
        return f"Parley: meetings of {person.name}"

    def subtitle(self, person):
        return f"Published meetings {person.name} took part in, newest first."

    def link(self, person):
        return person.get_absolute_url()

    def meetings(self, person):
        return Meeting.objects.published().with_person(person)


class PairFeed(MeetingFeed):
    def get_object(self, request, slug, other):
        public = Person.objects.public()
        pair = get_object_or_404(public, slug=slug), get_object_or_404(public, slug=other)
        if pair[0] == pair[1]:
            raise Http404("A leader does not meet themselves.")
        return pair

    def title(self, pair):
        return f"Parley: meetings between {pair[0].name} and {pair[1].name}"

    def subtitle(self, pair):
        return f"Published meetings both {pair[0].name} and {pair[1].name} took part in."

    def link(self, pair):
        return reverse("meetings:leader_pair", args=[pair[0].slug, pair[1].slug])

    def meetings(self, pair):
        return Meeting.objects.published().between(*pair)


class CountryFeed(MeetingFeed):
    def get_object(self, request, code):
        if not country_name(code.upper()):
            raise Http404("No such country code.")
        return code.upper()

    def title(self, code):
        return f"Parley: meetings of leaders of {country_name(code)}"

    def subtitle(self, code):
        return f"Published meetings where a leader of {country_name(code)} took part."

    def link(self, code):
        return reverse("meetings:country_detail", args=[code.lower()])

    def meetings(self, code):
        return Meeting.objects.published().for_country(code)


class SearchFeed(Feed):
    """The newest statements matching a search, with the parameters of /search/."""

    feed_type = Atom1Feed

    def get_object(self, request):
        form = SearchForm(request.GET or None)
        form.is_valid()
        parsed = parse_query(form.value("q", ""))
        filters = form.filters() if form.is_bound else None
        if filters is None or (parsed.is_empty and not filters):
            raise Http404("A search feed needs words or a filter.")
        return form, parsed, filters

    def title(self, search):
        form, parsed, _filters = search
        asked = parsed.text or ", ".join(chip.label for chip in form.chips())
        return f"Parley: statements matching {asked}"

    def subtitle(self, search):
        return "The newest statements matching this search."

    def link(self, search):
        return reverse("search:search") + search[0].querystring(page=None, sort=None)

    def items(self, search):
        _form, parsed, filters = search
        return search_turns(parsed, filters, sort="newest").hits

    def item_title(self, hit: Hit):
        return f"{hit.speaker_name}, {hit.date:%-d %B %Y}"

    def item_description(self, hit: Hit):
        return hit.snippet  # escaped already, the matched words in <mark>

    def item_link(self, hit: Hit):
        return hit.url

    def item_pubdate(self, hit: Hit):
        return _midday(hit.date)
