"""Follow and explore, measured on a synthetic corpus: trends, the network, send_alerts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_follow_bench \\
      .venv/bin/python bench/follow.py --turns 100000 --alerts 10000 [--engine xapian]

Generates the corpus if the database lacks it (`generate_corpus`) and builds the index (unless
`--keep-index`), then times: a trend per query of a fixed mix (engine counts plus words
spoken; first with nothing cached, then again), the who-met-whom figures, and `send_alerts`
for `--alerts` confirmed alerts over "a day" of new statements (the newest `--new-turns`
turns), mail to Django's dummy backend (everything but the SMTP conversation). Prints the
figures; nothing asserts on them.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TREND_QUERIES = [
    "cooperation",
    "javanese",
    "energy sanctions",
    '"territorial integrity"',
    "security",
    "agreement",
    "investment",
    "trade OR energy",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=100_000)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--new-turns", type=int, default=300)
    parser.add_argument("--engine", default="xapian")
    parser.add_argument("--index-dir", default=str(ROOT / "var" / "bench" / "follow-index"))
    parser.add_argument("--keep-index", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/parley_follow_bench")
    os.environ.update(
        {
            "DEBUG": "1",
            "SEARCH_ENGINE": args.engine,
            "SEARCH_INDEX_PATH": args.index_dir,
            "TASKS_BACKEND": "immediate",
            "CACHE_PATH": str(ROOT / "var" / "bench" / "follow-cache"),
            "DJANGO_SETTINGS_MODULE": "archive.settings",
        }
    )
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test.utils import override_settings

    from bench.corpus import VOCABULARY
    from meetings import network
    from meetings.alerts.models import Alert
    from meetings.alerts.sending import alerts_send
    from meetings.models import Person, Turn
    from meetings.search.query import parse_query
    from meetings.search.results import Filters
    from meetings.search.trends import _trend, trend

    call_command("migrate", verbosity=0)
    have = Turn.objects.count()
    if have != args.turns:
        if have:
            call_command("generate_corpus", delete=True, keep_index=True)
        started = time.perf_counter()
        call_command("generate_corpus", turns=args.turns, seed=1)
        print(f"corpus: {args.turns:,} turns in {time.perf_counter() - started:.0f} s")
    if not args.keep_index:
        started = time.perf_counter()
        call_command("rebuild_index", interactive=False, verbosity=0)
        print(f"index ({args.engine}): {time.perf_counter() - started:.0f} s")

    def timed(function) -> float:
        started = time.perf_counter()
        function()
        return (time.perf_counter() - started) * 1000

    def cold_trend(texts, filters):
        cache.clear()
        return trend([parse_query(q) for q in texts], filters)

    def engine_trend(texts, filters):  # words spoken already cached, the trend itself not
        return _trend([parse_query(q) for q in texts], filters, "default")

    cold = [timed(lambda q=q: cold_trend([q], Filters())) for q in TREND_QUERIES]
    warm = [timed(lambda q=q: engine_trend([q], Filters())) for q in TREND_QUERIES * 3]
    three = [
        timed(lambda i=i: engine_trend(TREND_QUERIES[i : i + 3], Filters())) for i in range(0, 6)
    ]
    speaker = Person.objects.order_by("pk").values_list("slug", flat=True).first()
    one = [timed(lambda q=q: cold_trend([q], Filters(speakers=[speaker]))) for q in TREND_QUERIES]
    print(
        f"trend, one query, nothing cached: p50 {statistics.median(cold):.0f} ms, "
        f"max {max(cold):.0f} ms"
    )
    print(
        f"trend, one query, words spoken cached: p50 {statistics.median(warm):.0f} ms, "
        f"p95 {sorted(warm)[int(len(warm) * 0.95) - 1]:.0f} ms, max {max(warm):.0f} ms"
    )
    print(
        f"trend, three queries, words spoken cached: p50 {statistics.median(three):.0f} ms, "
        f"max {max(three):.0f} ms"
    )
    print(
        f"trend, one leader, nothing cached: p50 {statistics.median(one):.0f} ms, "
        f"max {max(one):.0f} ms"
    )
    per_query = ", ".join(f"{q} {ms:.0f}" for q, ms in zip(TREND_QUERIES, warm, strict=False))
    print(f"  per query (ms): {per_query}")

    cache.clear()
    print(
        f"network, whole archive, uncached: {timed(lambda: network.network()):.0f} ms "
        f"({len(network.network().pairs):,} pairs)"
    )

    Alert.objects.all().delete()
    top = Turn.objects.order_by("-pk").values_list("pk", flat=True).first()
    watermark = top - args.new_turns
    rng = random.Random(1)
    words = [w for w in VOCABULARY if len(w) > 3]
    slugs = list(Person.objects.values_list("slug", flat=True))
    from django.utils import timezone

    now = timezone.now()
    alerts = []
    for n in range(args.alerts):
        by_leader = n % 10 == 0
        alerts.append(
            Alert(
                email=f"reader{n}@example.org",
                frequency="daily",
                confirmed_at=now,
                query="" if by_leader else rng.choice(words[:2000]),
                speakers=[rng.choice(slugs)] if by_leader else [],
                watermark=watermark,
            )
        )
    Alert.objects.bulk_create(alerts, batch_size=2000)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        started = time.perf_counter()
        outcome = alerts_send()
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = alerts_send()
        second = time.perf_counter() - started
    print(
        f"send_alerts, {args.alerts:,} alerts over the newest {args.new_turns} turns: "
        f"{first:.1f} s, {len(outcome.sent):,} digests with {outcome.statements:,} "
        f"statements; run again at once: {second:.1f} s, {len(again.sent)} digests"
    )
    Alert.objects.all().delete()


if __name__ == "__main__":
    main()
