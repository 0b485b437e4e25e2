"""Index writes, run by the task worker: the index's only writer in production."""

from django_tasks import task

from . import indexing


@task()
def reindex_meetings(meeting_ids: list[int]) -> int:
    return indexing.sync_meetings(meeting_ids)


@task()
def reindex_people(person_ids: list[int]) -> int:
    return indexing.sync_people(person_ids)
