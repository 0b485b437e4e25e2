"""The slowest shapes a query can take, timed on the engine: none may pass 2 s (issue 11).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_bench \\
      .venv/bin/python bench/worst_queries.py --engine whoosh [--index-dir var/bench/index]

Runs against the corpus and index `make bench` left (same database, same index folder):
each shape is the search page's own engine call (`search_turns`: hits, count, facets,
snippets), run `--rounds` times after one warming run; prints the median and the slowest.
The shapes are the longest a query may be (MAX_TERMS words, MAX_QUERY_LENGTH characters)
made of what costs most: broad prefixes, the corpus's commonest words, phrases of words
nearly every statement holds, exclusions, and each with the filters and the date sort.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import BROAD_PREFIXES, SPEAKER, bench_environment, haystack_search  # noqa: E402

PREFIXES = " OR ".join(f"{p}*" for p in BROAD_PREFIXES)


def shapes(common: list[str]) -> list[tuple[str, dict]]:
    """The shapes, `common` being the corpus's 24 commonest words that are searched."""
    return [
        ("24 prefixes OR", {"q": PREFIXES}),
        ("24 prefixes AND", {"q": " ".join(f"{p}*" for p in BROAD_PREFIXES)}),
        ("24 prefixes OR, by a speaker", {"q": PREFIXES, "speaker": SPEAKER}),
        ("24 prefixes OR, five years", {"q": PREFIXES, "from": "2010-01-01", "to": "2014-12-31"}),
        ("24 prefixes OR, newest first", {"q": PREFIXES, "sort": "newest"}),
        ("24 common words AND", {"q": " ".join(common)}),
        ("24 common words OR", {"q": " OR ".join(common)}),
        (
            "12 phrases of stop words OR",
            {"q": " OR ".join(['"of the"', '"in the"', '"to the"'] * 4)},
        ),
        ("a phrase of 24 stop words", {"q": '"' + " ".join(["the", "of", "and", "to"] * 6) + '"'}),
        (
            "a word and 23 exclusions",
            {"q": common[0] + " " + " ".join(f"-{w}" for w in common[1:])},
        ),
        ("a common word, newest first", {"q": common[0], "sort": "newest"}),
    ]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", default="whoosh", choices=["whoosh", "xapian"])
    parser.add_argument("--index-dir", default=str(ROOT / "var" / "bench" / "index"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    os.environ.update(bench_environment(args.index_dir, args.engine))
    import django

    django.setup()
    from bench.corpus import VOCABULARY
    from meetings.search.query import TOO_COMMON

    common = [word for word in VOCABULARY if word not in TOO_COMMON and len(word) > 3][:24]
    figures = {}
    print(f"{args.engine}: the engine alone, ms")
    print(f"{'shape':<34} {'median':>8} {'slowest':>8}  hits")
    for name, params in shapes(common):
        hits = haystack_search(params)
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            haystack_search(params)
            times.append((time.perf_counter() - started) * 1000)
        figures[name] = {
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
        }
        print(f"{name:<34} {statistics.median(times):>8.0f} {max(times):>8.0f}  {hits:,}")
    slowest = max(figures.values(), key=lambda f: f["max_ms"])["max_ms"]
    print(f"slowest of all: {slowest:,.0f} ms ({'within' if slowest <= 2000 else 'over'} 2 s)")
    if args.out:
        Path(args.out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
