"""The home page and the date-based meeting pages: /, /meetings/…, a meeting."""

import datetime
import re

import pytest
from django.test import SimpleTestCase
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

html = SimpleTestCase()

# Queries per page, whatever the size of the archive (asserted at 3 and at 30 meetings).
MAX_QUERIES = {
    "home": 9,  # with nothing cached; see test_home_figures_are_cached
    "archive": 5,
    "year": 8,
    "month": 7,
    "day": 7,
    "detail": 9,  # removed statements and corrections: one query each
}


def detail_url(meeting):
    return meeting.get_absolute_url()


# ---- Home ------------------------------------------------------------------


def test_home_has_search_latest_counts_and_ways_in(client, samarkand):
    response = client.get("/")
    assert response.status_code == 200
    html.assertContains(
        response,
        '<input class="search-input" id="home-search-q" type="search" name="q" '
        'placeholder="e.g. ceasefire">',
        html=True,
    )
    assert 'action="/search/"' in response.text
    html.assertContains(response, samarkand.title)
    html.assertContains(response, samarkand.get_absolute_url())
    html.assertContains(
        response, '<div class="stat"><dt>Statements</dt><dd>3</dd></div>', html=True
    )
    html.assertContains(response, '<div class="stat"><dt>Leaders</dt><dd>2</dd></div>', html=True)
    html.assertContains(response, 'href="/meetings/2022/"')
    html.assertContains(response, 'href="/leaders/ilham-aliyev/"')
    html.assertContains(response, 'href="/countries/az/"')


def test_home_leaves_out_drafts(client, samarkand):
    MeetingFactory(title="Secret draft talks", status=Meeting.Status.DRAFT)
    response = client.get("/")
    html.assertNotContains(response, "Secret draft talks")
    html.assertContains(response, '<div class="stat"><dt>Meetings</dt><dd>1</dd></div>', html=True)


def test_home_on_an_empty_archive(client, db):
    response = client.get("/")
    html.assertContains(response, "No meetings have been published yet.")


# ---- Archive, year, month, day -------------------------------------------------


def test_archive_lists_newest_first_and_paginates(client, db):
    meetings = [
        MeetingFactory(date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
        for n in range(25)
    ]
    response = client.get("/meetings/")
    assert response.status_code == 200
    text = response.text
    assert text.index(meetings[-1].title + "<") < text.index(meetings[-2].title + "<")
    html.assertNotContains(response, meetings[0].title + "<")
    html.assertContains(
        response, '<a class="pagination-next" rel="next" href="?page=2">Next page →</a>', html=True
    )
    page2 = client.get("/meetings/?page=2")
    html.assertContains(page2, meetings[0].title + "<")
    assert client.get("/meetings/?page=9").status_code == 404


def test_archive_empty_is_not_an_error(client, db):
    response = client.get("/meetings/")
    assert response.status_code == 200
    html.assertContains(response, "No meetings have been published yet.")


def test_year_shows_months_with_counts(client, samarkand):
    MeetingFactory(title="Autumn talks", date="2022-09-20")
    MeetingFactory(title="Spring talks", date="2022-03-02")
    MeetingFactory(title="Talks of 2021", date="2021-03-02")
    response = client.get("/meetings/2022/")
    assert response.status_code == 200
    html.assertContains(response, "<h1>Meetings in 2022</h1>", html=True)
    html.assertContains(
        response,
        '<a class="chip" href="/meetings/2022/09/">September <span class="count">2'
        '<span class="visually-hidden"> meetings</span></span></a>',
        html=True,
    )
    html.assertContains(response, 'href="/meetings/2022/03/"')
    html.assertContains(response, "Spring talks")
    html.assertNotContains(response, "Talks of 2021")
    html.assertContains(response, 'href="/meetings/2021/"')  # the previous year


def test_month_and_day(client, samarkand):
    MeetingFactory(title="Same day talks", date="2022-09-16")
    MeetingFactory(title="Later talks", date="2022-09-30")
    month = client.get("/meetings/2022/09/")
    assert month.status_code == 200
    html.assertContains(month, "<h1>Meetings in September 2022</h1>", html=True)
    html.assertContains(month, "Later talks")
    day = client.get("/meetings/2022/09/16/")
    assert day.status_code == 200
    html.assertContains(day, "<h1>Meetings on 16 September 2022</h1>", html=True)
    html.assertContains(day, samarkand.title)
    html.assertContains(day, "Same day talks")
    html.assertNotContains(day, "Later talks")


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/2022/13/",
        "/meetings/2022/00/",
        "/meetings/2022/02/30/",
        "/meetings/2022/09/31/",
        "/meetings/2022/09/99/",
        "/meetings/0000/",
        "/meetings/9999/12/31/",
        "/meetings/0001/01/01/",
        "/meetings/2022/13/01/some-slug/",
        "/meetings/2022/02/30/some-slug/",
        "/meetings/2022/9/16/",
        "/meetings/22/",
        "/meetings/1999/",
        "/meetings/2022/10/",
        "/meetings/2022/09/17/",
        "/meetings/2022/09/16/no-such-meeting/",
    ],
)
def test_impossible_or_empty_dates_are_404(client, samarkand, url):
    response = client.get(url)
    assert response.status_code == 404
    html.assertContains(response, "Page not found", status_code=404)


