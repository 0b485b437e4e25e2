"""Measure the search's precision and recall on this archive against brute force (audit.py)."""

from django.core.management.base import BaseCommand

from meetings.search.audit import run_audit


class Command(BaseCommand):
    help = "Draw queries from the statements, compare the search's hits with brute force."

    def add_arguments(self, parser):
        parser.add_argument("--queries", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--show", type=int, default=10, help="wrong answers to list")

    def handle(self, *args, queries, seed, show, **options):
        report = run_audit(queries=queries, seed=seed)
        self.stdout.write(f"Engine: {report.engine}")
        self.stdout.write(f"{'kind':<10} {'queries':>8} {'exact':>8}")
        for kind, (count, right) in sorted(report.by_kind().items()):
            self.stdout.write(f"{kind:<10} {count:>8} {right:>8}")
        self.stdout.write(
            f"Precision {report.precision:.2%}, recall {report.recall:.2%} over "
            f"{len(report.cases)} queries ({report.skipped} skipped: over the result window "
            "or cut short as too broad)."
        )
        for case in report.wrong[:show]:
            self.stdout.write(
                f"  {case.q!r} {case.filters}: {len(case.found - case.expected)} wrong, "
                f"{len(case.expected - case.found)} missed"
            )
        if report.wrong:
            self.stderr.write(f"{len(report.wrong)} queries were answered wrongly.")
