"""Time the archive's pages in-process and name each page's slowest SQL query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley_bench_1m \
        .venv/bin/python bench/profile_pages.py

A quick look at where page time goes on a large corpus (made by `make bench` or
`manage.py generate_corpus`); `make bench` gives the figures over HTTP.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/parley_bench")
# As served: DEBUG off, so templates are parsed once and cached.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "profile-only-" + "k" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench" / "static"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("collectstatic", "--noinput", verbosity=0)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from meetings.models import Meeting, Person  # noqa: E402

VERBOSE = int(os.environ.get("QUERIES", 1))  # the slowest queries shown per page
WIDTH = int(os.environ.get("WIDTH", 150))


def main():
    client = Client(HTTP_HOST="localhost")
    meeting = Meeting.objects.published().order_by("-date").first()
    person = (
        Person.objects.get(slug=os.environ["PERSON"])
        if "PERSON" in os.environ
        else (Person.objects.public().order_by("?").first())
    )
    urls = [
        "/",
        meeting.get_absolute_url(),
        person.get_absolute_url(),
        f"/meetings/{meeting.date.year}/",
        f"/meetings/{meeting.date.year}/{meeting.date.month:02d}/",
        "/leaders/",
        "/countries/",
    ]
    for url in urls:
        client.get(url)  # warm caches and connections
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            ms = (time.perf_counter() - started) * 1000
        print(f"{response.status_code} {ms:7.0f} ms {len(queries):3d} queries  {url}")
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        for query in slowest[:VERBOSE]:
            print(f"    {float(query['time']) * 1000:5.0f} ms: {query['sql'][:WIDTH]}")


if __name__ == "__main__":
    main()
