"""Production settings refuse an unsafe configuration; each case starts a fresh interpreter."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 50


def run_check(**env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SEARCH_INDEX_PATH"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "CRITICAL"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "0"}, "SECRET_KEY"),
        ({"DEBUG": "0", "SECRET_KEY": "short", "ALLOWED_HOSTS": "a.org"}, "SECRET_KEY"),
        (
            {"DEBUG": "0", "SECRET_KEY": "django-insecure-" + GOOD_KEY, "ALLOWED_HOSTS": "a.org"},
            "SECRET_KEY",
        ),
        ({"DEBUG": "0", "SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),  # DEBUG is off unless turned on
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "1", "SEARCH_RATE": "sixty"}, "SEARCH_RATE"),
        ({"DEBUG": "1", "SEARCH_RATE": "60/week"}, "SEARCH_RATE"),
    ],
)
def test_production_refuses_unsafe_configuration(env, message):
    result = run_check(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_a_real_key_and_hosts(tmp_path):
    result = run_check(
        DEBUG="0",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="parley.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode == 0, result.stderr


def test_debug_runs_without_any_configuration(tmp_path):
    result = run_check(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert result.returncode == 0, result.stderr


def test_database_and_index_come_from_the_environment(settings):
    from archive import settings as loaded  # as read at start-up, before per-test overrides

    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert str(loaded.SEARCH_INDEX_PATH) == os.environ["SEARCH_INDEX_PATH"]


@pytest.mark.django_db
def test_postgresql_does_not_jit_compile_page_queries():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_search_engine_xapian_has_its_own_default_index(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SEARCH_INDEX_PATH"}
    env.update(DEBUG="1", SEARCH_ENGINE="xapian", DATABASE_URL=f"sqlite:///{tmp_path}/db")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "c = settings.HAYSTACK_CONNECTIONS['default']; print(c['ENGINE'], c['PATH'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "DJANGO_SETTINGS_MODULE": "archive.settings"},
    )
    assert result.returncode == 0, result.stderr
    engine, path = result.stdout.split()
    assert engine == "meetings.search.engines.xapian.backend.ParleyXapianEngine"
    assert path == str(ROOT / "var" / "xapian_index")
