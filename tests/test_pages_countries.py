"""The country pages: /countries/ and /countries/<iso2>/."""

import datetime

import pytest
from django.test import SimpleTestCase
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

html = SimpleTestCase()

MAX_QUERIES = {"list": 1, "detail": 4}


@pytest.fixture
def world(db):
    putin = PersonFactory(name="Vladimir Putin", country="RU")
    aliyev = PersonFactory(name="Ilham Aliyev", country="AZ")
    stateless = PersonFactory(name="Envoy Without Country", country="")
    baku = MeetingFactory(title="Talks in Baku", date=datetime.date(2022, 5, 1))
    ParticipationFactory(meeting=baku, person=putin, country="RU")
    # No country on the participation: the person's country (AZ) counts.
    ParticipationFactory(meeting=baku, person=aliyev, country="")
    un = MeetingFactory(title="Talks at the UN", date=datetime.date(2022, 6, 1))
    ParticipationFactory(meeting=un, person=putin, country="RU")
    # The participation's own country wins over the person's.
    ParticipationFactory(meeting=un, person=stateless, country="AZ")
    draft = MeetingFactory(title="Draft talks", status=Meeting.Status.DRAFT)
    ParticipationFactory(meeting=draft, person=aliyev, country="AZ")
    moscow = MeetingFactory(title="Talks in Moscow", date=datetime.date(2022, 7, 1))
    ParticipationFactory(meeting=moscow, person=putin, country="RU")
    return {"putin": putin, "aliyev": aliyev, "stateless": stateless}


def test_url_names():
    assert reverse("meetings:country_list") == "/countries/"
    assert reverse("meetings:country_detail", kwargs={"code": "az"}) == "/countries/az/"


def test_country_list(client, world):
    response = client.get("/countries/")
    assert response.status_code == 200
    html.assertContains(
        response,
        '<li class="country-item"><a class="country-name" href="/countries/az/">Azerbaijan</a>'
        '<span class="count">2 meetings · 2 leaders</span></li>',
        html=True,
    )
    html.assertContains(response, '<span class="count">3 meetings · 1 leader</span>', html=True)
    text = response.text
    assert text.index("Azerbaijan") < text.index("Russia")


def test_country_detail_uses_participation_country_then_person_country(client, world):
    response = client.get("/countries/az/")
    assert response.status_code == 200
    html.assertContains(response, "<h1>Azerbaijan</h1>", html=True)
    html.assertContains(response, "Talks in Baku")
    html.assertContains(response, "Talks at the UN")
    html.assertNotContains(response, "Talks in Moscow")
    html.assertNotContains(response, "Draft talks")
    leaders = response.text.split('id="leaders-heading"')[1]
    assert "Ilham Aliyev" in leaders
    assert "Envoy Without Country" in leaders
    assert "Vladimir Putin" not in leaders


def test_upper_case_code_redirects_permanently(client, world):
    response = client.get("/countries/AZ/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/countries/az/?page=1"
    assert client.get("/countries/Az/").status_code == 301


@pytest.mark.parametrize(
    "url",
    ["/countries/xx/", "/countries/zz/", "/countries/aze/", "/countries/a1/", "/countries/XX/"],
)
def test_unknown_codes_are_404(client, world, url):
    assert client.get(url).status_code == 404


def test_known_country_without_meetings_is_an_empty_page(client, world):
    response = client.get("/countries/fr/")
    assert response.status_code == 200
    html.assertContains(response, "No published meetings with a leader of France yet.")


@pytest.mark.parametrize("size, turns", [(3, 4), (30, 60)])
def test_query_count_is_bounded(client, build_archive, django_assert_max_num_queries, size, turns):
    build_archive(meetings=size, turns=turns)
    for page, url in {"list": "/countries/", "detail": "/countries/az/"}.items():
        with django_assert_max_num_queries(MAX_QUERIES[page]):
            response = client.get(url)
        assert response.status_code == 200, url
