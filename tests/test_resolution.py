"""PersonDirectory: who a parsed speaker is across the archive."""

import pytest

from meetings.resolution import PersonDirectory
from tests.factories import PersonAliasFactory, PersonFactory

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
