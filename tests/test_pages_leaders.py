"""The leaders' pages: the A–Z index, a leader, and the meetings of two leaders."""

import datetime

import pytest
from django.test import SimpleTestCase
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

html = SimpleTestCase()

MAX_QUERIES = {"list": 3, "detail": 7, "pair": 6}  # with nothing cached


def meet(date, *people, title=None, status=Meeting.Status.PUBLISHED, roles=None):
    meeting = MeetingFactory(date=date, status=status, **({"title": title} if title else {}))
    for order, person in enumerate(people):
        role = (roles or {}).get(person, f"President of {person.country_name}")
        ParticipationFactory(meeting=meeting, person=person, role=role, order=order)
    return meeting


@pytest.fixture
def leaders(db):
    putin = PersonFactory(name="Vladimir Putin", country="RU")
    aliyev = PersonFactory(name="Ilham Aliyev", country="AZ")
    pashinyan = PersonFactory(name="Nikol Pashinyan", country="AM")
    erdogan = PersonFactory(name="Recep Tayyip Erdoğan", country="TR", sort_name="Öztürk, Test")
    drafty = PersonFactory(name="Only In Drafts", country="FR")
    d = datetime.date
    meet(d(2019, 5, 1), putin, aliyev)
    meet(d(2021, 1, 11), putin, aliyev, pashinyan)
    meet(
        d(2022, 9, 16),
        putin,
        aliyev,
        roles={putin: "President of Russia", aliyev: "President of the Republic"},
    )
    meet(d(2022, 10, 31), putin, pashinyan)
    meet(d(2022, 11, 1), putin, erdogan)
    meet(d(2022, 12, 1), putin, drafty, status=Meeting.Status.DRAFT)
    return {
        "putin": putin,
        "aliyev": aliyev,
        "pashinyan": pashinyan,
        "erdogan": erdogan,
        "drafty": drafty,
    }


# ---- The A–Z index ------------------------------------------------------------------


def test_url_names():
    assert reverse("meetings:leader_list") == "/leaders/"
    assert reverse("meetings:leader_detail", kwargs={"slug": "ilham-aliyev"}) == (
        "/leaders/ilham-aliyev/"
    )
    assert reverse("meetings:leader_pair", kwargs={"slug": "a", "other": "b"}) == (
        "/leaders/a/with/b/"
    )


def test_index_lists_leaders_a_to_z_with_country_and_counts(client, leaders):
    response = client.get("/leaders/")
    assert response.status_code == 200
    html.assertContains(
        response,
        '<li class="person-item"><a class="person-name" href="/leaders/ilham-aliyev/">'
        'Aliyev, Ilham</a><span class="person-meta"><span class="person-country">Azerbaijan'
        '</span> · <span class="count">3 meetings</span></span></li>',
        html=True,
    )
    html.assertContains(response, '<span class="count">5 meetings</span>', html=True)  # Putin
    html.assertNotContains(response, "Only In Drafts")
    text = response.text
    assert (
        text.index("Aliyev, Ilham") < text.index("Pashinyan, Nikol") < text.index("Putin, Vladimir")
    )
    # Letters come from sort_name, transliterated: Öztürk files under O.
    html.assertContains(response, '<h2 class="letter-heading" id="letter-2">O</h2>', html=True)
    assert text.index("Öztürk, Test") < text.index("Pashinyan, Nikol")
    html.assertContains(response, '<a href="?initial=O">O</a>', html=True)


def test_index_filters_by_initial_and_country(client, leaders):
    meet(
        datetime.date(2020, 2, 2),
        PersonFactory(name="Sergei Lavrov", country="RU"),
        leaders["aliyev"],
    )
    by_initial = client.get("/leaders/", {"initial": "p"})
    html.assertContains(by_initial, "Putin, Vladimir")
    html.assertContains(by_initial, "Pashinyan, Nikol")
    html.assertNotContains(by_initial, "Aliyev, Ilham")
    html.assertContains(by_initial, '<a href="?initial=P" aria-current="page">P</a>', html=True)

    by_country = client.get("/leaders/", {"country": "az"})
    html.assertContains(by_country, "Aliyev, Ilham")
    html.assertNotContains(by_country, "Putin, Vladimir")
    html.assertContains(by_country, '<option value="az" selected>Azerbaijan</option>', html=True)
    assert by_country.text.count('<option value="ru"') == 1
    # Only the letters of the leaders left after the country filter are offered.
    html.assertContains(by_country, '<a href="?country=az&amp;initial=A">A</a>', html=True)
    html.assertNotContains(by_country, "initial=P")

    nobody = client.get("/leaders/", {"country": "az", "initial": "Z"})
    assert nobody.status_code == 200
    html.assertContains(nobody, "No leaders match")


