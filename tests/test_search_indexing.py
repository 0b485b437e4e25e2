"""The index follows the database: through signals, the public hooks and the task queue."""

import os

import pytest
from django.core.management import call_command
from django.db import transaction
from haystack import connections
from haystack.query import SearchQuerySet

from meetings.models import Meeting, Participation, Person, Turn
from meetings.search.upkeep import indexing, tasks
from tests.factories import MeetingFactory, ParticipationFactory, PersonFactory, TurnFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search_engines()]


def search(text="", **filters):
    sqs = SearchQuerySet()
    if text:
        sqs = sqs.filter(content=text)
    if filters:
        sqs = sqs.filter(**filters)
    return sorted((r.meeting_slug, r.sequence, r.speaker_name) for r in sqs[:100])


def indexed_ids():
    return indexing.indexed_turn_ids(meeting__gte=0)


class EnqueueSpy:
    def __init__(self, task):
        self.task, self.calls = task, []

    def enqueue(self, *args):
        self.calls.append(args)
        return self.task.enqueue(*args)

    def __getattr__(self, name):
        return getattr(self.task, name)


def test_turns_of_a_published_meeting_are_indexed_on_commit(indexed_samarkand):
    assert indexed_ids() == set(indexed_samarkand.turns.values_list("pk", flat=True))
    hit = SearchQuerySet().filter(content="ceasefire")[0]
    assert (hit.speaker, hit.country, hit.year, hit.kind) == ("ilham-aliyev", "AZ", "2022", "talks")
    assert hit.role == "President of Azerbaijan"


def test_nothing_is_indexed_before_commit(samarkand):
    assert indexed_ids() == set()


def test_publish_and_unpublish(indexed_samarkand, on_commit):
    with on_commit():
        indexed_samarkand.status = Meeting.Status.DRAFT
        indexed_samarkand.save()
    assert search("ceasefire") == []
    with on_commit():
        indexed_samarkand.status = Meeting.Status.PUBLISHED
        indexed_samarkand.save()
    assert len(search("ceasefire")) == 1


def test_editing_a_meeting_and_a_turn(indexed_samarkand, on_commit):
    with on_commit():
        indexed_samarkand.title = "Talks in Tashkent"
        indexed_samarkand.save()
        turn = indexed_samarkand.turns.get(sequence=2)
        turn.text = "The armistice holds."
        turn.save()
    assert search("ceasefire") == []
    [hit] = SearchQuerySet().filter(content="armistice")
    assert hit.meeting_title == "Talks in Tashkent"
    assert len(search("Tashkent")) == 0  # a title is not a statement's words (context.py)


def test_deleting_turns_and_meetings(indexed_samarkand, on_commit):
    with on_commit():
        indexed_samarkand.turns.get(sequence=2).delete()
    assert search("ceasefire") == []
    assert len(indexed_ids()) == 2
    with on_commit():
        indexed_samarkand.delete()
    assert indexed_ids() == set()


def test_participation_role_change(indexed_samarkand, on_commit):
    with on_commit():
        part = Participation.objects.get(person__slug="ilham-aliyev")
        part.role = "Head of State"
        part.save()
    assert SearchQuerySet().filter(content="ceasefire")[0].role == "Head of State"


def test_renaming_a_person(indexed_samarkand, on_commit):
    with on_commit():
        aliyev = Person.objects.get(slug="ilham-aliyev")
        aliyev.name = "Ilham Heydar oglu Aliyev"
        aliyev.slug = "ilham-heydar-oglu-aliyev"
        aliyev.save()
    [hit] = SearchQuerySet().filter(content="ceasefire")
    assert hit.speaker_name == "Ilham Heydar oglu Aliyev"
    assert hit.speaker == "ilham-heydar-oglu-aliyev"


