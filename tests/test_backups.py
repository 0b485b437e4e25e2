"""Backups: dump the archive, restore it into a fresh database, rebuild the index, lose nothing.

Every table is compared row by row (meetings, turns, people, aliases, the admin's history,
whatever else the schema holds), and the restored archive answers searches as the original.
"""

import json
import subprocess
import sys

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from psycopg import sql

from archive.backups import backups_list
from bench.servers import ROOT, production_env
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

QUERIES = ["ceasefire", '"tripartite commission"', "grain", "ceasefire -line", "nothingmatches"]
SEARCH = """
import json, sys
import django
django.setup()
from meetings.search.forms import SearchForm
from meetings.search.query import parse_query
from meetings.search.results import search_turns
found = {}
for q in json.loads(sys.argv[1]):
    form = SearchForm({"q": q})
    form.is_valid()
    page = search_turns(parse_query(q), form.filters(), sort="relevance")
    found[q] = [[hit.url, hit.speaker_name] for hit in page.hits]
print(json.dumps(found))
"""


def server_url(database_url):
    return database_url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0]


def all_rows(database_url) -> dict[str, list[tuple]]:
    """Every row of every table of the public schema, in a stable order."""
    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: conn.execute(
                sql.SQL("SELECT * FROM {} ORDER BY 1").format(sql.Identifier(table))
            ).fetchall()
            for table in tables
        }


def searches(env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SEARCH, json.dumps(QUERIES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def fresh_database(test_database_url):
    url = f"{test_database_url}_restore"
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{server_url(url)}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield url
    with psycopg.connect(f"{server_url(url)}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def archive(second_transcript, django_user_model):
    """Two indexed meetings, an alias, an editor and an entry in the admin's history."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from meetings.models import PersonAlias

    aliyev = second_transcript.turns.model.objects.get(label__contains="Aliyev").speaker
    PersonAlias.objects.create(person=aliyev, name="Ilham Heydar oglu Aliyev")
    PersonFactory(name="Nikol Pashinyan", country="AM")  # in no meeting yet
    editor = django_user_model.objects.create_user("editor", password="a-long-editor-password")
    LogEntry.objects.log_actions(
        editor.pk, [second_transcript], CHANGE, change_message="Corrected the place."
    )
    assert ContentType.objects.exists()
    return second_transcript


def test_backup_restore_rebuild_loses_nothing(
    archive, tmp_path, test_database_url, fresh_database, search_index
):
    call_command("backup_database", "--dir", str(tmp_path / "backups"), "--keep", "3")
    [backup] = backups_list(directory=tmp_path / "backups")

    env = production_env(
        DATABASE_URL=fresh_database,
        SEARCH_INDEX_PATH=str(tmp_path / "restored-index"),
        CACHE_PATH=str(tmp_path / "cache"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_database", str(backup)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "restored, migrated and indexed" in result.stdout

    original, restored = all_rows(test_database_url), all_rows(fresh_database)
    assert restored == original
    for table in (
        "meetings_meeting",
        "meetings_turn",
        "meetings_person",
        "meetings_personalias",
        "django_admin_log",
    ):
        assert restored[table], f"{table} is empty: the comparison would prove nothing"
    assert any("Ilham Heydar oglu Aliyev" in row for row in restored["meetings_personalias"])

    # Relevance depends on the index's history (an updated turn leaves statistics behind
    # until segments merge), so compare with the original archive freshly indexed too.
    call_command("rebuild_index", "--noinput", verbosity=0)
    before = searches(
        production_env(
            DATABASE_URL=test_database_url,
            SEARCH_INDEX_PATH=search_index,
            CACHE_PATH=str(tmp_path / "cache-before"),
        )
    )
    after = searches(env)
    assert after == before
    assert len(after["ceasefire"]) == 4 and after["nothingmatches"] == []


def test_only_the_newest_backups_are_kept(archive, tmp_path):
    made = []
    for _ in range(4):
        call_command("backup_database", "--dir", str(tmp_path), "--keep", "2")
        made.append(backups_list(directory=tmp_path)[-1])
    assert backups_list(directory=tmp_path) == made[-2:]
    assert not list(tmp_path.glob("*.partial"))


def test_a_restore_refuses_a_database_that_has_tables(archive, tmp_path):
    call_command("backup_database", "--dir", str(tmp_path), "--keep", "1")
    [backup] = backups_list(directory=tmp_path)
    with pytest.raises(CommandError, match="restore into an empty one"):
        call_command("restore_database", str(backup))