# ---- A meeting ---------------------------------------------------------------


def test_meeting_detail_url_shape(samarkand):
    assert samarkand.get_absolute_url() == (
        "/meetings/2022/09/16/meeting-with-president-of-azerbaijan-ilham-aliyev/"
    )
    assert (
        reverse(
            "meetings:meeting_detail",
            kwargs={"year": 2022, "month": "09", "day": "16", "slug": samarkand.slug},
        )
        == samarkand.get_absolute_url()
    )


def test_meeting_detail_shows_the_meeting(client, samarkand):
    response = client.get(detail_url(samarkand))
    assert response.status_code == 200
    html.assertContains(response, f'<h1 class="meeting-title">{samarkand.title}</h1>', html=True)
    html.assertContains(response, '<time datetime="2022-09-16">16 September 2022</time>', html=True)
    html.assertContains(response, "Samarkand")
    html.assertContains(response, '<p class="kicker">Talks</p>', html=True)
    html.assertContains(
        response, "<p>Talks took place on the sidelines of the SCO summit.</p>", html=True
    )
    html.assertContains(
        response,
        '<li class="participant"><a class="participant-name" href="/leaders/ilham-aliyev/">'
        'Ilham Aliyev</a><span class="participant-role">President of Azerbaijan</span></li>',
        html=True,
    )


def test_meeting_detail_renders_turns_with_anchor_role_and_permalink(client, samarkand):
    response = client.get(detail_url(samarkand))
    text = response.text
    speakers = {1: "Vladimir Putin", 2: "Ilham Aliyev", 3: "Vladimir Putin"}
    for sequence, speaker in speakers.items():
        assert f'id="t{sequence}"' in text
        html.assertContains(
            response,
            f'<a class="permalink" href="#t{sequence}" '
            f'aria-label="Permalink to statement {sequence}, {speaker}" '
            f'title="Link to this statement (#t{sequence})">¶</a>',
            html=True,
        )
    # In order, each with its speaker linked and the role from this meeting's participation.
    assert text.index('id="t1"') < text.index('id="t2"') < text.index('id="t3"')
    html.assertContains(
        response,
        '<h3 class="turn-speaker" id="t2-speaker"><a href="/leaders/ilham-aliyev/">'
        "Ilham Aliyev</a></h3>",
        html=True,
    )
    html.assertContains(response, '<p class="turn-role">President of Azerbaijan</p>', html=True)
    html.assertContains(response, "<p>The ceasefire has been observed.</p>", html=True)
    html.assertContains(response, "<p>The tripartite commission works.</p>", html=True)


def test_generic_speaker_is_unlinked_and_marker_shown(client, samarkand):
    TurnFactory(
        meeting=samarkand,
        sequence=4,
        speaker=None,
        label="Question",
        text="Will there be a peace treaty?",
    )
    TurnFactory(
        meeting=samarkand,
        sequence=5,
        speaker=samarkand.participations.last().person,
        label="Ilham Aliyev",
        marker="retranslated",
        text="Yes.",
    )
    response = client.get(detail_url(samarkand))
    html.assertContains(
        response, '<h3 class="turn-speaker" id="t4-speaker">Question</h3>', html=True
    )
    html.assertContains(response, '<p class="turn-marker">retranslated</p>', html=True)
    # A generic speaker's permalink is named for the label as printed.
    html.assertContains(response, 'aria-label="Permalink to statement 4, Question"')


