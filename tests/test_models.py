import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import Meeting, Participation, Person
from meetings.text import ascii_slug, name_key
from tests.factories import MeetingFactory, PersonFactory, TurnFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
        ("Ilham Aliyev", "ilham-aliyev"),
        ("Emmanuel Macron", "emmanuel-macron"),
        ("Lech Wałęsa", "lech-walesa"),
        ("Jens Stoltenberg", "jens-stoltenberg"),
        ("Владимир Путин", "vladimir-putin"),
        ("Søren Østergaard", "soren-ostergaard"),
        ("Angela Merkel-Schröder", "angela-merkel-schroder"),
    ],
)
def test_slug_is_ascii_transliteration(name, slug):
    assert ascii_slug(name) == slug
    assert PersonFactory(name=name).slug == slug


def test_name_key_ignores_case_diacritics_and_punctuation():
    assert name_key("ERDOĞAN, Recep") == name_key("erdogan recep")


def test_person_slug_is_unique_and_second_one_gets_a_suffix():
    first = PersonFactory(name="Kim Jong Un", country="KP")
    second = PersonFactory(name="Kim Jong Un", country="KP")
    assert (first.slug, second.slug) == ("kim-jong-un", "kim-jong-un-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="Another", slug="kim-jong-un")


def test_bad_country_code_is_rejected_by_validation_and_database():
    person = Person(name="Nobody", country="XX")
    with pytest.raises(ValidationError) as excinfo:
        person.full_clean()
    assert "country" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        Person(name="Lower", country="ru").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="Bad", country="r1")


def test_good_country_code_is_accepted():
    Person(name="Good", slug="good", country="AZ").full_clean()


def test_duplicate_sequence_in_a_meeting_is_rejected():
    meeting = MeetingFactory()
    TurnFactory(meeting=meeting, sequence=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TurnFactory(meeting=meeting, sequence=1)
    TurnFactory(sequence=1)  # the same number in another meeting is fine


def test_sequence_starts_at_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        TurnFactory(sequence=0)


def test_meeting_slug_is_unique_per_day_and_source_url_unique_when_present():
    MeetingFactory(title="Talks", slug="talks", date="2020-01-01")
    MeetingFactory(title="Talks", slug="talks", date="2020-01-02")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(title="Talks", slug="talks", date="2020-01-01")
    MeetingFactory(source_url="")
    MeetingFactory(source_url="")
    MeetingFactory(source_url="https://example.org/1")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(source_url="https://example.org/1")


def test_published_queryset_hides_drafts():
    MeetingFactory(status=Meeting.Status.DRAFT)
    shown = MeetingFactory(status=Meeting.Status.PUBLISHED)
    assert list(Meeting.objects.published()) == [shown]


def test_raw_text_fingerprint_ignores_whitespace():
    a = MeetingFactory(raw_text="Putin:  Hello.\n\nAliyev: Hi.")
    b = MeetingFactory(raw_text="Putin: Hello.\nAliyev:\u00a0Hi. ")
    assert a.raw_text_sha256 == b.raw_text_sha256


def test_every_speaker_takes_part_in_the_meeting(samarkand):
    from django.apps import apps

    from meetings import services

    aliyev = samarkand.participations.get(order=1)
    # The admin deletes a listed speaker's participation; saving the meeting adds it back.
    aliyev.delete()
    added = services.meeting_add_speakers(samarkand)
    assert [(p.person_id, p.role, p.order) for p in added] == [(aliyev.person_id, "", 1)]
    assert services.meeting_add_speakers(samarkand) == []

    # Rows written before the rule (the data migration gives them a participation).
    Participation.objects.filter(pk=added[0].pk).delete()
    add_speakers = importlib.import_module("meetings.migrations.0002_speakers_take_part")
    add_speakers.add_speakers(apps, None)
    assert samarkand.participations.filter(person_id=aliyev.person_id, order=1).exists()
