"""The benchmark's Django app: only the `generate_corpus` command, kept out of `meetings`."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmarks"
