"""The editors' admin is Parley's: its name, icon and stylesheet on every admin page."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static")]


def test_admin_pages_carry_parleys_name_and_colours(staff_client, samarkand):
    for url in (
        reverse("admin:index"),
        reverse("admin:meetings_meeting_change", args=[samarkand.pk]),
        reverse("admin:meetings_meeting_import"),
    ):
        text = staff_client.get(url).text
        assert '<link rel="stylesheet" href="/static/css/admin.css">' in text, url
        assert "Parley editors</a></div>" in text, url
        assert "<title>" in text and "| Parley editors</title>" in text, url
        assert "Django administration" not in text, url
    index = staff_client.get(reverse("admin:index")).text
    assert "<h1>The archive</h1>" in index


def test_the_login_page_is_parleys_too(db):
    text = Client().get(reverse("admin:login")).text
    assert "Parley editors</a></div>" in text
    assert "Django" not in text.split("<body", 1)[1]