def test_index_ignores_junk_filters(client, leaders):
    for params in ({"country": "zz"}, {"country": "<script>"}, {"initial": "<"}):
        response = client.get("/leaders/", params)
        assert response.status_code == 200
        assert "<script>" not in response.text.split("</header>", 1)[1]


# ---- A leader -----------------------------------------------------------------------


def test_leader_page(client, leaders):
    response = client.get(leaders["aliyev"].get_absolute_url())
    assert response.status_code == 200
    html.assertContains(response, "<h1>Ilham Aliyev</h1>", html=True)
    html.assertContains(response, '<a href="/countries/az/">Azerbaijan</a>', html=True)
    # Roles over time, with the first and last dates seen.
    html.assertContains(
        response, '<span class="role-name">President of Azerbaijan</span>', html=True
    )
    html.assertContains(
        response,
        '<span class="role-dates"><time datetime="2019-05-01">1 May 2019</time> – '
        '<time datetime="2021-01-11">11 January 2021</time> · '
        '<span class="nowrap">2 meetings</span></span>',
        html=True,
    )
    html.assertContains(
        response, '<span class="role-name">President of the Republic</span>', html=True
    )
    # Meetings newest first.
    text = response.text
    assert (
        text.index("16 September 2022") < text.index("11 January 2021") < text.index("1 May 2019")
    )


def test_leader_counterparts_link_to_their_shared_meetings(client, leaders):
    response = client.get(leaders["putin"].get_absolute_url())
    counterparts = response.text.split('id="counterparts-heading"')[1].split("</section>")[0]
    assert counterparts.index("Ilham Aliyev") < counterparts.index("Nikol Pashinyan")
    assert "Only In Drafts" not in counterparts
    html.assertContains(
        response,
        '<li><a href="/leaders/vladimir-putin/with/ilham-aliyev/">Ilham Aliyev</a> '
        '<span class="count">3<span class="visually-hidden"> meetings together</span></span>'
        "</li>",
        html=True,
    )

    pair = client.get("/leaders/vladimir-putin/with/ilham-aliyev/")
    assert pair.status_code == 200
    html.assertContains(pair, "3 published meetings at which both took part")
    html.assertNotContains(pair, "31 October 2022")


def test_leader_pair_404s(client, leaders):
    assert client.get("/leaders/vladimir-putin/with/vladimir-putin/").status_code == 404
    assert client.get("/leaders/vladimir-putin/with/nobody/").status_code == 404
    assert client.get("/leaders/ilham-aliyev/with/recep-tayyip-erdogan/").status_code == 404
    assert client.get("/leaders/vladimir-putin/with/only-in-drafts/").status_code == 404


def test_leader_chart_is_inline_svg_with_a_text_alternative(client, leaders):
    response = client.get(leaders["aliyev"].get_absolute_url())
    text = response.text
    assert '<svg class="year-chart"' in text
    assert 'role="img"' in text
    html.assertContains(
        response, '<title id="year-chart-title">Meetings per year, 2019–2022</title>', html=True
    )
    html.assertContains(
        response,
        '<desc id="year-chart-desc">2019: 1 meeting; 2020: 0 meetings; 2021: 1 meeting; '
        "2022: 1 meeting.</desc>",
        html=True,
    )
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert "style" not in svg


def test_a_leader_of_one_year_reads_in_that_year_not_from_it_to_itself(client, leaders):
    response = client.get(leaders["erdogan"].get_absolute_url())
    html.assertContains(response, "<figcaption>1 meeting in 2022.</figcaption>", html=True)
    html.assertContains(
        response, '<title id="year-chart-title">Meetings per year, 2022</title>', html=True
    )
    assert "2022 to 2022" not in response.text and "2022–2022" not in response.text
    several = client.get(leaders["aliyev"].get_absolute_url())
    html.assertContains(
        several, "<figcaption>3 meetings from 2019 to 2022.</figcaption>", html=True
    )


