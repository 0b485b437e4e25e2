"""Migration 0008 counts the words of the turns already in the archive."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from meetings.text import word_count

BEFORE = [("meetings", "0008_person_wikidata_id")]
AFTER = [("meetings", "0009_turn_word_count")]


@pytest.mark.django_db(transaction=True)
def test_existing_turns_get_their_word_counts():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        meeting = old.get_model("meetings", "Meeting").objects.create(
            title="Talks", slug="talks", date=datetime.date(2020, 1, 1), status="published"
        )
        texts = ["Don't stop – the pipeline's fine.\n\nYes.", "", "One two three"]
        Turn = old.get_model("meetings", "Turn")
        for n, text in enumerate(texts, start=1):
            Turn.objects.create(meeting=meeting, sequence=n, position=n, label="X", text=text)

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        counted = new.get_model("meetings", "Turn").objects.order_by("sequence")
        assert [turn.word_count for turn in counted] == [word_count(t) for t in texts] == [6, 0, 3]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
