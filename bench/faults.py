"""Fault runs: break one thing at a time under load, print what users got and whether the
site recovered by itself.

    make faults                                    # every fault, 3,000 generated turns
    .venv/bin/python bench/faults.py --turns 3000 [--only database_restart] [--out f.json]

Every run builds a site of its own (bench/site.py: a throwaway PostgreSQL cluster, initdb
into a temporary folder on a free port, with a generated corpus, served by gunicorn with
2 sync workers and DEBUG off), so the machine's own PostgreSQL is never stopped.

A fault is a function taking the site and the options and returning a `Report`; decorate
it with `@fault` and it runs with the others, in the order written. The report says what
users got (answers counted by HTTP status, 0 for no answer) and whether the site came
back to normal with no manual step (`recovered`: True, False, or None where there was
nothing to recover from).
"""

import argparse
import collections
import dataclasses
import http.client
import http.cookies
import itertools
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.site import EDITOR, EDITOR_PASSWORD, Site  # noqa: E402


@dataclasses.dataclass
class Report:
    name: str
    what: str
    got: list[str]
    recovered: bool | None

    def print(self) -> None:
        print(f"\n== {self.name}: {self.what}")
        for line in self.got:
            print(f"   {line}")
        verdict = {True: "yes", False: "NO", None: "n/a"}[self.recovered]
        print(f"   recovered by itself: {verdict}")


FAULTS: dict[str, Callable[..., Report]] = {}


def fault(function: Callable[..., Report]) -> Callable[..., Report]:
    FAULTS[function.__name__] = function
    return function


# Load: clients requesting pages in turn, every answer recorded with the phase it fell in.


class Load:
    def __init__(self, port: int, paths: list[str], clients: int = 4):
        self.port, self.clients = port, clients
        self.paths = itertools.cycle(paths)
        self.phase = "before"
        self.answers: list[tuple[str, float, int, str]] = []  # phase, time, status, path
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.errors = collections.Counter()
        self.threads = [threading.Thread(target=self._client, daemon=True) for _ in range(clients)]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def mark(self, phase: str) -> None:
        with self.lock:
            self.phase = phase

    def _client(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while not self.stopping.is_set():
            with self.lock:
                path = next(self.paths)
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                status = 0
                self.errors[type(error).__name__] += 1
                time.sleep(0.1)
            with self.lock:
                self.answers.append((self.phase, time.monotonic(), status, path))

    def summary(self, phase: str) -> str:
        statuses = collections.Counter(s for p, _, s, _ in self.answers if p == phase)
        return ", ".join(
            f"{status or 'no answer'} ×{n:,}" for status, n in sorted(statuses.items())
        )


@fault
def database_restart(site: Site, args) -> Report:
    """PostgreSQL stopped under load, then started again; the web workers are left alone."""
    paths = ["/", "/leaders/", *site.meeting_paths(5), *site.search_paths()[:2]]
    master, workers = site.web.process.pid, site.web.worker_pids()
    with Load(site.web.port, paths, clients=args.clients) as load:
        time.sleep(args.phase_seconds)
        load.mark("down")
        site.cluster.stop()
        time.sleep(args.down_seconds)
        site.cluster.start()
        restarted_at = time.monotonic()
        load.mark("after")
        time.sleep(args.phase_seconds)
    after = [(t, s) for p, t, s, _ in load.answers if p == "after"]
    first_ok = next((t - restarted_at for t, s in after if s == 200), None)
    tail = [s for t, s in after if t - restarted_at > args.phase_seconds / 2]
    same = site.web.process.pid == master and site.web.worker_pids() == workers
    down_503 = sum(1 for p, _, s, _ in load.answers if p == "down" and s == 503)
    log = site.web.log
    return Report(
        "database_restart",
        f"PostgreSQL stopped for {args.down_seconds:.0f} s under load ({args.clients} clients)",
        [
            f"before ({args.phase_seconds:.0f} s): {load.summary('before')}",
            f"database down ({args.down_seconds:.0f} s): {load.summary('down')}",
            f"after ({args.phase_seconds:.0f} s): {load.summary('after')}",
            f"client-side errors (no answer): {dict(load.errors) or 'none'}",
            "first 200 after the restart: "
            + (f"{first_ok:.1f} s" if first_ok is not None else "never"),
            f"log: {log.count('Database unavailable, 503')} one-line 503 entries for "
            f"{down_503} 503 answers, {log.count('Traceback')} tracebacks",
            f"gunicorn master and workers the same processes: {'yes' if same else 'no'}",
        ],
        recovered=bool(tail) and all(s == 200 for s in tail) and same,
    )


# Two editors in the admin.


class FormParser(HTMLParser):
    """The fields of the form with id `form_id`, as a browser would submit them."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image"):
                self.fields.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append([self._select, a.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class Editor:
    """One editor's browser: cookies, CSRF token, forms."""

    def __init__(self, port: int):
        self.port, self.cookies = port, http.cookies.SimpleCookie()

    def request(self, method: str, path: str, fields=None) -> tuple[int, str, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())}
        body = None
        if fields is not None:
            pairs = fields.items() if isinstance(fields, dict) else map(tuple, fields)
            body = urlencode(list(pairs))
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"http://127.0.0.1:{self.port}",
                    "Referer": f"http://127.0.0.1:{self.port}{path}",
                }
            )
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        text = response.read().decode(errors="replace")
        conn.close()
        return response.status, response.getheader("Location", ""), text

    def form(self, path: str, form_id: str) -> list[list[str]]:
        status, _, html = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        parser = FormParser(form_id)
        parser.feed(html)
        return parser.fields

    def log_in(self) -> None:
        fields = self.form("/admin/login/", "login-form")
        values = dict(fields) | {"username": EDITOR, "password": EDITOR_PASSWORD}
        status, location, _ = self.request("POST", "/admin/login/?next=/admin/", values)
        if status != 302:
            raise RuntimeError(f"login failed: {status}")


