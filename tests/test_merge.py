import pytest

from meetings.models import Participation, Person, PersonAlias, Turn
from meetings.services import person_merge
from tests.factories import (
    MeetingFactory,
    ParticipationFactory,
    PersonAliasFactory,
    PersonFactory,
    TurnFactory,
)

pytestmark = pytest.mark.django_db


def test_merging_two_people_keeps_every_turn_participation_and_alias():
    keep = PersonFactory(name="Anthony Blinken", country="US")
    fold = PersonFactory(name="Tony Blinken", country="")
    PersonAliasFactory(person=fold, name="Secretary Blinken")
    PersonAliasFactory(person=fold, name="anthony blinken")  # duplicate of keep's own name
    shared = MeetingFactory()
    only_fold = MeetingFactory()
    ParticipationFactory(meeting=shared, person=keep, role="")
    ParticipationFactory(meeting=shared, person=fold, role="Secretary of State", country="US")
    ParticipationFactory(meeting=only_fold, person=fold, role="Secretary of State")
    turns = [
        TurnFactory(meeting=shared, sequence=1, speaker=keep),
        TurnFactory(meeting=shared, sequence=2, speaker=fold),
        TurnFactory(meeting=only_fold, sequence=1, speaker=fold),
    ]
    total_turns = Turn.objects.count()

    person_merge(source=fold, target=keep)

    assert not Person.objects.filter(pk=fold.pk).exists()
    assert Turn.objects.count() == total_turns
    assert set(Turn.objects.filter(speaker=keep).values_list("pk", flat=True)) == {
        t.pk for t in turns
    }
    assert set(Participation.objects.filter(person=keep).values_list("meeting", "role")) == {
        (shared.pk, "Secretary of State"),
        (only_fold.pk, "Secretary of State"),
    }
    assert sorted(PersonAlias.objects.filter(person=keep).values_list("name", flat=True)) == [
        "Secretary Blinken",
        "Tony Blinken",
    ]


def test_a_person_cannot_be_merged_into_themselves():
    person = PersonFactory()
    with pytest.raises(ValueError):
        person_merge(source=person, target=person)