def test_merging_people_through_the_hook(indexed_samarkand, on_commit):
    """Merge B into A the way a service would: bulk updates, then the hook."""
    with on_commit():
        duplicate = PersonFactory(name="I. Aliyev", country="AZ")
        meeting = MeetingFactory(title="Later talks")
        ParticipationFactory(meeting=meeting, person=duplicate, role="President of Azerbaijan")
        TurnFactory(meeting=meeting, sequence=1, speaker=duplicate, text="Another ceasefire.")
    assert {h.speaker for h in SearchQuerySet().filter(content="ceasefire")} == {
        "ilham-aliyev",
        "i-aliyev",
    }
    with on_commit(), transaction.atomic():
        target = Person.objects.get(slug="ilham-aliyev")
        Turn.objects.filter(speaker=duplicate).update(speaker=target)
        Participation.objects.filter(person=duplicate).update(person=target)
        duplicate.delete()
        indexing.schedule_person_reindex(target.pk)
    assert {h.speaker for h in SearchQuerySet().filter(content="ceasefire")} == {"ilham-aliyev"}


def test_bulk_writes_use_the_hook_and_many_saves_enqueue_one_task(db, on_commit, monkeypatch):
    spy = EnqueueSpy(tasks.reindex_meetings)
    monkeypatch.setattr(tasks, "reindex_meetings", spy)
    with on_commit():
        meeting = MeetingFactory()
        Turn.objects.bulk_create(
            Turn(meeting=meeting, sequence=n, label="Question", text=f"Question {n} on wheat")
            for n in range(1, 51)
        )
        for turn in meeting.turns.all()[:20]:
            turn.save()
        indexing.schedule_meeting_reindex(meeting.pk)
    assert spy.calls == [([meeting.pk],)]
    assert len(indexed_ids()) == 50


def test_work_rolled_back_with_a_savepoint_is_not_lost(db, on_commit):
    with on_commit(), transaction.atomic():
        meeting = MeetingFactory()
        TurnFactory(meeting=meeting, sequence=1, text="Barley.")
        try:
            with transaction.atomic():
                TurnFactory(meeting=meeting, sequence=2, text="Oats.")
                raise RuntimeError
        except RuntimeError:
            pass
    assert len(search("barley")) == 1
    assert search("oats") == []


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_a_worker(settings):
    """Production: tasks wait in the database until the single worker runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        meeting = MeetingFactory()
        TurnFactory(meeting=meeting, sequence=1, text="Sunflower oil.")
    assert search("sunflower") == []
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert len(search("sunflower")) == 1


def test_rebuild_index_from_the_database(samarkand, on_commit):
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    TurnFactory(meeting=draft, sequence=1, text="Draft ceasefire.")
    assert indexed_ids() == set()
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert indexed_ids() == set(samarkand.turns.values_list("pk", flat=True))
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert len(indexed_ids()) == 3


@pytest.mark.search_engines("whoosh")
@pytest.mark.parametrize("workers", [1, 2])
def test_a_whoosh_rebuild_commits_in_parts(build_archive, on_commit, workers):
    """Each part's temporary sort files go when it is committed; every turn is found."""
    with on_commit():
        build_archive(meetings=5, turns=5)
    connections.connections_info["default"]["REBUILD_COMMIT_EVERY"] = 7
    connections.reload("default")
    call_command("rebuild_index", "--noinput", "--workers", str(workers), "-v0")
    searcher = connections["default"].get_backend().searcher()
    assert len(list(searcher.leaf_searchers())) >= 25 // 7
    published = Turn.objects.filter(meeting__status=Meeting.Status.PUBLISHED)
    assert indexed_ids() == set(published.values_list("pk", flat=True))
    assert len(indexed_ids()) == 25
    assert len(search("statement")) == 25