def test_the_source_is_named_and_its_page_address_shown_and_linked(client, samarkand):
    samarkand.source_name = "President of Russia"
    samarkand.source_url = "http://en.kremlin.ru/events/president/news/69366"
    samarkand.save()
    response = client.get(detail_url(samarkand))
    html.assertContains(
        response,
        '<div class="source"><dt>Source</dt><dd>President of Russia, <a class="source-link" '
        'href="http://en.kremlin.ru/events/president/news/69366" rel="external">'
        "en.kremlin.ru/events/president/news/69366</a></dd></div>",
        html=True,
    )
    html.assertContains(
        response,
        '<div><dt>Licence</dt><dd><a href="https://creativecommons.org/licenses/by/4.0/" '
        'rel="license">CC BY 4.0</a></dd></div>',
        html=True,
    )
    # The domain is written once, in the address, not again beside the name.
    header = response.text.split('class="meeting-facts"')[1].split("</dl>")[0]
    assert header.count("en.kremlin.ru") == 2  # the href and the address shown


def test_a_source_without_a_name_is_shown_by_its_address(client, samarkand):
    samarkand.source_name = ""
    samarkand.source_url = "https://mfa.example.org/talks/1"
    samarkand.save()
    response = client.get(detail_url(samarkand))
    html.assertContains(
        response,
        '<div class="source"><dt>Source</dt><dd><a class="source-link" '
        'href="https://mfa.example.org/talks/1" rel="external">mfa.example.org/talks/1</a>'
        "</dd></div>",
        html=True,
    )


def test_kremlin_text_without_a_page_address_is_still_credited(client, samarkand):
    samarkand.source_name = "President of Russia (en.kremlin.ru)"
    samarkand.save()
    response = client.get(detail_url(samarkand))
    html.assertContains(
        response,
        '<div class="source"><dt>Source</dt><dd>President of Russia (en.kremlin.ru)</dd></div>',
        html=True,
    )
    html.assertContains(response, 'rel="license">CC BY 4.0</a></dd>')


def test_other_sources_get_no_licence_claim(client, samarkand):
    samarkand.source_name = "Ministry"
    samarkand.source_url = "https://mfa.example.org/talks/1"
    samarkand.save()
    response = client.get(detail_url(samarkand))
    html.assertContains(response, ">mfa.example.org/talks/1</a>")
    assert 'rel="license">CC BY 4.0' not in re.sub(
        r'<footer class="site-footer">.*</footer>', "", response.text, flags=re.S
    )
    html.assertNotContains(response, "<dt>Licence</dt>")


def test_the_language_of_the_text_is_named_on_the_page(client, samarkand):
    response = client.get(detail_url(samarkand))
    html.assertContains(response, "<div><dt>Language</dt><dd>English</dd></div>", html=True)
    # English text on an English page needs no lang attribute of its own.
    assert " lang=" not in response.text.split("<body", 1)[1]


def test_text_in_another_language_is_marked_with_its_lang(client, samarkand):
    samarkand.language = "ru"
    samarkand.title = "Встреча с Президентом Азербайджана Ильхамом Алиевым"
    samarkand.save()
    response = client.get(detail_url(samarkand))
    html.assertContains(response, "<div><dt>Language</dt><dd>Russian</dd></div>", html=True)
    html.assertContains(
        response, f'<h1 class="meeting-title" lang="ru">{samarkand.title}</h1>', html=True
    )
    turns = response.text.split('<div class="transcript-turns" lang="ru">', 1)[1]
    assert 'id="t1"' in turns and 'id="t3"' in turns
    # The site's own words inside it stay English.
    assert '<a class="permalink" href="#t1" lang="en"' in turns
    listed = client.get("/meetings/2022/09/")
    html.assertContains(listed, f'lang="ru">{samarkand.title}</a>')


