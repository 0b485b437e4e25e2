"""Peak memory of index work: the worker publishing a huge transcript, rebuild and check.

    .venv/bin/python bench/memory.py                      # 20 MB, 20,000 turns; 100k corpus
    .venv/bin/python bench/memory.py --turns 2000 --corpus-turns 10000    # a quick run
    .venv/bin/python bench/memory.py --turns 0 --corpus-turns 1000000 --engine xapian \
        --database-url postgres://postgres@127.0.0.1:5432/parley_bench_1m \
        --index-path var/bench/index-1m/xapian      # rebuild and check an archive kept after

Everything runs as production runs it (DEBUG off, the database task queue, one worker) in
a throwaway PostgreSQL cluster (bench.servers: initdb into a temporary folder, a free
port) with the search index in a temporary folder, or in the database and index folder
given (`--database-url`, `--index-path`: both are kept, for other benchmarks to reuse):

1. a generated transcript of `--turns` turns and `--megabytes` MB is imported (published)
   with `import_transcripts`, which queues its index work; then `db_worker --batch` runs
   that work, alone, and its peak resident memory is read (skipped with `--turns 0`);
2. `generate_corpus --turns --corpus-turns` fills the archive (unless it already holds
   that many synthetic turns), and `rebuild_index`, then `check_index`, run over everything.

Each figure is the peak RSS (`VmHWM`) of the command's own process, polled while it runs,
and the peak of the largest process below it (a Whoosh rebuild analyses text in
`--workers` processes, started by a fork server), polled too and read from `wait4`. It
prints a table, and JSON with `--out`.
"""

import argparse
import contextlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import PostgresCluster, production_env  # noqa: E402

SPEAKERS = ("President of Russia Vladimir Putin", "President of Azerbaijan Ilham Aliyev")


def transcript(turns: int, megabytes: float, seed: int = 1) -> str:
    """A Kremlin-style transcript of `turns` turns, just under `megabytes` MB (MiB) in all."""
    from bench.corpus import CorpusGenerator

    generator = CorpusGenerator(seed)
    generator.rng = random.Random(seed)
    budget = int(megabytes * 1024 * 1024) - 4096  # the importer takes 20 MB at most
    lines = [
        "Meeting with President of Azerbaijan Ilham Aliyev",
        "",
        "September 16, 2022, Samarkand",
        "",
        "Talks took place on the sidelines of the summit.",
        "",
    ]
    used = sum(len(line) + 1 for line in lines)
    for number in range(turns):
        label = SPEAKERS[number % 2] if number < 2 else SPEAKERS[number % 2].split(" ", 3)[-1]
        target = (budget - used) // (turns - number)
        text, size = [], len(label) + 4
        while True:
            sentence = generator.sentence()
            if text and size + len(sentence) + 1 > target:
                break
            text.append(sentence)
            size += len(sentence) + 1
        line = f"{label}: {' '.join(text)}"
        lines += [line, ""]
        used += len(line.encode()) + 2
    return "\n".join(lines)


