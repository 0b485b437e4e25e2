"""The bulk dataset: the whole published archive as files anyone may download.

    meetings.jsonl.gz   one meeting a line, with its participants and statements
                        (the record of a meeting's JSON export, meetings/exports.py)
    turns.csv.gz        one statement a row (the columns of a meeting's CSV export)
    people.json         Popolo: persons (with Wikidata IDs), organizations (countries),
                        posts (the roles printed at meetings) and memberships with dates
    README.md           what each file holds, and the licence of each source
    manifest.json       when it was made, from which state of the archive, sizes, counts

`dataset_export` writes into a folder and replaces each file whole (a temporary file, then
a rename), so a reader never sees half a file. When the archive has not changed since the
folder's manifest was written, it does nothing: re-running it is cheap.
"""

import csv
import datetime
import gzip
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, Max, Min, Prefetch
from django.utils import timezone

from . import exports, overview
from .models import Meeting, MeetingChange, Participation, Person, Turn, country_name

# The statements as `with_transcript` prefetches them for `Meeting.transcript`, less the
# speakers' columns no file holds.
TURNS = Prefetch(
    "turns",
    queryset=Turn.objects.select_related("speaker")
    .order_by("position")
    .defer("speaker__created_at", "speaker__updated_at", "speaker__name_key"),
)

MEETINGS_FILE = "meetings.jsonl.gz"
TURNS_FILE = "turns.csv.gz"
PEOPLE_FILE = "people.json"
README_FILE = "README.md"
MANIFEST_FILE = "manifest.json"
FILES = (MEETINGS_FILE, TURNS_FILE, PEOPLE_FILE, README_FILE)
# Meetings read per query batch: their turns are prefetched together.
BATCH = 200
# gzip's fastest level: at level 5, compressing took a third of the export's time.
COMPRESSION = 1


@dataclass
class Outcome:
    written: bool
    manifest: dict


