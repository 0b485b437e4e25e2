"""The path a newcomer takes: `make run` on SQLite, with nothing set in the environment.

The rest of the suite runs on PostgreSQL; this test runs `make run` itself in a
subprocess, with a fresh SQLite database and search index in a temporary folder and only
PATH and HOME from the test's environment (pytest_setup's settings would hide a default
that breaks), then reads the main pages and a search from the server it starts.
"""

import os
import re
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest

from bench.servers import free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Meeting with President of Azerbaijan Ilham Aliyev"


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    """`make run` on a free port; yields the site's address and stops it after the module."""
    folder = tmp_path_factory.mktemp("sqlite-path")
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(folder)),
        "LANG": "C.UTF-8",
        # Only the paths, so the test leaves the checkout's own var/ alone.
        "DATABASE_URL": f"sqlite:///{folder / 'parley.sqlite3'}",
        "SEARCH_INDEX_PATH": str(folder / "whoosh_index"),
        "CACHE_PATH": str(folder / "cache"),
    }
    log = (folder / "make-run.log").open("w")
    server = subprocess.Popen(
        ["make", "--no-print-directory", "run", "HOST=127.0.0.1", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # runserver's autoreloader child goes with it
    )
    try:
        try:
            wait_for_port(port, server, seconds=300)
        except RuntimeError as exc:
            pytest.fail(f"make run did not serve: {exc}\n{(folder / 'make-run.log').read_text()}")
        yield f"http://127.0.0.1:{port}", folder
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        return response.read().decode()


def test_make_run_creates_the_sqlite_database_and_imports_the_sample(make_run):
    site, folder = make_run
    assert (folder / "parley.sqlite3").stat().st_size > 0
    log = (folder / "make-run.log").read_text()
    assert "imported" in log
    assert "Serving Parley at" in log


def test_make_run_serves_the_home_page_with_the_sample_meeting(make_run):
    site, _ = make_run
    home = _get(site + "/")
    assert TITLE in home


def test_make_run_serves_the_sample_meeting_page_with_its_statements(make_run):
    site, _ = make_run
    home = _get(site + "/")
    link = re.search(r'href="(/meetings/2022/09/16/[^"]+/)"', home)
    assert link, "the home page links the sample meeting"
    meeting = _get(site + link.group(1))
    assert TITLE in meeting
    assert "Less than three months have passed since our last meeting" in meeting
    assert "Vladimir Putin" in meeting


def test_make_run_serves_the_leaders_countries_and_about_pages(make_run):
    site, _ = make_run
    leaders = _get(site + "/leaders/")
    assert '<a class="person-name" href="/leaders/ilham-aliyev/">Aliyev, Ilham</a>' in leaders
    assert TITLE in _get(site + "/leaders/ilham-aliyev/")
    assert "Azerbaijan" in _get(site + "/countries/")
    assert "Parley" in _get(site + "/about/")


def test_make_run_finds_a_statement_of_the_sample_by_search(make_run):
    site, _ = make_run
    results = _get(site + "/search/?q=transit")
    assert "transit" in results
    assert "Ilham Aliyev" in results
    assert "no results" not in results.lower()
