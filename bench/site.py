"""A whole Parley site of its own for the fault and load scripts, torn down afterwards.

`Site(turns=N)` starts a throwaway PostgreSQL cluster (bench.servers: initdb into a
temporary folder, a free port), migrates it, generates N turns (`generate_corpus --seed 1`),
builds the search index in a temporary folder, collects the static files and serves the
site with gunicorn (2 sync workers, DEBUG off, as production). It also hands out what the
scripts ask for: page addresses, an editor's account, Caddy in front.
"""

import contextlib
import http.client
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.servers import ROOT, Caddy, Gunicorn, PostgresCluster, collect_static, production_env

EDITOR, EDITOR_PASSWORD = "faults-editor", "a-long-password-for-the-fault-runs"  # noqa: S105


class Site(contextlib.ExitStack):
    def __init__(self, turns: int, workers: int = 2, engine: str = "whoosh"):
        super().__init__()
        self.turns, self.workers, self.engine = turns, workers, engine

    def __enter__(self):
        super().__enter__()
        folder = Path(self.enter_context(tempfile.TemporaryDirectory(prefix="parley-site-")))
        self.cluster = self.enter_context(PostgresCluster())
        self.env = production_env(
            DATABASE_URL=self.cluster.create_database("parley"),
            SEARCH_ENGINE=self.engine,
            SEARCH_INDEX_PATH=str(folder / "index"),
            STATIC_ROOT=str(folder / "static"),
            CACHE_PATH=str(folder / "cache"),
            # The load comes from one address: the per-client search limit would answer 429.
            SEARCH_RATE="off",
        )
        started = time.monotonic()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("generate_corpus", "--turns", str(self.turns), "--seed", "1", "-v0")
        self.manage("rebuild_index", "--noinput", "-v0")
        self.query(
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_superuser({EDITOR!r}, '', {EDITOR_PASSWORD!r})"
        )
        collect_static(self.env)
        print(
            f"Site: {self.turns:,} turns in a throwaway cluster on port {self.cluster.port}, "
            f"ready in {time.monotonic() - started:.0f} s.",
            flush=True,
        )
        self.web = self.enter_context(Gunicorn(self.env, workers=self.workers))
        return self

    def manage(self, *command: str) -> str:
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command],
            cwd=ROOT,
            env=self.env,
            check=True,
            text=True,
            stdout=subprocess.PIPE,
        ).stdout

    def query(self, code: str) -> str:
        """Run Python with Django set up against this site's database; its printed output."""
        return self.manage("shell", "--no-imports", "-v0", "-c", code).strip()

    def proxy(self) -> Caddy:
        return Caddy(upstream=f"127.0.0.1:{self.web.port}")

    def meeting_paths(self, count: int = 100) -> list[str]:
        out = self.query(
            "from meetings.models import Meeting\n"
            f"meetings = list(Meeting.objects.published().order_by('pk').only('date', 'slug'))\n"
            f"step = max(1, len(meetings) // {count})\n"
            "print('\\n'.join(m.get_absolute_url() for m in meetings[::step]))"
        )
        return out.splitlines()

    def search_paths(self) -> list[str]:
        from bench.run import QUERIES

        return [f"/search/?{urlencode(params)}" for _, params in QUERIES]

    def get(self, path: str, port: int | None = None, timeout: float = 60) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", port or self.web.port, timeout=timeout)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read().decode(errors="replace")
        finally:
            conn.close()
