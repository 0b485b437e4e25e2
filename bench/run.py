"""Parley's benchmark: one synthetic corpus in PostgreSQL, measured end to end.

    make bench TURNS=100000 OUT=bench.json
    .venv/bin/python bench/run.py --turns 100000 --out bench.json [--seconds 20]

Steps, all against one corpus: generate it (skipped when the database already holds exactly
that corpus), time the importer on a slice of synthetic transcripts, build each search
engine's index (timed), build PostgreSQL full-text search beside them, time the engines
alone on a fixed query mix, then serve the site with gunicorn (2 workers) on each engine
and time the search page at concurrency 1 and 8 and the same searches through the JSON API,
and the meeting, leader and month pages and the API's meeting, leader and meeting lists.
Prints a table and writes JSON to --out.

The engines are Haystack's Whoosh (Parley's default) and Xapian (`--engines`, default
both); the first one listed gives the top-level figures of the JSON, and `engines` holds
each one's own. The database is DATABASE_URL (default: PostgreSQL at 127.0.0.1, database
parley_bench, created and migrated if missing); the indexes live under --index-dir
(default var/bench/index; `--keep-index` searches those a run or bench/memory.py already
built). Nothing touches the development database in var/.
"""

import argparse
import http.client
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/parley_bench"
BENCH_SECRET_KEY = "bench-only-" + "k" * 40  # noqa: S105 - a throwaway server on 127.0.0.1
# The most frequent speaker of the synthetic corpus (the first of its pool of leaders).
SPEAKER = "synthetic-jonas-park"

BROAD_PREFIXES = [
    "sta",
    "con",
    "pre",
    "pro",
    "com",
    "int",
    "dis",
    "rel",
    "sec",
    "eco",
    "coo",
    "dev",
    "agr",
    "cou",
    "gov",
    "nat",
    "min",
    "par",
    "pol",
    "reg",
    "res",
    "tra",
    "inv",
    "ene",
]
# The fixed query mix: the search page's parameters.
QUERIES = [
    ("common word", {"q": "cooperation"}),
    ("rare word", {"q": "javanese"}),
    ("two words", {"q": "energy sanctions"}),
    ("phrase", {"q": '"territorial integrity"'}),
    ("speaker filter", {"q": "investment", "speaker": SPEAKER}),
    ("date range", {"q": "security", "from": "2010-01-01", "to": "2014-12-31"}),
    ("newest first", {"q": "agreement", "sort": "newest"}),
    ("prefix", {"q": "negotiat*"}),
    # The shape that held a worker for 30 s at 28k turns (issue 11): 24 three-letter
    # prefixes joined by OR, now capped in words and time.
    ("24 broad prefixes", {"q": " OR ".join(f"{p}*" for p in BROAD_PREFIXES)}),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=int(os.environ.get("TURNS", 100_000)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=os.environ.get("OUT", "bench.json"))
    parser.add_argument(
        "--seconds", type=float, default=20.0, help="time spent on each HTTP measurement"
    )
    parser.add_argument(
        "--import-count", type=int, default=200, help="transcripts for the import figure"
    )
    parser.add_argument(
        "--engines",
        default="whoosh,xapian",
        help="search engines to measure, comma-separated (the first gives the top-level figures)",
    )
    parser.add_argument("--index-dir", default=str(ROOT / "var" / "bench" / "index"))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="measure only the meeting, leader and month pages (no import, index or search)",
    )
    parser.add_argument(
        "--keep-index",
        action="store_true",
        help="search the indexes already built for this corpus (no build figure)",
    )
    parser.add_argument("--time-engine", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.engines = [name.strip() for name in args.engines.split(",") if name.strip()]

    env = bench_environment(args.index_dir, args.engines[0])
    os.environ.update(env)
    if args.time_engine:
        # A child run: this process's settings name one engine (SEARCH_ENGINE).
        import django

        django.setup()
        print(json.dumps(time_queries(haystack_search, args.seconds)))
        return
    from bench.database import ensure_database

    ensure_database(env["DATABASE_URL"])
    started = time.monotonic()
    report = Bench(args, env).run()
    report["seconds"] = round(time.monotonic() - started, 1)
    print_table(report)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {args.out} ({report['seconds']:.0f} s in all).")


def bench_environment(index_dir, engine) -> dict:
    var = ROOT / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        **engine_environment(index_dir, engine),
        # A cache of this run's own: figures cached for another database must not show.
        "CACHE_PATH": os.environ.get("CACHE_PATH") or tempfile.mkdtemp(prefix="parley-bench-"),
        "STATIC_ROOT": str(var / "static"),
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        # Production settings: DEBUG would keep every SQL query in memory.
        "DEBUG": "0",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
        # One client (this script) sends every request: the per-client limit is not measured.
        "SEARCH_RATE": os.environ.get("SEARCH_RATE", "off"),
        "API_RATE": os.environ.get("API_RATE", "off"),
        "API_SEARCH_RATE": os.environ.get("API_SEARCH_RATE", "off"),
    }