def messages_in(html: str) -> list[str]:
    found = re.findall(r'<li class="(?:success|warning|error|info)">(.*?)</li>', html, re.S)
    errors = re.findall(r'<p class="errornote">(.*?)</p>', html, re.S)
    # The form's own errors, such as a save refused because the meeting changed meanwhile.
    for errorlist in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S):
        errors += re.findall(r"<li>(.*?)</li>", errorlist, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", m).split()) for m in found + errors]


@fault
def concurrent_admin_saves(site: Site, args) -> Report:
    """Two editors open the same meeting; one saves a new title, then the other a new place."""
    meeting_id = site.query(
        "from meetings.models import Meeting; "
        "print(Meeting.objects.published().order_by('pk').values_list('pk', flat=True)[0])"
    )
    path = f"/admin/meetings/meeting/{meeting_id}/change/"
    first, second = Editor(site.web.port), Editor(site.web.port)
    first.log_in()
    second.log_in()
    first_form, second_form = first.form(path, "meeting_form"), second.form(path, "meeting_form")

    def edited(fields, name, value):
        return [[k, value if k == name else v] for k, v in fields] + [["_save", "Save"]]

    original = dict(first_form)
    title = original["title"] + " (corrected by the first editor)"
    place = "Corrected by the second editor"
    answers = []
    for editor, fields in (
        (first, edited(first_form, "title", title)),
        (second, edited(second_form, "place", place)),
    ):
        status, location, html = editor.request("POST", path, fields)
        if status == 302:
            _, _, html = editor.request("GET", location)
        answers.append((status, messages_in(html)))
    saved = json.loads(
        site.query(
            "import json; from meetings.models import Meeting; "
            f"m = Meeting.objects.get(pk={meeting_id}); print(json.dumps([m.title, m.place]))"
        )
    )
    kept_title, kept_place = saved[0] == title, saved[1] == place
    got = [
        f"first editor (title): HTTP {answers[0][0]}, {' '.join(answers[0][1]) or 'no message'}",
        f"second editor (place, from a form opened before the first save): HTTP "
        f"{answers[1][0]}, {' '.join(answers[1][1]) or 'no message'}",
        f"saved now: title {'is the first editor’s' if kept_title else 'REVERTED'}, "
        f"place {'is the second editor’s' if kept_place else 'not the second editor’s'}",
    ]
    if not kept_title and answers[1][0] == 302:
        got.append("the second save silently undid the first (no optimistic locking yet)")
    return Report(
        "concurrent_admin_saves", "two editors save the same meeting", got, recovered=None
    )


# Slow clients.


class Trickler(threading.Thread):
    """Sends request headers a byte at a time and never finishes them."""

    def __init__(self, port: int, tls_context=None):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=120)
        if tls_context is not None:
            self.sock = tls_context.wrap_socket(self.sock)
        self.stopping = threading.Event()

    def run(self):
        for byte in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100_000:
            if self.stopping.wait(0.5):
                return
            try:
                self.sock.sendall(bytes([byte]))
            except OSError:
                return

    def stop(self):
        self.stopping.set()
        self.join()
        self.sock.close()