def peak_kb(pid: int) -> int:
    """The peak resident memory (`VmHWM`) of a running process, 0 once it has gone."""
    try:
        found = re.search(r"^VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
    except OSError:
        return 0
    return int(found[1]) if found else 0


def process_table() -> dict[int, tuple[int, float]]:
    """Every running process: its parent, and the processor time it has used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(stat.parent.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    return table


def descendants(pid: int, table: dict[int, tuple[int, float]]) -> dict[int, int]:
    """Every process of `table` below `pid`, with its parent."""
    children: dict[int, list[int]] = {}
    for child, (parent, _) in table.items():
        children.setdefault(parent, []).append(child)
    found: dict[int, int] = {}
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child in children.get(parent, []):
            found[child] = parent
            frontier.append(child)
    return found


class Measured:
    """A command run to its end, with its own peak RSS and its largest child's."""

    def __init__(self, command: list[str], env: dict[str, str]):
        self.command = command
        started = time.monotonic()
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        self.own_kb = 0
        output = []
        reader = threading.Thread(target=lambda: output.append(process.stdout.read()))
        reader.start()
        descendants_kb: dict[int, int] = {}
        # Processor time of the processes below the children, which wait4 does not count.
        grandchildren_cpu: dict[int, float] = {}
        while True:
            # wait4 both reaps the process and gives the peak of it and the children it
            # waited for; processes started by a fork server are polled instead.
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            self.own_kb = max(self.own_kb, peak_kb(process.pid))
            table = process_table()
            for child, parent in descendants(process.pid, table).items():
                descendants_kb[child] = max(descendants_kb.get(child, 0), peak_kb(child))
                if parent != process.pid:
                    grandchildren_cpu[child] = table[child][1]
            time.sleep(0.1)
        process.returncode = os.waitstatus_to_exitcode(status)
        reader.join()
        self.seconds = time.monotonic() - started
        self.output = b"".join(output).decode(errors="replace")
        # ru_maxrss (kB) is the larger of the process's peak and its waited children's.
        self.tree_kb = max(usage.ru_maxrss, self.own_kb, *descendants_kb.values())
        # On a shared machine the processor time says more than the wall clock.
        self.cpu_seconds = usage.ru_utime + usage.ru_stime + sum(grandchildren_cpu.values())
        if process.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{self.output}")

    def figures(self) -> dict:
        return {
            "own_peak_mb": round(self.own_kb / 1024, 1),
            "largest_process_peak_mb": round(self.tree_kb / 1024, 1),
            "seconds": round(self.seconds, 1),
            "cpu_seconds": round(self.cpu_seconds, 1),
        }


def counted(env: dict[str, str], code: str) -> int:
    """The number `code` prints, run by `manage.py shell` in the archive of `env`."""
    found = subprocess.run(
        manage("shell", "-v0", "-c", code),
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(found.stdout.strip().splitlines()[-1])


def synthetic_turns(env: dict[str, str]) -> int:
    """The generated turns the archive of `env` already holds."""
    return counted(
        env,
        "from bench.corpus import SOURCE_NAME; from meetings.models import Turn; "
        "print(Turn.objects.filter(meeting__source_name=SOURCE_NAME).count())",
    )


def manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=20_000, help="turns of the transcript")
    parser.add_argument("--megabytes", type=float, default=20.0, help="size of the transcript")
    parser.add_argument(
        "--corpus-turns", type=int, default=100_000, help="turns of the archive rebuilt (0: none)"
    )
    parser.add_argument("--engine", default="whoosh", choices=["whoosh", "xapian"])
    parser.add_argument("--workers", type=int, default=2, help="rebuild_index --workers")
    parser.add_argument("--out", help="also write the figures as JSON here")
    parser.add_argument("--database-url", help="use (and keep) this database, not a throwaway")
    parser.add_argument("--index-path", help="build (and keep) the index here")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    results = {"turns": args.turns, "megabytes": args.megabytes, "engine": args.engine}
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="parley-memory-"))
        if args.database_url:
            from bench.database import ensure_database

            ensure_database(args.database_url)
            database_url = args.database_url
        else:
            database_url = stack.enter_context(PostgresCluster()).create_database("parley")
        env = production_env(
            DATABASE_URL=database_url,
            SEARCH_ENGINE=args.engine,
            SEARCH_INDEX_PATH=str(Path(args.index_path or Path(folder) / "index").resolve()),
            CACHE_PATH=str(Path(folder) / "cache"),
            TASKS_BACKEND="database",
        )
        subprocess.run(manage("migrate", "--noinput", "-v0"), cwd=ROOT, env=env, check=True)
        steps = {}
        if args.turns:
            path = Path(folder) / "huge.txt"
            path.write_text(transcript(args.turns, args.megabytes))
            size_mb = path.stat().st_size / 1024 / 1024
            print(f"Transcript: {args.turns:,} turns, {size_mb:.1f} MB (MiB).", flush=True)
            results["transcript_mb"] = round(size_mb, 1)
            steps["import"] = manage("import_transcripts", str(path))
            steps["worker"] = manage(
                "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0"
            )
        if args.corpus_turns:
            if synthetic_turns(env) != args.corpus_turns:
                steps["generate_corpus"] = manage(
                    "generate_corpus", "--turns", str(args.corpus_turns), "-v0"
                )
            steps["rebuild_index"] = manage(
                "rebuild_index", "--noinput", "-v0", "--workers", str(args.workers)
            )
            steps["check_index"] = manage("check_index")
        for name, command in steps.items():
            measured = Measured(command, env)
            results[name] = measured.figures()
            print(f"{name}: {json.dumps(results[name])}", flush=True)
            if name == "worker":
                results["worker"]["indexed"] = counted(
                    env,
                    "from meetings.search.upkeep.indexing import indexed_turn_ids; "
                    "print(len(indexed_turn_ids(meeting__gte=0)))",
                )
            if name == "check_index":
                results[name]["report"] = measured.output.strip().splitlines()[-1]

    print(f"\nPeak resident memory (MB), {args.engine}:")
    print(f"{'step':<18} {'own':>8} {'largest':>8} {'seconds':>8} {'cpu s':>8}")
    for name in steps:
        figures = results[name]
        print(
            f"{name:<18} {figures['own_peak_mb']:>8} {figures['largest_process_peak_mb']:>8} "
            f"{figures['seconds']:>8} {figures['cpu_seconds']:>8}"
        )
    if "worker" in results:
        print(f"Worker indexed {results['worker']['indexed']:,} turns of {args.turns:,}.")
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
