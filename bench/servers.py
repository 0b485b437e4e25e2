"""Servers that tests and bench scripts start for themselves, and stop.

Each binds 127.0.0.1 on a free port chosen at run time, keeps its files in a temporary
folder of its own, and is used as a context manager: a PostgreSQL cluster (`initdb` into
that folder; the machine's own server is never touched), gunicorn serving Parley, and
Debian's Caddy running the project's deploy/Caddyfile. Stopping one stops only it.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
CADDYFILE = ROOT / "deploy" / "Caddyfile"
SECRET_KEY = "servers-only-" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2  # noqa: S105


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen | None = None, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production web process (DEBUG off), plus `overrides`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
    }
    env.update(overrides)
    return env


def collect_static(env: dict[str, str]) -> None:
    """collectstatic into env's STATIC_ROOT (DEBUG off serves the manifest's names)."""
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


class PostgresCluster:
    """A PostgreSQL cluster of its own: initdb into a temporary folder, a free port."""

    def __init__(self):
        self.port = free_port()
        self.running = False

    @staticmethod
    def bindir() -> Path:
        found = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
        )
        if found:
            return found[-1].parent
        initdb = shutil.which("initdb")
        if initdb is None:
            raise RuntimeError("initdb not found (apt-get install postgresql)")
        return Path(initdb).parent

    def _run(self, *command: str, **kwargs) -> subprocess.CompletedProcess:
        # initdb and postgres refuse to run as root; as root, run them as `postgres`.
        if os.geteuid() == 0:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)

    def __enter__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="parley-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        bindir = self.bindir()
        self._run(
            str(bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        self.pg_ctl = str(bindir / "pg_ctl")
        self.start()
        return self

    def __exit__(self, *exc):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        self._run(
            self.pg_ctl,
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-o",
            options,
            "-w",
            "start",
        )
        self.running = True

    def stop(self) -> None:
        if self.running:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")
            self.running = False

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        with psycopg.connect(
            self.url().replace("postgres://", "postgresql://", 1), autocommit=True
        ) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)


class Gunicorn:
    """gunicorn serving Parley with `env`, `workers` sync workers, on a free port."""

    def __init__(self, env: dict[str, str], workers: int = 2, timeout: int = 30):
        self.env, self.workers, self.timeout = env, workers, timeout
        self.port = free_port()

    def __enter__(self):
        self.log_file = tempfile.NamedTemporaryFile(prefix="parley-gunicorn-", suffix=".log")
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
                str(self.timeout),
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.process)
        return self

    def __exit__(self, *exc):
        self.stop()
        self.log_file.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> str:
        return Path(self.log_file.name).read_text(errors="replace")

    def worker_pids(self) -> list[int]:
        pids = []
        for status in Path("/proc").glob("[0-9]*/status"):
            with contextlib.suppress(OSError):
                if re.search(rf"^PPid:\s+{self.process.pid}$", status.read_text(), re.M):
                    pids.append(int(status.parent.name))
        return sorted(pids)

    def worker_rss_mb(self) -> list[float]:
        """Each worker's resident memory now, in MB."""
        sizes = []
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                text = Path(f"/proc/{pid}/status").read_text()
                sizes.append(int(re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)[1]) / 1024)
        return [round(size, 1) for size in sizes]


def caddy_version(caddy: str) -> tuple[int, int]:
    out = subprocess.run([caddy, "version"], capture_output=True, text=True, check=True).stdout
    major, minor = re.search(r"v?(\d+)\.(\d+)", out).groups()
    return int(major), int(minor)


def caddyfile_for(version: tuple[int, int]) -> str:
    """deploy/Caddyfile as `version` reads it.

    Caddy 2.7 renamed reverse_proxy's buffering options; Debian 12 ships 2.6, the image 2.x:
    for 2.6 the two size options become its switches and one shared size.
    """
    text = CADDYFILE.read_text()
    if version >= (2, 7):
        return text
    sizes = re.findall(r"^\s*(?:request|response)_buffers (\S+)$", text, re.M)
    text = re.sub(r"^\s*response_buffers \S+\n", "", text, flags=re.M)
    return re.sub(
        r"^(\s*)request_buffers \S+$",
        rf"\1buffer_requests\n\1buffer_responses\n\1max_buffer_size {max(sizes, key=_bytes)}",
        text,
        flags=re.M,
    )


def _bytes(size: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([KMG]?)B?", size.upper()).groups()
    return int(number) * {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[unit]


class Caddy:
    """Debian's caddy running deploy/Caddyfile on free ports, HTTPS with its own authority."""

    def __init__(self, upstream: str, caddy: str = "caddy"):
        self.upstream = upstream
        self.caddy = shutil.which(caddy) or caddy
        self.port, self.http_port = free_port(), free_port()

    def __enter__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="parley-caddy-"))
        config = self.folder / "Caddyfile"
        config.write_text(caddyfile_for(caddy_version(self.caddy)))
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.folder),
            "XDG_DATA_HOME": str(self.folder / "data"),
            "XDG_CONFIG_HOME": str(self.folder / "config"),
            "SITE_ADDRESS": f"https://127.0.0.1:{self.port}",
            "HTTPS_PORT": str(self.port),
            "HTTP_PORT": str(self.http_port),
            "UPSTREAM": self.upstream,
        }
        self.log_file = open(self.folder / "caddy.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [self.caddy, "run", "--config", str(config), "--adapter", "caddyfile"],
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.process)
        self._wait_for_certificate()
        return self

    def _wait_for_certificate(self, seconds: float = 60) -> None:
        """Caddy listens before its authority has issued the certificate: wait for one."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 5) as raw:
                    self.tls_context().wrap_socket(raw).close()
                return
            except (ssl.SSLError, OSError):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.2)

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @staticmethod
    def tls_context() -> ssl.SSLContext:
        """Caddy's local authority is not in the trust store: accept its certificate."""
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