def test_leader_search_box_is_scoped_to_the_leader(client, leaders):
    response = client.get(leaders["aliyev"].get_absolute_url())
    form = response.text.split('<form class="search-form"')[1].split("</form>")[0]
    assert 'action="/search/"' in form
    assert 'method="get"' in form
    assert '<input type="hidden" name="speaker" value="ilham-aliyev">' in form
    assert 'name="q"' in form
    html.assertContains(response, "Search only Ilham Aliyev’s statements")


def test_leader_meetings_are_paginated(client, leaders):
    putin, aliyev = leaders["putin"], leaders["aliyev"]
    for n in range(25):
        meet(datetime.date(2015, 1, 1) + datetime.timedelta(days=n), putin, aliyev)
    response = client.get(aliyev.get_absolute_url())
    assert response.context["page_obj"].paginator.count == 28
    html.assertContains(response, 'href="?page=2"')
    assert client.get(aliyev.get_absolute_url() + "?page=2").status_code == 200


def test_leader_without_published_meetings_is_404(client, leaders):
    assert client.get(leaders["drafty"].get_absolute_url()).status_code == 404
    assert client.get("/leaders/nobody-at-all/").status_code == 404


def test_a_speaker_nobody_listed_becomes_a_participant(client, leaders, samarkand):
    interpreter = PersonFactory(name="Anna Interpreter", country="RU")
    TurnFactory(
        meeting=samarkand,
        sequence=4,
        speaker=interpreter,
        label="Anna Interpreter",
        text="Translation.",
    )
    participants = [(p.person, p.role, p.order) for p in samarkand.participations.all()]
    assert participants[-1] == (interpreter, "", 2)
    page = client.get(samarkand.get_absolute_url())
    html.assertContains(page, 'href="/leaders/anna-interpreter/"')
    response = client.get("/leaders/anna-interpreter/")
    assert response.status_code == 200
    html.assertContains(response, samarkand.title)


def test_leader_text_is_escaped(client, db):
    person = PersonFactory(name="<script>alert(1)</script>", slug="evil", country="RU")
    meet(
        datetime.date(2022, 1, 1),
        person,
        PersonFactory(country="AZ"),
        roles={person: "<img src=x onerror=alert(1)>"},
    )
    for url in ("/leaders/evil/", "/leaders/", "/"):
        response = client.get(url)
        assert "<script>alert(1)</script>" not in response.text
        assert "<img src=x" not in response.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


# ---- Bounded queries -----------------------------------------------------------------


@pytest.mark.parametrize("size, turns", [(3, 4), (30, 60)])
def test_query_count_is_bounded(client, build_archive, django_assert_max_num_queries, size, turns):
    build_archive(meetings=size, turns=turns)
    urls = {
        "list": "/leaders/?initial=P",
        "detail": "/leaders/vladimir-putin/",
        "pair": "/leaders/vladimir-putin/with/ilham-aliyev/",
    }
    for page, url in urls.items():
        with django_assert_max_num_queries(MAX_QUERIES[page]):
            response = client.get(url)
        assert response.status_code == 200, url


def test_a_leaders_summary_is_cached_until_the_archive_changes(
    client, leaders, django_assert_max_num_queries
):
    pashinyan = leaders["pashinyan"]
    url = pashinyan.get_absolute_url()
    first = client.get(url)
    assert first.context["chart"].total == 2
    # The person and one page of meetings with their participants; no counts, no chart.
    with django_assert_max_num_queries(3):
        again = client.get(url)
    assert again.context["page_obj"].paginator.count == 2

    meet(datetime.date(2023, 6, 1), pashinyan, leaders["aliyev"], title="Talks in Brussels")
    fresh = client.get(url)
    assert fresh.context["page_obj"].paginator.count == 3
    assert fresh.context["chart"].total == 3
    assert [c.name for c in fresh.context["counterparts"]][:2] == ["Ilham Aliyev", "Vladimir Putin"]
    # The side column (chart, roles, counterparts) is cached HTML: it must show the change.
    assert "3 meetings from" in fresh.text
    assert "2 meetings from" in again.text