@pytest.mark.parametrize(
    "payload, escaped",
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ],
)
def test_transcript_text_is_escaped(client, samarkand, payload, escaped):
    TurnFactory(
        meeting=samarkand,
        sequence=4,
        speaker=None,
        label=payload,
        text=f"Before {payload} after.\n\n{payload}",
    )
    samarkand.summary = payload
    samarkand.save()
    response = client.get(detail_url(samarkand))
    assert payload not in response.text
    assert f"<p>Before {escaped} after.</p>" in response.text
    assert f"<p>{escaped}</p>" in response.text
    # The one script element is the JSON-LD data block, where the text is JSON-escaped.
    assert response.text.count("<script") == 1
    assert '<script type="application/ld+json">' in response.text


def test_drafts_are_404(client, samarkand):
    samarkand.status = Meeting.Status.DRAFT
    samarkand.save()
    response = client.get(detail_url(samarkand))
    assert response.status_code == 404
    assert client.get("/meetings/2022/09/16/").status_code == 404


def test_previous_and_next_meeting(client, samarkand):
    earlier = MeetingFactory(title="Earlier talks", date=datetime.date(2022, 9, 15))
    same_day_later = MeetingFactory(title="Same day, added later", date=datetime.date(2022, 9, 16))
    MeetingFactory(title="Hidden draft", date="2022-09-16", status=Meeting.Status.DRAFT)
    response = client.get(detail_url(samarkand))
    html.assertContains(response, f'rel="prev" href="{earlier.get_absolute_url()}"')
    html.assertContains(response, f'rel="next" href="{same_day_later.get_absolute_url()}"')
    html.assertNotContains(response, "Hidden draft")
    newest = client.get(detail_url(same_day_later))
    html.assertContains(newest, f'rel="prev" href="{samarkand.get_absolute_url()}"')
    html.assertNotContains(newest, 'rel="next"')


def test_other_meetings_between_its_two_principals(client, samarkand):
    putin, aliyev = (p.person for p in samarkand.participations.all())
    pashinyan = PersonFactory(name="Nikol Pashinyan", country="AM")
    trio = MeetingFactory(title="Trilateral talks", date="2021-01-11")
    for person in (putin, aliyev, pashinyan):
        ParticipationFactory(meeting=trio, person=person)
    only_one = MeetingFactory(title="Talks with Pashinyan", date="2021-05-01")
    for person in (putin, pashinyan):
        ParticipationFactory(meeting=only_one, person=person)
    draft = MeetingFactory(title="Draft with both", status=Meeting.Status.DRAFT)
    for person in (putin, aliyev):
        ParticipationFactory(meeting=draft, person=person)

    response = client.get(detail_url(samarkand))
    related = response.text.split('id="related-heading"')[1]
    assert "Trilateral talks" in related
    assert "Talks with Pashinyan" not in related
    assert "Draft with both" not in related
    assert "Other meetings between Vladimir Putin and Ilham Aliyev" in response.text
    html.assertContains(response, f'href="/leaders/{putin.slug}/with/{aliyev.slug}/"', count=1)


# ---- Bounded queries ------------------------------------------------------------


def _page_urls(meetings):
    middle = meetings[len(meetings) // 2]
    d = middle.date
    return {
        "home": "/",
        "archive": "/meetings/",
        "year": f"/meetings/{d:%Y}/",
        "month": f"/meetings/{d:%Y}/{d:%m}/",
        "day": f"/meetings/{d:%Y}/{d:%m}/{d:%d}/",
        "detail": middle.get_absolute_url(),
    }


@pytest.mark.parametrize("size, turns", [(3, 4), (30, 60)])
def test_query_count_is_bounded(client, build_archive, django_assert_max_num_queries, size, turns):
    meetings = build_archive(meetings=size, turns=turns)
    for page, url in _page_urls(meetings).items():
        with django_assert_max_num_queries(MAX_QUERIES[page]):
            response = client.get(url)
        assert response.status_code == 200, url


def test_home_figures_are_cached_until_the_archive_changes(
    client, build_archive, django_assert_max_num_queries
):
    build_archive(meetings=3, turns=4)
    assert client.get("/").context["meeting_count"] == 3
    # The latest meetings and their participants; the counts come from the cache.
    with django_assert_max_num_queries(2):
        assert client.get("/").context["turn_count"] == 12

    MeetingFactory(title="Newly published talks")
    response = client.get("/")
    assert response.context["meeting_count"] == 4
    assert "Newly published talks" in response.text