def timed_home(url_port: int, tls_context=None, timeout: float = 10) -> str:
    started = time.monotonic()
    if tls_context is None:
        conn = http.client.HTTPConnection("127.0.0.1", url_port, timeout=timeout)
    else:
        conn = http.client.HTTPSConnection(
            "127.0.0.1", url_port, timeout=timeout, context=tls_context
        )
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        response.read()
        return f"HTTP {response.status} in {time.monotonic() - started:.2f} s"
    except (TimeoutError, OSError):
        return f"no answer in {timeout:.0f} s"
    finally:
        conn.close()


@fault
def slow_headers(site: Site, args) -> Report:
    """Clients trickling their headers: straight at gunicorn, then behind the proxy."""
    got = []
    clients = site.workers + 1
    tricklers = [Trickler(site.web.port) for _ in range(clients)]
    for client in tricklers:
        client.start()
    time.sleep(1)
    got.append(
        f"gunicorn alone, {clients} slow clients: / got "
        f"{timed_home(site.web.port, timeout=args.wait_seconds)}"
    )
    for client in tricklers:
        client.stop()
    got.append(f"gunicorn alone, slow clients gone: / got {timed_home(site.web.port)}")
    with site.proxy() as caddy:
        context = caddy.tls_context()
        tricklers = [Trickler(caddy.port, context) for _ in range(clients)]
        for client in tricklers:
            client.start()
        time.sleep(1)
        behind = timed_home(caddy.port, context, timeout=args.wait_seconds)
        got.append(f"behind Caddy, {clients} slow clients: / got {behind}")
        for client in tricklers:
            client.stop()
    return Report(
        "slow_headers",
        f"{clients} clients trickling headers, 2 sync workers",
        got,
        recovered=behind.startswith("HTTP 200"),
    )


# The index worker: killed mid-task, an import killed mid-run, the index damaged or deleted.


class IndexWorkerProcess:
    """`manage.py db_worker` against the site, as production runs it (the database queue)."""

    def __init__(self, site: Site):
        self.site = site
        self.env = {
            **site.env,
            "TASKS_BACKEND": "database",
            "INDEX_CHECK_HOURS": "0",
            "INDEX_WATCH_SECONDS": "2",
            "LOG_LEVEL": "INFO",
        }

    def __enter__(self):
        self.log_file = tempfile.NamedTemporaryFile(prefix="parley-worker-", suffix=".log")
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "db_worker",
                "--no-startup-delay",
                "--no-reload",
                "--interval",
                "0.5",
                "-v0",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    @property
    def log(self) -> str:
        return Path(self.log_file.name).read_text(errors="replace")


def manage_with(env: dict[str, str], *command: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
    )
    return (done.stdout + done.stderr).strip()


def task_statuses(site: Site) -> dict[str, int]:
    out = site.query(
        "from collections import Counter\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "print(dict(Counter(DBTaskResult.objects.values_list('status', flat=True))))"
    )
    return eval(out) if out.startswith("{") else {}  # noqa: S307 - our own printed dict


