"""PersonDirectory: who a parsed speaker is across the archive."""

import datetime

import pytest

from meetings.models import Person
from meetings.resolution import PersonDirectory, Resolution, Resolved
from tests.factories import (
    MeetingFactory,
    ParticipationFactory,
    PersonAliasFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def test_exact_name_or_alias_ignoring_case_and_diacritics():
    erdogan = PersonFactory(name="Recep Tayyip Erdoğan", country="TR")
    PersonAliasFactory(person=erdogan, name="Tayyip Erdogan")
    directory = PersonDirectory()
    for label in ["RECEP TAYYIP ERDOGAN", "recep tayyip erdoğan", "Tayyip ERDOĞAN"]:
        resolution = directory.resolve(label, None)
        assert resolution.person == erdogan and not resolution.create, label


def test_a_surname_alone():
    biden = PersonFactory(name="Joe Biden", country="US")
    PersonFactory(name="Hunter Smith", country="GB")
    PersonFactory(name="Jane Smith", country="US")
    directory = PersonDirectory()
    found = directory.resolve("Biden", None)
    assert found.person == biden and "only person" in found.warnings[0]
    assert directory.resolve("Biden", "US").person == biden
    clash = directory.resolve("Biden", "FR")
    assert clash.create and clash.suggestion == biden
    ambiguous = directory.resolve("Smith", None)
    assert ambiguous.create and ambiguous.warnings


def test_near_spelling_needs_the_same_country():
    aliyev = PersonFactory(name="Ilham Aliyev", country="AZ")
    directory = PersonDirectory()
    same = directory.resolve("Ilham Aliev", "AZ")
    assert same.person == aliyev and same.new_alias == "Ilham Aliev"
    unknown = directory.resolve("Ilham Aliev", None)
    assert unknown.create and unknown.suggestion == aliyev
    other = directory.resolve("Ilham Aliev", "RU")
    assert other.create and other.person is None


def test_people_added_during_an_import_are_found_by_the_next_transcript():
    directory = PersonDirectory()
    assert directory.resolve("Ivo Marek", None).create
    directory.add(PersonFactory(name="Ivo Marek", country=""), "President Marek")
    assert not directory.resolve("Ivo Marek", None).create
    assert "Ivo Marek" in directory.known_names()


# Speakers the transcript names only by a role, or by a role and part of a name


def _held(person, role, date, country=""):
    ParticipationFactory(
        person=person, role=role, country=country, meeting=MeetingFactory(date=date)
    )


def test_a_role_only_speaker_is_the_person_who_held_the_role_nearest_the_date():
    old = PersonFactory(name="Jane Doe", country="GB")
    new = PersonFactory(name="Tom Ashby", country="GB")
    _held(old, "Prime Minister", datetime.date(2022, 1, 10), "GB")
    _held(new, "Prime Minister of the United Kingdom", datetime.date(2022, 11, 1), "GB")
    directory = PersonDirectory()
    found = directory.resolve_role_holder(
        name="Prime Minister", role="Prime Minister", country="GB", date=datetime.date(2022, 11, 14)
    )
    assert found.person == new and not found.create
    assert "Tom Ashby, who held that role nearest to 2022-11-14" in found.warnings[0]


def test_a_role_without_a_country_held_by_several_people_stays_without_a_person():
    _held(
        PersonFactory(name="Tom Ashby", country="GB"), "Prime Minister", datetime.date(2022, 5, 1)
    )
    _held(
        PersonFactory(name="Kari Lund", country="NO"), "Prime Minister", datetime.date(2022, 6, 1)
    )
    found = PersonDirectory().resolve_role_holder(
        name="Prime Minister", role="Prime Minister", country=None, date=datetime.date(2022, 6, 2)
    )
    assert found.person is None and not found.create
    assert "2 people held a matching role" in found.warnings[0]


def test_a_deputy_is_not_the_holder_and_nobody_is_created_for_a_role():
    _held(
        PersonFactory(name="Anna Orlova", country="RU"),
        "Deputy Prime Minister",
        datetime.date(2021, 3, 1),
        "RU",
    )
    found = PersonDirectory().resolve_role_holder(
        name="Prime Minister", role="Prime Minister", country="RU", date=datetime.date(2021, 3, 3)
    )
    assert found.person is None and not found.create
    assert "no one in the archive held that role" in found.warnings[0]


def test_a_given_name_and_a_role_find_the_holder_whose_name_fits():
    dupont = PersonFactory(name="Emmanuel Dupont", country="FR")
    other = PersonFactory(name="Louis Martin", country="FR")
    _held(dupont, "President of France", datetime.date(2019, 3, 1), "FR")
    _held(other, "President of France", datetime.date(2018, 1, 1), "FR")
    found = PersonDirectory().resolve_role_holder(
        name="Emmanuel", role="President of France", country="FR", date=datetime.date(2019, 6, 12)
    )
    assert found.person == dupont


def test_each_resolution_says_what_saving_will_do_with_the_speaker():
    person = Person(name="Ilham Aliyev")
    assert Resolution(name="Ilham Aliyev", person=person).state == Resolved.EXISTING
    assert (
        Resolution(name="Ilham Aliev", person=person, new_alias="Ilham Aliev").state
        == Resolved.NEW_ALIAS
    )
    assert Resolution(name="Ivo Marek", create=True).state == Resolved.NEW_PERSON
    assert Resolution(name="Prime Minister").state == Resolved.NOBODY
