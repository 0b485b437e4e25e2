"""A person may carry a Wikidata ID: Q and digits, edited in the admin, linked everywhere."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from meetings.models import Person
from meetings.services import person_merge
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value", ["7747", "q7747", "Q0", "Q12a", "Q", "Q 7747", "Q7747\n", "P31", "Q" + "9" * 16]
)
def test_anything_but_q_and_digits_is_refused(value):
    person = PersonFactory.build(name="Vladimir Putin", slug="vladimir-putin", wikidata_id=value)
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert (
        "A Wikidata ID is Q followed by digits, e.g. Q7747."
        in (refused.value.message_dict["wikidata_id"])
    )


def test_the_database_refuses_a_malformed_id_too(db):
    person = PersonFactory(name="Vladimir Putin")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(wikidata_id="7747")


def test_editors_set_it_in_the_admin(staff_client):
    person = PersonFactory(name="Vladimir Putin", country="RU")
    url = reverse("admin:meetings_person_change", args=[person.pk])
    form = {
        "name": person.name,
        "slug": person.slug,
        "sort_name": person.sort_name,
        "country": "RU",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    refused = staff_client.post(url, {**form, "wikidata_id": "7747"})
    assert refused.status_code == 200
    assert "A Wikidata ID is Q followed by digits, e.g. Q7747." in refused.content.decode()
    saved = staff_client.post(url, {**form, "wikidata_id": "Q7747"})
    assert saved.status_code == 302
    person.refresh_from_db()
    assert person.wikidata_id == "Q7747"


def test_the_person_page_links_it_and_json_ld_uses_it_as_same_as(client, samarkand):
    Person.objects.filter(slug="vladimir-putin").update(wikidata_id="Q7747")
    page = client.get("/leaders/vladimir-putin/").content.decode()
    assert (
        '<a href="https://www.wikidata.org/wiki/Q7747" rel="external">Wikidata (Q7747)</a>' in page
    )
    meeting = client.get(samarkand.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', meeting, re.S).group(1)
    )
    assert data["attendee"][0]["sameAs"] == "https://www.wikidata.org/wiki/Q7747"
    assert "sameAs" not in data["attendee"][1]
    assert client.get("/api/v1/leaders/vladimir-putin/").json()["wikidata_id"] == "Q7747"
    exported = client.get(samarkand.get_absolute_url() + "export.json").json()
    assert [p["wikidata"] for p in exported["participants"]] == ["Q7747", None]


def test_a_merge_keeps_the_id_of_either_person(db):
    kept = PersonFactory(name="Ilham Aliyev", country="AZ")
    merged = PersonFactory(name="Ilham Aliev", country="AZ", wikidata_id="Q18009")
    person_merge(source=merged, target=kept)
    kept.refresh_from_db()
    assert kept.wikidata_id == "Q18009"
