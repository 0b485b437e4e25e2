"""pytest plugin (loaded with `-p tests.pytest_setup`, see pyproject.toml): the test environment.

It runs before pytest-django reads the settings, so it can point them at PostgreSQL.
Tests always run on PostgreSQL: DATABASE_URL when it is set, otherwise the local
server at 127.0.0.1:5432, whose cluster is started when it is installed but stopped.
There is no silent fallback to SQLite.
"""

import os
import shutil
import subprocess
import tempfile
import time

import pytest

LOCAL_URL = "postgres://postgres@127.0.0.1:5432/parley"

HELP = (
    "Parley's tests need PostgreSQL. Start the local server "
    "(`pg_ctlcluster 15 main start` on Debian, or `docker compose up -d db`) "
    "or point DATABASE_URL at one, e.g. DATABASE_URL=postgres://USER@HOST:5432/parley"
)

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("TASKS_BACKEND", "immediate")
# Every test client is one address; tests of the limit set SEARCH_RATE themselves.
os.environ.setdefault("SEARCH_RATE", "off")
os.environ.setdefault("API_RATE", "off")
os.environ.setdefault("API_SEARCH_RATE", "off")
os.environ.setdefault("SEARCH_INDEX_PATH", tempfile.mkdtemp(prefix="parley-test-index-"))
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="parley-test-static-"))
os.environ.setdefault("CACHE_PATH", tempfile.mkdtemp(prefix="parley-test-cache-"))
_url_given = bool(os.environ.get("DATABASE_URL"))
os.environ.setdefault("DATABASE_URL", LOCAL_URL)


def _can_connect(url: str) -> str | None:
    """None when a connection works, else the error text."""
    import psycopg

    try:
        with psycopg.connect(
            url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0] + "/postgres",
            connect_timeout=3,
        ):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)


def _start_local_cluster() -> bool:
    """Start Debian's own PostgreSQL cluster when it is installed but down."""
    if not shutil.which("pg_lsclusters") or not shutil.which("pg_ctlcluster"):
        return False
    listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    started = False
    for line in listing.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[3] == "down":
            result = subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", fields[0], fields[1], "start"],
                capture_output=True,
                text=True,
            )
            started = started or result.returncode == 0
    return started


def pytest_configure(config):
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        raise pytest.UsageError(f"DATABASE_URL={url!r} is not PostgreSQL. {HELP}")
    error = _can_connect(url)
    if error and not _url_given and _start_local_cluster():
        for _ in range(30):
            time.sleep(0.5)
            error = _can_connect(url)
            if not error:
                break
    if error:
        raise pytest.UsageError(f"Cannot reach PostgreSQL ({error}). {HELP}")
