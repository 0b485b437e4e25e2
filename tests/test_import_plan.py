"""An import is a plan (what it would do, nothing written) and its application (one transaction)."""

import pytest

from meetings import services
from meetings.models import Meeting, Person, PersonAlias, Turn
from meetings.resolution import Resolved
from meetings.services import ImportOptions, ImportOutcome, apply_import, plan_import
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TEXT = """Telephone conversation with President of Ruritania Ivo Marek

March 3, 2015, Sochi

President of Russia Vladimir Putin: Good afternoon, Mr Marek.

President of Ruritania Ivo Marek: Good afternoon.

Vladimir Putin: Thank you.
"""


def _rows() -> tuple[int, int, int, int]:
    return (
        Meeting.objects.count(),
        Person.objects.count(),
        Turn.objects.count(),
        PersonAlias.objects.count(),
    )


def test_a_plan_says_what_the_import_would_do_and_writes_nothing():
    before = _rows()
    plan = plan_import(TEXT, ImportOptions(source_name="Kremlin"))
    assert _rows() == before
    assert plan.outcome == ImportOutcome.IMPORTED
    assert plan.fields["title"] == "Telephone conversation with President of Ruritania Ivo Marek"
    assert plan.fields["place"] == "Sochi"
    assert plan.fields["source_name"] == "Kremlin"
    assert [turn.speaker for turn in plan.parsed.turns] == [
        "Vladimir Putin",
        "Ivo Marek",
        "Vladimir Putin",
    ]
    assert {name: r.state for name, r in plan.resolutions.items()} == {
        "Vladimir Putin": Resolved.NEW_PERSON,
        "Ivo Marek": Resolved.NEW_PERSON,
    }


def test_applying_a_plan_writes_the_meeting_its_people_and_its_statements():
    result = apply_import(plan_import(TEXT))
    assert result.outcome == ImportOutcome.IMPORTED
    meeting = Meeting.objects.get()
    assert result.meeting == meeting
    turns = meeting.turns.select_related("speaker")
    assert [(t.sequence, t.speaker.name, t.text) for t in turns] == [
        (1, "Vladimir Putin", "Good afternoon, Mr Marek."),
        (2, "Ivo Marek", "Good afternoon."),
        (3, "Vladimir Putin", "Thank you."),
    ]


def test_an_editors_choice_of_person_is_applied_and_the_spelling_kept_as_an_alias():
    marek = PersonFactory(name="Ivan Marek", country="")
    plan = plan_import(TEXT)
    chosen = plan.with_choices({"Ivo Marek": str(marek.pk)})
    assert chosen.resolutions["Ivo Marek"].state == Resolved.NEW_ALIAS
    assert plan.resolutions["Ivo Marek"].state == Resolved.NEW_PERSON  # the plan is unchanged
    apply_import(plan, {"Ivo Marek": str(marek.pk)})
    assert Turn.objects.get(sequence=2).speaker == marek
    assert list(marek.aliases.values_list("name", flat=True)) == ["Ivo Marek"]
    assert not Person.objects.filter(name="Ivo Marek").exists()


def test_the_same_text_again_plans_nothing_and_applying_it_writes_nothing():
    apply_import(plan_import(TEXT))
    again = plan_import(TEXT)
    assert again.outcome == ImportOutcome.UNCHANGED
    before = _rows()
    result = apply_import(again)
    assert result.outcome == ImportOutcome.UNCHANGED
    assert result.meeting == Meeting.objects.get()
    assert _rows() == before


def test_transcript_import_is_plan_and_apply_in_one_call():
    dry = services.transcript_import(text=TEXT, dry_run=True)
    assert dry.outcome == ImportOutcome.IMPORTED and not Meeting.objects.exists()
    assert services.transcript_import(text=TEXT).meeting == Meeting.objects.get()