def test_check_index_reports_and_repairs_drift(indexed_samarkand, capsys):
    call_command("check_index")
    assert "The index matches the database." in capsys.readouterr().out

    other = MeetingFactory()
    Turn.objects.bulk_create([Turn(meeting=other, sequence=1, label="Q", text="Missing rye.")])
    Turn.objects.filter(meeting=indexed_samarkand, sequence=1).update(text="Stale millet.")
    extra = MeetingFactory()
    TurnFactory(meeting=extra, sequence=1, text="Extra spelt.")
    indexing.sync_meetings([extra.pk])
    Meeting.objects.filter(pk=extra.pk).update(status=Meeting.Status.DRAFT)

    call_command("check_index")
    out = capsys.readouterr().out
    assert "Missing from the index: 1. Not in the database: 1. Out of date: 1." in out
    assert "Meetings that drifted: 3." in out
    call_command("check_index", "--repair")
    assert "Queued a reindex of 3 meetings." in capsys.readouterr().out
    call_command("check_index")
    assert "The index matches the database." in capsys.readouterr().out
    assert len(search("rye")) == len(search("millet")) == 1
    assert search("spelt") == []


@pytest.mark.search_engines("whoosh")  # Whoosh's segments and searcher
def test_writes_are_not_compound_and_the_searcher_is_reused(indexed_samarkand, on_commit):
    backend = connections["default"].get_backend()
    files = os.listdir(backend.path)
    assert files and not any(name.endswith(".seg") for name in files)
    first = backend.searcher()
    list(SearchQuerySet().filter(content="ceasefire"))
    assert backend.searcher() is first
    with on_commit():
        TurnFactory(meeting=indexed_samarkand, sequence=4, text="One more ceasefire.")
    assert backend.searcher() is not first
    assert len(search("ceasefire")) == 2


@pytest.mark.search_engines("whoosh")  # Whoosh's per-document reader trap
def test_updates_never_use_update_document(samarkand, monkeypatch):
    from whoosh.writing import SegmentWriter

    def forbidden(*args, **kwargs):
        raise AssertionError("update_document reopens a reader per document")

    monkeypatch.setattr(SegmentWriter, "update_document", forbidden)
    indexing.sync_meetings([samarkand.pk])
    indexing.sync_meetings([samarkand.pk])
    assert len(indexed_ids()) == 3


@pytest.mark.search_engines("whoosh")  # an option of Parley's Whoosh engine
def test_phrase_pairs_find_the_same_turns_by_word_pairs(samarkand, on_commit, monkeypatch):
    from meetings.search.engines.whoosh import backend as whoosh_backend
    from meetings.search.query import parse_query
    from meetings.search.results import Filters, search_turns

    def phrase_hits():
        page = search_turns(parse_query('"very happy to see" OR "stopped through"'), Filters())
        return sorted(hit.pk for hit in page.hits)

    connections.connections_info["default"]["PHRASE_PAIRS"] = False
    connections.reload("default")
    call_command("rebuild_index", "--noinput", "-v0")
    with on_commit():
        TurnFactory(
            meeting=samarkand,
            sequence=4,
            speaker=None,
            label="Question",
            text="Happy to see you? Very much. Stopped, through no fault.",
        )
    plain = phrase_hits()
    assert plain == sorted(samarkand.turns.filter(sequence__in=[1, 4]).values_list("pk", flat=True))

    connections.connections_info["default"]["PHRASE_PAIRS"] = True
    connections.reload("default")
    call_command("rebuild_index", "--noinput", "-v0")
    rewritten = []
    original = whoosh_backend.ParleyWhooshBackend._phrases_as_pairs
    monkeypatch.setattr(
        whoosh_backend.ParleyWhooshBackend,
        "_phrases_as_pairs",
        lambda self, q: rewritten.append(original(self, q)) or rewritten[-1],
    )
    assert phrase_hits() == plain
    pairs = {
        leaf.text
        for leaf in rewritten[-1].leaves()
        if getattr(leaf, "fieldname", None) == whoosh_backend.PAIRS_FIELD
    }
    # Stemmed, every word in its place: a phrase's pairs are the words really side by side.
    assert pairs == {"veri happi", "happi to", "to see", "stopp through"}
