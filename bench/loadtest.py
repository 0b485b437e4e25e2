"""Load test: wrk against the home, meeting and search pages, then a soak.

    make loadtest                                   # 10,000 turns, 30 s a run, 3-minute soak
    .venv/bin/python bench/loadtest.py --turns 3000 --seconds 10 --soak-seconds 30

Builds a site of its own (bench/site.py: a throwaway PostgreSQL cluster with a generated
corpus, gunicorn with 2 sync workers and DEBUG off), then drives each page with wrk at 8,
32 and 64 connections, and soaks the three together at 32 connections for SOAK_SECONDS
(default 180). Prints requests/s, p50 and p99 latency, errors (answers that are not 2xx,
counted by bench/loadtest.lua, plus socket errors and timeouts) and the web workers'
resident memory before and after; `--out` also writes the figures as JSON. The meeting
pages are 100 meetings spread over the corpus, the search pages the query mix of
bench/run.py. `--proxy` puts Caddy (deploy/Caddyfile) in front, as production has it.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.site import Site  # noqa: E402

SCRIPT = ROOT / "bench" / "loadtest.lua"


def wrk(url: str, paths: list[str], connections: int, seconds: float) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        out = subprocess.run(
            [
                "wrk",
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{seconds:.0f}s",
                "--timeout",
                "30s",
                "-s",
                str(SCRIPT),
                url,
            ],
            env={**os.environ, "PATHS_FILE": listing.name},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["rps"] = round(figures["requests"] / figures["seconds"], 1)
    figures["errors"] = figures["non_2xx"] + figures["socket_errors"] + figures["timeouts"]
    return figures


def row(name: str, level: int | str, f: dict) -> str:
    return (
        f"{name:<9} {level!s:>5} {f['rps']:>9,.1f} {f['p50_ms']:>9,.1f} {f['p99_ms']:>9,.1f}"
        f" {f['errors']:>7,}  ({f['non_2xx']} not 2xx, {f['socket_errors']} socket, "
        f"{f['timeouts']} timeouts)"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=int(os.environ.get("TURNS", 10_000)))
    parser.add_argument("--seconds", type=float, default=30, help="length of each wrk run")
    parser.add_argument("--levels", default="8,32,64", help="connections, comma-separated")
    parser.add_argument(
        "--soak-seconds", type=float, default=float(os.environ.get("SOAK_SECONDS", 180))
    )
    parser.add_argument("--soak-connections", type=int, default=32)
    parser.add_argument("--proxy", action="store_true", help="through Caddy, over HTTPS")
    parser.add_argument("--out", help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (apt-get install wrk)")
    levels = [int(level) for level in args.levels.split(",")]

    with Site(turns=args.turns) as site:
        pages = {"home": ["/"], "meeting": site.meeting_paths(100), "search": site.search_paths()}
        proxy = site.enter_context(site.proxy()) if args.proxy else None
        url = proxy.url if proxy else site.web.url
        for paths in pages.values():  # every worker has opened its index and cache
            wrk(url, paths, 2, 2)
        report = {
            "turns": args.turns,
            "proxy": bool(proxy),
            "seconds": args.seconds,
            "rss_mb_before": site.web.worker_rss_mb(),
            "runs": {},
        }
        print(f"\nworkers' RSS before: {report['rss_mb_before']} MB")
        print(f"{'page':<9} {'conns':>5} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7}")
        for name, paths in pages.items():
            for level in levels:
                figures = wrk(url, paths, level, args.seconds)
                report["runs"][f"{name}@{level}"] = figures
                print(row(name, level, figures), flush=True)
        report["rss_mb_after_runs"] = site.web.worker_rss_mb()
        mixed = pages["home"] + pages["meeting"] + pages["search"] * 5
        soak = wrk(url, mixed, args.soak_connections, args.soak_seconds)
        report["soak"] = {
            **soak,
            "connections": args.soak_connections,
            "seconds": args.soak_seconds,
        }
        print(
            row("soak", args.soak_connections, soak)
            + f"  for {args.soak_seconds:.0f} s, all three pages"
        )
        report["rss_mb_after"] = site.web.worker_rss_mb()
        print(
            f"workers' RSS after the runs: {report['rss_mb_after_runs']} MB, "
            f"after the soak: {report['rss_mb_after']} MB"
        )
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