def engine_environment(index_dir, engine) -> dict:
    return {
        "SEARCH_ENGINE": engine,
        "SEARCH_INDEX_PATH": str((Path(index_dir) / engine).resolve()),
    }


class Bench:
    def __init__(self, args, env):
        self.args = args
        self.env = {**os.environ, **env}
        self.by_query = {}
        self.python = sys.executable

    def engine_env(self, engine) -> dict:
        return {**self.env, **engine_environment(self.args.index_dir, engine)}

    def manage(self, *command, capture=False, env=None):
        result = subprocess.run(
            [self.python, str(ROOT / "manage.py"), *command],
            cwd=ROOT,
            env=env or self.env,
            check=True,
            text=True,
            stdout=subprocess.PIPE if capture else None,
        )
        return result.stdout

    def run(self) -> dict:
        self.manage("migrate", "--noinput", "-v0")
        import django

        django.setup()
        self.ensure_corpus()
        if self.args.pages_only:
            return self.run_pages()
        engines = {name: {} for name in self.args.engines}
        report = {"turns": 0, "meetings": 0}
        import_speed = self.import_speed()
        for name, figures in engines.items():
            figures["index_turns_per_s"] = None if self.args.keep_index else self.index_build(name)
        report["turns"], report["meetings"] = self.corpus_size()
        self.build_postgres_fts()
        for name, figures in engines.items():
            figures["query"] = self.time_engine(name)
        postgres = time_queries(postgres_search, self.args.seconds)

        pages, rss, errors = None, [], 0
        for name, figures in engines.items():
            with Server(self.engine_env(name), self.args.workers) as server:
                search_urls = [f"/search/?{urlencode(params)}" for _, params in QUERIES]
                server.load(search_urls * 2, concurrency=2, seconds=0)  # both workers warm
                figures["search_http"] = {
                    level: server.load(
                        search_urls, int(level[1:]), self.args.seconds, percentiles=(50, 95, 99)
                    )
                    for level in ("c1", "c8")
                }
                # The same searches through the JSON API, one client at a time.
                api_urls = [f"/api/v1/search/?{urlencode(params)}" for _, params in QUERIES]
                server.load(api_urls, 1, 0)
                figures["api_search_http"] = {
                    "c1": server.load(api_urls, 1, self.args.seconds, percentiles=(50, 95, 99))
                }
                if pages is None:  # the pages do not depend on the engine
                    page_seconds = max(self.args.seconds / 2, 1)
                    pages = {
                        page: server.load(urls, 1, page_seconds, warm=True)
                        for page, urls in self.page_urls().items()
                    }
                rss.append(server.worker_peak_rss_mb())
                errors += server.errors

        first = engines[self.args.engines[0]]
        report["engine"] = self.args.engines[0]
        report["build"] = {
            "index_turns_per_s": first["index_turns_per_s"],
            "import_transcripts_per_s": import_speed,
        }
        report["search_http"] = first["search_http"]
        report["api_search_http"] = first["api_search_http"]
        report["search_engine"] = {
            **{name: figures["query"]["all"] for name, figures in engines.items()},
            "postgres_fts": postgres["all"],
        }
        report["pages_http"] = pages
        report["worker_rss_mb"] = max(rss)
        report["errors"] = errors
        report["engines"] = {
            name: {
                "index_turns_per_s": figures["index_turns_per_s"],
                "search_http": figures["search_http"],
                "api_search_http": figures["api_search_http"],
                "search_engine": figures["query"]["all"],
            }
            for name, figures in engines.items()
        }
        report["queries"] = [{"name": name, **params} for name, params in QUERIES]
        report["search_engine_by_query"] = {
            **{name: figures["query"]["by_query"] for name, figures in engines.items()},
            "postgres_fts": postgres["by_query"],
        }
        return report

    def run_pages(self) -> dict:
        report = {"turns": 0, "meetings": 0}
        report["turns"], report["meetings"] = self.corpus_size()
        with Server(self.engine_env(self.args.engines[0]), self.args.workers) as server:
            page_seconds = max(self.args.seconds / 2, 1)
            report["pages_http"] = {
                page: server.load(urls, 1, page_seconds, warm=True)
                for page, urls in self.page_urls().items()
            }
            report["worker_rss_mb"] = server.worker_peak_rss_mb()
            report["errors"] = server.errors
        return report

    # The corpus

    def ensure_corpus(self):
        from bench.corpus import SOURCE_NAME
        from meetings.models import Turn

        have = Turn.objects.filter(meeting__source_name=SOURCE_NAME).count()
        if have == self.args.turns:
            print(f"Corpus: reusing the {have} synthetic turns already in the database.")
            return
        started = time.monotonic()
        self.manage("generate_corpus", "--delete", "--keep-index", "-v0")
        self.manage(
            "generate_corpus", "--turns", str(self.args.turns), "--seed", str(self.args.seed), "-v0"
        )
        print(f"Corpus: generated {self.args.turns} turns in {time.monotonic() - started:.0f} s.")

    def corpus_size(self):
        from meetings.models import Meeting, Turn

        published = Meeting.objects.published()
        return Turn.objects.filter(meeting__in=published).count(), published.count()

    # Build

    def import_speed(self) -> float:
        out = subprocess.run(
            [self.python, str(ROOT / "bench" / "import_speed.py"), str(self.args.import_count)],
            cwd=ROOT,
            env=self.env,
            check=True,
            text=True,
            stdout=subprocess.PIPE,
        ).stdout
        print(out.strip())
        return float(re.search(r"([0-9.]+) transcripts/s", out).group(1))

    def index_build(self, engine) -> float:
        started = time.monotonic()
        self.manage("rebuild_index", "--noinput", "-v1", env=self.engine_env(engine))
        seconds = time.monotonic() - started
        from meetings.search.upkeep.indexing import turn_index

        turns = turn_index().index_queryset().count()
        print(
            f"Index ({engine}): {turns} turns in {seconds:.1f} s ({turns / seconds:,.0f} turns/s)."
        )
        return round(turns / seconds, 1)

    def build_postgres_fts(self):
        """The baseline: a tsvector per turn (text, then title and lead), GIN-indexed."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('bench_fts') IS NOT NULL")
            if cursor.fetchone()[0]:
                cursor.execute("SELECT count(*) FROM bench_fts")
                fts_rows = cursor.fetchone()[0]
                cursor.execute(
                    "SELECT count(*) FROM meetings_turn t JOIN meetings_meeting m"
                    " ON m.id = t.meeting_id WHERE m.status = 'published'"
                )
                if fts_rows == cursor.fetchone()[0]:
                    return
            started = time.monotonic()
            cursor.execute("DROP TABLE IF EXISTS bench_fts")
            cursor.execute(
                """
                CREATE TABLE bench_fts AS
                SELECT t.id AS turn_id, t.meeting_id, t.speaker_id, m.date,
                       setweight(to_tsvector('english', t.text), 'A')
                       || setweight(to_tsvector('english', t.label || ' ' || m.title || ' '
                                    || m.place || ' ' || m.summary), 'D') AS document
                FROM meetings_turn t JOIN meetings_meeting m ON m.id = t.meeting_id
                WHERE m.status = 'published'
                """
            )
            cursor.execute("ALTER TABLE bench_fts ADD PRIMARY KEY (turn_id)")
            cursor.execute("CREATE INDEX bench_fts_document ON bench_fts USING gin (document)")
            cursor.execute("CREATE INDEX bench_fts_date ON bench_fts (date DESC, turn_id)")
            cursor.execute("CREATE INDEX bench_fts_speaker ON bench_fts (speaker_id)")
            cursor.execute("ANALYZE bench_fts")
            print(f"PostgreSQL FTS: built in {time.monotonic() - started:.0f} s.")

    # The engines alone

    def time_engine(self, engine) -> dict:
        """Time the mix in a child process whose settings name `engine`."""
        out = subprocess.run(
            [
                self.python,
                str(Path(__file__).resolve()),
                "--time-engine",
                "--seconds",
                str(self.args.seconds),
                "--engines",
                engine,
                "--index-dir",
                self.args.index_dir,
            ],
            cwd=ROOT,
            env=self.engine_env(engine),
            check=True,
            text=True,
            stdout=subprocess.PIPE,
        ).stdout
        return json.loads(out.strip().splitlines()[-1])

    # Pages

    def page_urls(self) -> dict[str, list[str]]:
        from meetings.models import Meeting, Person

        meetings = list(Meeting.objects.published().order_by("pk").only("date", "slug"))
        step = max(1, len(meetings) // 100)
        leaders = list(Person.objects.public().order_by("pk").only("slug"))
        months = sorted({(m.date.year, m.date.month) for m in meetings})
        month_step = max(1, len(months) // 60)
        pages = {
            "meeting": [m.get_absolute_url() for m in meetings[::step]],
            "leader": [p.get_absolute_url() for p in leaders[:: max(1, len(leaders) // 100)]],
            "month": [f"/meetings/{y}/{m:02d}/" for y, m in months[::month_step]],
        }
        # The JSON API: its paths are the site's with /api/v1 in front.
        pages["api_meeting"] = [f"/api/v1{url}" for url in pages["meeting"]]
        pages["api_leader"] = [f"/api/v1{url}" for url in pages["leader"]]
        pages["api_meeting_list"] = [
            "/api/v1/meetings/",
            f"/api/v1/meetings/?page={max(1, len(meetings) // 40)}",
            *[f"/api/v1/meetings/?leader={p.slug}" for p in leaders[:10]],
            *[
                f"/api/v1/meetings/?from={y}-{m:02d}-01&to={y}-{m:02d}-28"
                for y, m in months[::month_step][:10]
            ],
        ]
        return pages


def time_queries(search, seconds) -> dict:
    """Run the mix once to warm up, then for `seconds` (at least three rounds)."""
    for _, params in QUERIES:
        search(params)
    timings, started, rounds = [], time.monotonic(), 0
    by_query = {name: [] for name, _ in QUERIES}
    while rounds < 3 or time.monotonic() - started < seconds:
        for name, params in QUERIES:
            begun = time.perf_counter()
            search(params)
            by_query[name].append(time.perf_counter() - begun)
            timings.append(by_query[name][-1])
        rounds += 1
    return {
        "all": summarise(timings),
        "by_query": {name: summarise(values) for name, values in by_query.items()},
    }


def haystack_search(params):
    """The search page's own query: a page of hits, snippets, facets and the count."""
    from meetings.search.forms import SearchForm
    from meetings.search.query import parse_query
    from meetings.search.results import search_turns

    form = SearchForm(params)
    form.is_valid()
    page = search_turns(
        parse_query(form.value("q", "")), form.filters(), sort=form.value("sort", "relevance")
    )
    return page.count


