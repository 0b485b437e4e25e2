"""The sitemap, robots.txt and the error pages."""

import pytest
from django.test import SimpleTestCase
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]

html = SimpleTestCase()


def test_sitemap_lists_published_meetings_and_leaders(client, samarkand):
    hidden = PersonFactory(name="Only In Drafts")
    draft = MeetingFactory(title="Draft", status=Meeting.Status.DRAFT)
    ParticipationFactory(meeting=draft, person=hidden)
    idle = PersonFactory(name="Never Met Anyone")

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    text = response.text
    assert f"<loc>http://testserver{samarkand.get_absolute_url()}</loc>" in text
    assert "<loc>http://testserver/leaders/vladimir-putin/</loc>" in text
    assert "<loc>http://testserver/leaders/ilham-aliyev/</loc>" in text
    assert "<loc>http://testserver/</loc>" in text
    assert draft.get_absolute_url() not in text
    assert hidden.get_absolute_url() not in text
    assert idle.get_absolute_url() not in text
    assert "<lastmod>" in text


def test_sitemap_query_count_is_bounded(client, build_archive, django_assert_max_num_queries):
    build_archive(meetings=30, turns=2)
    with django_assert_max_num_queries(4):
        assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: http://testserver{reverse('sitemap')}" in lines


def test_unknown_page_is_a_friendly_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html.assertContains(response, "<h1>Page not found</h1>", status_code=404, html=True)
    html.assertContains(response, 'href="/meetings/"', status_code=404)
    assert 'class="site-header"' in response.text


def test_500_page_is_self_contained(client):
    from django.template.loader import get_template

    text = get_template("500.html").render()
    assert "Something went wrong" in text
    assert "{%" not in text
    assert "<script" not in text and "style=" not in text
