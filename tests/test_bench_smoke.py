"""The benchmark runs end to end at a tiny size and writes JSON of the documented shape."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgresql://postgres@127.0.0.1:5432"


def _postgres():
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not running at 127.0.0.1:5432")


@pytest.fixture
def bench_database():
    name = f"parley_bench_smoke_{os.getpid()}"
    with _postgres() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    yield f"{SERVER}/{name}"
    with _postgres() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_bench_writes_every_figure(bench_database, tmp_path):
    out = tmp_path / "bench.json"
    env = {**os.environ, "DATABASE_URL": bench_database}
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--turns",
            "300",
            "--out",
            str(out),
            "--seconds",
            "0.5",
            "--import-count",
            "5",
            "--index-dir",
            str(tmp_path / "index"),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    report = json.loads(out.read_text())

    assert report["turns"] == 300 and report["meetings"] > 0
    assert set(report["build"]) == {"index_turns_per_s", "import_transcripts_per_s"}
    for level in ("c1", "c8"):
        figures = report["search_http"][level]
        assert all(_is_number(figures[key]) for key in ("p50_ms", "p95_ms", "p99_ms", "rps"))
    for engine in ("whoosh", "xapian", "postgres_fts"):
        assert all(_is_number(report["search_engine"][engine][k]) for k in ("p50_ms", "p95_ms"))
    for engine in ("whoosh", "xapian"):
        figures = report["engines"][engine]
        assert figures["index_turns_per_s"] > 0
        assert all(_is_number(figures["search_http"]["c1"][k]) for k in ("p50_ms", "p95_ms"))
    assert report["engine"] == "whoosh"
    assert report["search_http"] == report["engines"]["whoosh"]["search_http"]
    api = report["api_search_http"]["c1"]
    assert all(_is_number(api[key]) for key in ("p50_ms", "p95_ms", "p99_ms"))
    for page in ("meeting", "leader", "month", "api_meeting", "api_leader", "api_meeting_list"):
        assert all(_is_number(report["pages_http"][page][k]) for k in ("p50_ms", "p95_ms"))
    assert 0 < report["worker_rss_mb"] < 1000
    assert report["errors"] == 0
    assert all(_is_number(v) and v > 0 for v in report["build"].values())
