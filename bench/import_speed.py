"""Import speed: N synthetic transcripts of about 20 turns each, through the real importer.

    .venv/bin/python bench/import_speed.py [N]

Writes go to the database named by DATABASE_URL (default: PostgreSQL at 127.0.0.1,
database parley_bench, created and migrated first). Index work
is queued (TASKS_BACKEND=database), as in production, so the figure is the importer's own.
Prints transcripts per second; the meetings it made are deleted afterwards.
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/parley_bench")
os.environ.setdefault("DEBUG", "1")
os.environ["TASKS_BACKEND"] = "database"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

from bench.database import ensure_database  # noqa: E402

ensure_database(os.environ["DATABASE_URL"])
django.setup()

from django.core.management import call_command  # noqa: E402

from meetings.models import Meeting, Person  # noqa: E402

SOURCE = "import-speed-bench"
COUNTRIES = ["Russia", "Azerbaijan", "France", "Germany", "India", "Brazil", "Japan", "Egypt"]
FIRST = ["Ivo", "Anna", "Jean", "Ravi", "Lena", "Omar", "Kenji", "Maria", "Pavel", "Sara"]
LAST = ["Marek", "Novak", "Dupont", "Sharma", "Berg", "Haddad", "Sato", "Silva", "Orlov", "Levi"]
WORDS = [
    "we",
    "discussed",
    "trade",
    "energy",
    "security",
    "cooperation",
    "the",
    "region",
    "our",
    "partners",
    "investment",
    "agreement",
    "talks",
    "progress",
    "border",
    "ceasefire",
    "transport",
    "relations",
    "important",
    "continue",
    "support",
    "joint",
    "projects",
    "visit",
    "minister",
    "government",
    "economic",
    "growth",
    "sanctions",
    "peace",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize() + "."


def transcript(rng, n):
    host_c, guest_c = rng.sample(COUNTRIES, 2)
    host = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    guest = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    while guest == host:
        guest = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    lines = [
        f"Talks with President of {guest_c} {guest} ({n})",
        f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2000, 2025)}, Moscow",
        f"The talks took place at the Kremlin. {sentence(rng)}",
        f"President of {host_c} {host}: {sentence(rng)}",
        f"President of {guest_c} {guest}: {sentence(rng)}",
    ]
    for turn in range(18):
        speaker = host if turn % 2 == 0 else guest
        paragraphs = [
            " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 3))
        ]
        lines.append(f"{speaker}: " + "\n\n".join(paragraphs))
    return "\n\n".join(lines) + "\n"


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    call_command("migrate", verbosity=0)
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        for n in range(count):
            Path(folder, f"t{n:05d}.txt").write_text(transcript(rng, n), encoding="utf-8")
        people_before = set(Person.objects.values_list("pk", flat=True))
        started = time.perf_counter()
        call_command("import_transcripts", folder, "--source-name", SOURCE, verbosity=0)
        seconds = time.perf_counter() - started
    made = Meeting.objects.filter(source_name=SOURCE)
    turns = sum(m.turns.count() for m in made[:50]) / max(1, min(50, made.count()))
    print(
        f"imported {made.count()} transcripts (~{turns:.0f} turns each) in {seconds:.1f} s: "
        f"{count / seconds:.1f} transcripts/s"
    )
    made.delete()
    Person.objects.exclude(pk__in=people_before).filter(participations__isnull=True).delete()


if __name__ == "__main__":
    main()
