"""The synthetic corpus: deterministic, within its stated shape, and easy to remove."""

import datetime

import pytest
from django.core.management import call_command

from bench.corpus import SOURCE_NAME, CorpusGenerator
from meetings.models import Meeting, Participation, Person, Turn
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory


def _generate(turns, seed=1):
    call_command("generate_corpus", turns=turns, seed=seed, verbosity=0)


def _snapshot():
    return list(
        Turn.objects.filter(meeting__source_name=SOURCE_NAME)
        .order_by("meeting__date", "meeting__slug", "sequence")
        .values_list("meeting__title", "meeting__date", "sequence", "label", "text")
    )


def test_the_same_seed_gives_the_same_corpus(db):
    _generate(400, seed=7)
    first = _snapshot()
    call_command("generate_corpus", delete=True, verbosity=0)
    _generate(400, seed=7)
    assert _snapshot() == first
    call_command("generate_corpus", delete=True, verbosity=0)
    _generate(400, seed=8)
    assert _snapshot() != first


def test_counts_and_shape_are_within_the_stated_ranges(db):
    _generate(1000)
    assert Turn.objects.count() == 1000
    meetings = Meeting.objects.filter(source_name=SOURCE_NAME)
    assert meetings.count() == meetings.published().count() > 20
    for meeting in meetings.prefetch_related("turns", "participations"):
        assert 5 <= meeting.turns.count() <= 40
        assert 2 <= meeting.participations.count() <= 6
        assert datetime.date(2000, 1, 1) <= meeting.date <= datetime.date(2025, 12, 31)
        for turn in meeting.turns.all():
            assert 30 <= len(turn.text.split()) <= 400
    assert Person.objects.filter(slug__startswith="synthetic-").count() == 300
    roles = set(Participation.objects.values_list("role", flat=True))
    assert any(role.startswith("President of ") for role in roles)
    assert all(len(code) == 2 for code in Participation.objects.values_list("country", flat=True))


def test_phrases_recur_and_words_follow_a_long_tail():
    plans = list(CorpusGenerator(3).meetings(2000))
    texts = [text for plan in plans for _, _, text in plan.turns]
    assert sum("territorial integrity" in text for text in texts) > 100
    words = [w.strip(".").lower() for text in texts for w in text.split()]
    counts = {w: words.count(w) for w in ("cooperation", "desalination")}
    assert counts["cooperation"] > 5 * counts["desalination"] > 0


def test_delete_removes_only_synthetic_meetings_and_people(db):
    real_person = PersonFactory(name="Ilham Aliyev", country="AZ")
    real = MeetingFactory(title="Real talks", source_name="President of Russia")
    ParticipationFactory(meeting=real, person=real_person)
    TurnFactory(meeting=real, sequence=1, speaker=real_person, text="A real statement.")
    _generate(200)
    # A generated person who also speaks in a real meeting is kept.
    shared = Person.objects.filter(slug__startswith="synthetic-").first()
    ParticipationFactory(meeting=real, person=shared, order=1)

    call_command("generate_corpus", delete=True, verbosity=0)

    assert list(Meeting.objects.all()) == [real]
    assert Turn.objects.count() == 1
    assert set(Person.objects.all()) == {real_person, shared}


def test_turns_are_required(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_corpus", verbosity=0)