def postgres_search(params):
    """What a Django team would write: websearch_to_tsquery, ts_rank, ts_headline."""
    from django.db import connection

    where, args = ["f.document @@ q.query"], []
    if "speaker" in params:
        where.append("f.speaker_id = (SELECT id FROM meetings_person WHERE slug = %s)")
        args.append(params["speaker"])
    if "from" in params:
        where.append("f.date BETWEEN %s AND %s")
        args += [params["from"], params["to"]]
    order = "f.date DESC, f.turn_id" if params.get("sort") == "newest" else "rank DESC"
    matches = (
        "FROM bench_fts f, websearch_to_tsquery('english', %s) AS q(query) WHERE "
        + " AND ".join(where)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT t.id, ts_headline('english', t.text, top.query,
                                     'MaxFragments=1, MaxWords=50, MinWords=20'), top.rank
            FROM (SELECT f.turn_id, q.query, ts_rank(f.document, q.query) AS rank
                  {matches} ORDER BY {order} LIMIT 20) AS top
            JOIN meetings_turn t ON t.id = top.turn_id
            ORDER BY top.rank DESC
            """,  # noqa: S608 - fixed SQL; values are parameters
            [params["q"], *args],
        )
        cursor.fetchall()
        cursor.execute(f"SELECT count(*) {matches}", [params["q"], *args])  # noqa: S608
        return cursor.fetchone()[0]


class Server:
    """gunicorn serving the site on a free port of 127.0.0.1, stopped on exit."""

    def __init__(self, env, workers):
        self.env, self.workers = env, workers
        self.errors = 0

    def __enter__(self):
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "archive.wsgi:application",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        previous = signal.getsignal(signal.SIGTERM)
        self._previous_sigterm = previous

        def stop(signum, frame):
            self.stop()
            raise SystemExit(1)

        signal.signal(signal.SIGTERM, stop)
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = self.get(http.client.HTTPConnection("127.0.0.1", self.port), "/")
                if status == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        self.stop()
        signal.signal(signal.SIGTERM, self._previous_sigterm)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @staticmethod
    def get(conn, url):
        conn.request("GET", url)
        response = conn.getresponse()
        body = response.read()
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
        return response.status, body

    def load(self, urls, concurrency, seconds, percentiles=(50, 95), warm=False):
        """Request `urls` in turn from `concurrency` threads for `seconds` (or once each)."""
        if warm:
            self.load(urls, concurrency, 0)
        timings, lock = [], threading.Lock()
        order = itertools.cycle(urls) if seconds else iter(urls)
        stop_at = time.monotonic() + seconds

        def worker():
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            while not seconds or time.monotonic() < stop_at:
                with lock:
                    url = next(order, None)
                if url is None:
                    break
                begun = time.perf_counter()
                try:
                    status, _ = self.get(conn, url)
                except (OSError, http.client.HTTPException):
                    conn.close()
                    status = 0
                elapsed = time.perf_counter() - begun
                with lock:
                    timings.append(elapsed)
                    if status != 200:
                        self.errors += 1
                        print(f"  HTTP {status} for {url}", file=sys.stderr)
            conn.close()

        started = time.monotonic()
        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result = summarise(timings, percentiles)
        if seconds:
            result["rps"] = round(len(timings) / (time.monotonic() - started), 2)
        return result

    def worker_pids(self):
        pids = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.M):
                pids.append(int(status.parent.name))
        return pids

    def worker_peak_rss_mb(self) -> float:
        peaks = []
        for pid in self.worker_pids():
            match = re.search(r"^VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return round(max(peaks, default=0.0), 1)


def percentile(sorted_values, p):
    if not sorted_values:
        return 0.0
    k = (len(sorted_values) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (k - low)


def summarise(timings, percentiles=(50, 95)) -> dict:
    values = sorted(timings)
    result = {f"p{p}_ms": round(percentile(values, p) * 1000, 1) for p in percentiles}
    result["n"] = len(values)
    return result


def print_table(report):
    if "engines" not in report:  # --pages-only
        for page, m in report["pages_http"].items():
            print(f"{page} page: p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms")
        return
    rows = [
        ("turns / meetings", f"{report['turns']:,} / {report['meetings']:,}"),
        ("import", f"{report['build']['import_transcripts_per_s']:,.1f} transcripts/s"),
    ]
    for engine, figures in report["engines"].items():
        built = figures["index_turns_per_s"]
        rows.append(
            (f"index build: {engine}", f"{built:,.0f} turns/s" if built else "kept (--keep-index)")
        )
    for engine, figures in report["engines"].items():
        for level in ("c1", "c8"):
            m = figures["search_http"][level]
            rows.append(
                (
                    f"search page, {engine}, concurrency {level[1:]}",
                    f"p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms, p99 {m['p99_ms']} ms, "
                    f"{m['rps']} req/s",
                )
            )
        m = figures["api_search_http"]["c1"]
        rows.append(
            (
                f"API search, {engine}, concurrency 1",
                f"p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms, p99 {m['p99_ms']} ms",
            )
        )
    for engine, m in report["search_engine"].items():
        rows.append((f"query alone: {engine}", f"p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms"))
    for page, m in report["pages_http"].items():
        rows.append((f"{page} page", f"p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms"))
    rows.append(("web worker peak RSS", f"{report['worker_rss_mb']} MB"))
    width = max(len(name) for name, _ in rows)
    print()
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print("\nQuery alone, p95 ms by query:")
    by_query = report["search_engine_by_query"]
    engines = list(by_query)
    print(f"{'':<16}" + "".join(f"{engine:>14}" for engine in engines))
    for name, _ in QUERIES:
        print(f"{name:<16}" + "".join(f"{by_query[e][name]['p95_ms']:>14}" for e in engines))


if __name__ == "__main__":
    main()