def check_index(site: Site) -> str:
    """check_index's verdict, on one line."""
    out = manage_with(site.env, "check_index")
    lines = [line for line in out.splitlines() if line.strip()]
    return " ".join(lines[-3:])


def wait_for(predicate: Callable[[], bool], seconds: float, step: float = 0.5) -> float | None:
    """Seconds until `predicate()` held, or None if it never did in `seconds`."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate():
            return time.monotonic() - started
        time.sleep(step)
    return None


@fault
def worker_killed_mid_task(site: Site, args) -> Report:
    """The index worker killed (SIGKILL) while reindexing every meeting, then started again."""
    site.query(
        "from django.db.models import Value\n"
        "from django.db.models.functions import Concat\n"
        "from meetings.models import Meeting, Turn\n"
        "from django_tasks_db import DatabaseBackend\n"
        "from meetings.search.upkeep import tasks\n"
        "Turn.objects.update(text=Concat('text', Value(' zebra')))\n"
        "DatabaseBackend('default', {}).enqueue(tasks.reindex_meetings, "
        "[list(Meeting.objects.values_list('pk', flat=True))], {})"
    )
    got = [f"before: every turn changed behind the index's back: {check_index(site)}"]
    with IndexWorkerProcess(site) as worker:
        running = wait_for(lambda: task_statuses(site).get("RUNNING"), 120)
        time.sleep(2)
        worker.kill()
    got.append(
        f"worker killed {2 + (running or 0):.0f} s after it took the task; "
        f"tasks then: {task_statuses(site)}"
    )
    with IndexWorkerProcess(site) as worker:
        done = wait_for(lambda: task_statuses(site) == {"SUCCESSFUL": 1}, args.wait_seconds * 40)
        log = worker.log
    requeued = "Requeued task" in log
    got += [
        f"a new worker: task requeued at start: {'yes' if requeued else 'no'}; "
        + (f"finished {done:.0f} s later" if done is not None else "never finished"),
        f"after: {check_index(site)}",
    ]
    clean = "The index matches the database." in got[-1]
    return Report(
        "worker_killed_mid_task",
        worker_killed_mid_task.__doc__,
        got,
        recovered=bool(done is not None and clean),
    )


def small_transcript(n: int) -> str:
    rng = random.Random(n)
    words = (
        "cooperation",
        "energy",
        "grain",
        "security",
        "border",
        "trade",
        "investment",
        "talks",
        "agreement",
        "region",
        "partners",
        "progress",
        "questions",
    )
    labels = ["President of Russia Vladimir Putin", "President of Ruritania Ivo Marek"]
    lines = [
        f"Talks with President of Ruritania Ivo Marek, round {n}",
        "",
        f"March {1 + n % 28}, {2001 + n % 20}, Moscow",
        "",
    ]
    for turn in range(20):
        label = labels[turn % 2] if turn < 2 else labels[turn % 2].split(" ", 3)[-1]
        text = " ".join(rng.choice(words) for _ in range(60)).capitalize()
        lines += [f"{label}: {text}.", ""]
    return "\n".join(lines)


@fault
def import_killed_mid_run(site: Site, args) -> Report:
    """import_transcripts killed (SIGKILL) halfway through a folder, then run again."""
    folder = Path(tempfile.mkdtemp(prefix="parley-import-"))
    for n in range(args.import_files):
        (folder / f"t{n:04d}.txt").write_text(small_transcript(n), encoding="utf-8")
    count = (
        "from meetings.models import Meeting\n"
        "print(Meeting.objects.filter(title__contains='Ivo Marek, round').count())"
    )
    with IndexWorkerProcess(site) as worker:
        importer = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "import_transcripts", str(folder)],
            cwd=ROOT,
            env=worker.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: int(site.query(count) or 0) >= args.import_files // 3, 300, 0.2)
        importer.send_signal(signal.SIGKILL)
        importer.wait()
        imported = int(site.query(count))
        settled = wait_for(lambda: not task_statuses(site).get("READY"), 300)
        got = [
            f"import killed after {imported} of {args.import_files} files",
            f"the worker then indexed what was imported "
            f"({'in ' + format(settled, '.0f') + ' s' if settled is not None else 'not done'}): "
            f"{check_index(site)}",
        ]
        first_clean = "The index matches the database." in got[-1]
        rerun = manage_with(worker.env, "import_transcripts", str(folder))
        wait_for(lambda: not task_statuses(site).get("READY"), 300)
        time.sleep(1)
        got += [f"import run again: {rerun.splitlines()[0]}", f"after: {check_index(site)}"]
    clean = "The index matches the database." in got[-1]
    return Report(
        "import_killed_mid_run", import_killed_mid_run.__doc__, got, recovered=first_clean and clean
    )


def _search_hits(site: Site) -> str:
    status, body = site.get("/search/?" + urlencode({"q": "cooperation"}))
    found = re.search(r"([\d,]+) statements?", body)
    return f"{status} ({found[1] + ' statements' if found else 'no count'})"


def _damage(site: Site, how: str, args) -> Report:
    from meetings.search.engines import folders

    root = Path(site.env["SEARCH_INDEX_PATH"])
    paths = site.search_paths()[:3]
    with IndexWorkerProcess(site) as worker, Load(site.web.port, paths, clients=2) as load:
        before = _search_hits(site)
        time.sleep(args.phase_seconds / 2)
        load.mark("damaged")
        live = folders.live_folder(root)
        if how == "deleted":
            shutil.rmtree(live)
        else:
            for path in live.iterdir():
                if path.is_file() and "lock" not in path.name.lower():
                    os.truncate(path, path.stat().st_size // 3)
        healed = wait_for(lambda: _search_hits(site) == before, args.wait_seconds * 20, 1)
        load.mark("after")
        time.sleep(args.phase_seconds / 2)
        log = worker.log
    lines = [line for line in log.splitlines() if "index" in line.lower()][:4]
    return Report(
        f"index_{how}",
        f"the live index {how} under search load",
        [
            f"before: {load.summary('before')}; the query: {before}",
            f"index {how}, until the worker mended it: {load.summary('damaged')}",
            "search answered as before again "
            + (f"{healed:.0f} s after the damage" if healed is not None else "never"),
            f"after: {load.summary('after')}; the query: {_search_hits(site)}",
            *[f"worker: {line.strip()[:160]}" for line in lines],
        ],
        recovered=healed is not None,
    )


@fault
def index_truncated(site: Site, args) -> Report:
    """Every file of the live index cut to a third under search load; the worker is running."""
    return _damage(site, "truncated", args)


@fault
def index_deleted(site: Site, args) -> Report:
    """The live index folder deleted under search load; the worker is running."""
    return _damage(site, "deleted", args)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=int(os.environ.get("TURNS", 3000)))
    parser.add_argument("--only", default="", help=f"comma-separated, of: {', '.join(FAULTS)}")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients under load")
    parser.add_argument(
        "--down-seconds", type=float, default=20, help="how long PostgreSQL is down"
    )
    parser.add_argument("--phase-seconds", type=float, default=10, help="load before and after")
    parser.add_argument("--wait-seconds", type=float, default=15, help="patience of a visitor")
    parser.add_argument(
        "--import-files", type=int, default=60, help="transcripts of import_killed_mid_run"
    )
    parser.add_argument("--out", help="also write the reports as JSON here")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(FAULTS)
    unknown = set(names) - set(FAULTS)
    if unknown:
        parser.error(f"unknown faults: {', '.join(sorted(unknown))}")
    reports = []
    with Site(turns=args.turns) as site:
        for name in names:
            report = FAULTS[name](site, args)
            report.print()
            reports.append(report)
    print("\nSummary:")
    for report in reports:
        verdict = {True: "recovered", False: "DID NOT RECOVER", None: "-"}[report.recovered]
        print(f"  {report.name:<24} {verdict}")
    if args.out:
        Path(args.out).write_text(
            json.dumps([dataclasses.asdict(r) for r in reports], indent=2) + "\n"
        )
    return 0 if all(r.recovered is not False for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