def archive_state() -> dict:
    """What the dataset was made from: enough to tell whether the archive changed since."""
    published = Meeting.objects.published()
    meetings = published.aggregate(count=Count("id"), updated=Max("updated_at"))
    return {
        "meetings": meetings["count"],
        "meetings_updated": meetings["updated"].isoformat() if meetings["updated"] else None,
        "people_updated": _iso(Person.objects.aggregate(at=Max("updated_at"))["at"]),
        "last_change": MeetingChange.objects.aggregate(id=Max("id"))["id"],
        "statements": overview.totals()["turns"],
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def read_manifest(folder: Path) -> dict | None:
    try:
        return json.loads((Path(folder) / MANIFEST_FILE).read_text())
    except (OSError, ValueError):
        return None


def dataset_export(*, folder: Path, base_url: str = "", force: bool = False) -> Outcome:
    """Write the dataset into `folder` unless it is already up to date with the archive."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    state = archive_state()
    previous = read_manifest(folder)
    if (
        not force
        and previous
        and previous.get("archive") == state
        and previous.get("base_url") == base_url
        and all((folder / name).exists() for name in FILES)
    ):
        return Outcome(written=False, manifest=previous)

    def absolute(path: str) -> str:
        return base_url.rstrip("/") + path

    counts = {"meetings": 0, "statements": 0}
    with (
        _replacing(folder / MEETINGS_FILE, binary=True) as meetings_out,
        _replacing(folder / TURNS_FILE, binary=True) as turns_out,
        gzip.open(meetings_out, "wt", encoding="utf-8", compresslevel=COMPRESSION) as jsonl,
        gzip.open(
            turns_out, "wt", encoding="utf-8", newline="", compresslevel=COMPRESSION
        ) as turns_csv,
    ):
        writer = csv.writer(turns_csv)
        writer.writerow(exports.TURN_COLUMNS)
        for meeting in published_meetings():
            record = exports.meeting_record(meeting, absolute)
            jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
            writer.writerows(exports.turn_rows(meeting, absolute))
            counts["meetings"] += 1
            counts["statements"] += len(record["turns"])
    people = popolo(absolute)
    with _replacing(folder / PEOPLE_FILE) as out:
        json.dump(people, out, ensure_ascii=False, indent=1)
    counts["people"] = len(people["persons"])
    made_at = timezone.now()
    with _replacing(folder / README_FILE) as out:
        out.write(readme(counts, made_at, base_url))
    manifest = {
        "made_at": made_at.isoformat(),
        "base_url": base_url,
        "archive": state,
        "counts": counts,
        "files": {name: (folder / name).stat().st_size for name in FILES},
    }
    with _replacing(folder / MANIFEST_FILE) as out:
        json.dump(manifest, out, indent=1)
    return Outcome(written=True, manifest=manifest)


def published_meetings() -> Iterator[Meeting]:
    """Every published meeting, oldest first, with its transcript: BATCH at a time."""
    ids = list(Meeting.objects.published().order_by("date", "id").values_list("id", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        found = {
            m.id: m
            for m in Meeting.objects.filter(id__in=chunk)
            .defer("raw_text")
            .with_participants()
            .prefetch_related(TURNS, "removed_turns")
        }
        for meeting_id in chunk:
            if meeting_id in found:
                yield found[meeting_id]


def popolo(absolute: Callable[[str], str]) -> dict:
    """People, the countries they represented, the roles they held and when (Popolo)."""
    persons = []
    people = Person.objects.public().prefetch_related("aliases").order_by("sort_name", "id")
    for person in people:
        entry = {
            "id": person.slug,
            "name": person.name,
            "sort_name": person.sort_name,
            "other_names": [{"name": alias.name} for alias in person.aliases.all()],
            "links": [{"url": absolute(person.get_absolute_url()), "note": "Parley"}],
            "identifiers": [],
        }
        if person.wikidata_id:
            entry["identifiers"].append({"scheme": "wikidata", "identifier": person.wikidata_id})
            entry["links"].append({"url": person.wikidata_url, "note": "Wikidata"})
        if person.country:
            entry["national_identity"] = person.country_name
        persons.append(entry)

    rows = (
        Participation.objects.published()
        .exclude(role="")
        .values("person__slug", "role", "country", "person__country")
        .annotate(
            first=Min("meeting__date"),
            last=Max("meeting__date"),
            meetings=Count("meeting", distinct=True),
        )
        .order_by("person__slug", "first", "role")
    )
    organizations: dict[str, dict] = {}
    posts: dict[tuple, dict] = {}
    memberships = []
    for row in rows:
        code = row["country"] or row["person__country"]
        org_id = f"country-{code.lower()}" if code else None
        if org_id and org_id not in organizations:
            organizations[org_id] = {
                "id": org_id,
                "name": country_name(code),
                "classification": "country",
                "identifiers": [{"scheme": "iso3166-1", "identifier": code}],
            }
        key = (row["role"], org_id)
        if key not in posts:
            posts[key] = {
                "id": f"post-{len(posts) + 1}",
                "label": row["role"],
                **({"organization_id": org_id} if org_id else {}),
            }
        memberships.append(
            {
                "person_id": row["person__slug"],
                "post_id": posts[key]["id"],
                **({"organization_id": org_id} if org_id else {}),
                "role": row["role"],
                "start_date": row["first"].isoformat(),
                "end_date": row["last"].isoformat(),
                "note": f"As printed at {row['meetings']} published meeting"
                f"{'s' if row['meetings'] != 1 else ''} between these dates.",
            }
        )
    return {
        "persons": persons,
        "organizations": list(organizations.values()),
        "posts": list(posts.values()),
        "memberships": memberships,
    }


def readme(counts: dict, made_at: datetime.datetime, base_url: str) -> str:
    """The dataset's README: its files, and the licence of each source."""
    lines = [
        "# Parley: the published archive as data",
        "",
        f"Made on {made_at:%Y-%m-%d %H:%M} UTC from {base_url or 'Parley'}: "
        f"{counts['meetings']:,} meetings, {counts['statements']:,} statements, "
        f"{counts.get('people', 0):,} people.",
        "",
        "## Files",
        "",
        f"- `{MEETINGS_FILE}`: gzipped JSON Lines, one published meeting a line, oldest "
        "first: title, date, slug, kind, place, summary, language, url, source (name, url, "
        "licence), participants (name, slug, role, country, wikidata), turns (number, "
        "speaker slug, label, role, marker, text, url) and removed_turns (numbers removed "
        "in corrections, and when).",
        f"- `{TURNS_FILE}`: gzipped CSV, one statement a row: "
        + ", ".join(exports.TURN_COLUMNS)
        + ".",
        f"- `{PEOPLE_FILE}`: Popolo JSON (https://www.popoloproject.com/): persons (with "
        "Wikidata identifiers where known), organizations (the countries they "
        "represented), posts (roles as printed) and memberships (first and last meeting "
        "in each role).",
        "",
        "A statement's `number` is permanent: `url` (the meeting page with `#t<number>`) "
        "cites it, and a number removed in a correction is never given to another.",
        "",
        "## Licences",
        "",
        "Each transcript keeps the licence of its source; cite the source as well as Parley.",
        "",
        "| source | meetings | years | licence |",
        "| --- | --- | --- | --- |",
    ]
    for source in overview.sources():
        licence = (
            f"[{source['licence'].name}]({source['licence'].url})"
            if source["licence"]
            else "the publisher's terms (no open licence stated)"
        )
        years = (
            str(source["first"])
            if source["first"] == source["last"]
            else f"{source['first']}–{source['last']}"
        )
        lines.append(
            f"| {source['name'] or 'unnamed'} | {source['meetings']:,} | {years} | {licence} |"
        )
    lines += [
        "",
        "Parley's own additions (people, numbering, metadata) may be reused freely "
        "with a link to Parley.",
        "",
    ]
    return "\n".join(lines)


class _replacing:
    """Write `path` through a temporary file in the same folder, renamed over it on success."""

    def __init__(self, path: Path, binary: bool = False):
        self.path, self.binary = Path(path), binary

    def __enter__(self):
        fd, self.tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        self.file = os.fdopen(fd, "wb") if self.binary else open(fd, "w", encoding="utf-8")
        return self.file

    def __exit__(self, kind, value, traceback):
        self.file.close()
        if kind is None:
            os.chmod(self.tmp, 0o644)
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)
        return False
