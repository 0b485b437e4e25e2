"""A meeting as data: a JSON record, CSV rows (one per statement), plain text, and Akoma
Ntoso 3.0 XML (a `debate`); and a search's hits as CSV rows and JSON Lines.

Pure functions over a meeting whose participants and transcript are prefetched
(`with_participants().with_transcript()`), so an export costs the page's queries. The JSON
record is also each line of the bulk dataset (`export_dataset`).
"""

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator

import langcodes
from django.utils.html import strip_tags

from .citations import SITE_NAME

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
# Search exports stop here: engines count exactly up to 5,000 matches (README, Search).
SEARCH_EXPORT_LIMIT = 5000

TURN_COLUMNS = [
    "meeting_date",
    "meeting_slug",
    "meeting_title",
    "number",
    "speaker",
    "speaker_slug",
    "label",
    "role",
    "marker",
    "text",
    "url",
]
HIT_COLUMNS = [
    "date",
    "meeting_title",
    "number",
    "speaker",
    "label",
    "role",
    "country",
    "place",
    "text",
    "url",
]


def live_turns(meeting) -> list:
    """The statements in reading order, with `.participation` (see Meeting.transcript);
    kept on the meeting, since an export may walk them more than once."""
    if not hasattr(meeting, "_live_turns"):
        meeting._live_turns = [
            item for item in meeting.transcript() if not getattr(item, "is_removed", False)
        ]
    return meeting._live_turns


def meeting_record(meeting, absolute: Callable[[str], str]) -> dict:
    """Everything public about a meeting, as JSON-ready data; `absolute(path)` gives URLs."""
    url = absolute(meeting.get_absolute_url())
    licence = meeting.source_licence
    return {
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "slug": meeting.slug,
        "kind": meeting.kind,
        "place": meeting.place,
        "summary": meeting.summary,
        "language": meeting.language,
        "url": url,
        "source": {
            "name": meeting.source_name,
            "url": meeting.source_url,
            "licence": licence.name if licence else None,
            "licence_url": licence.url if licence else None,
        },
        "participants": [
            {
                "name": p.person.name,
                "slug": p.person.slug,
                "role": p.role,
                "country": p.country or p.person.country,
                "wikidata": p.person.wikidata_id or None,
            }
            for p in meeting.participations.all()
        ],
        "turns": [
            {
                "number": turn.sequence,
                "speaker": turn.speaker.slug if turn.speaker else None,
                "label": turn.label,
                "role": turn.participation.role if turn.participation else "",
                "marker": turn.marker,
                "text": turn.text,
                "url": f"{url}#{turn.anchor}",
            }
            for turn in live_turns(meeting)
        ],
        "removed_turns": [
            {"number": removed.number, "removed_at": removed.removed_at.isoformat()}
            for removed in meeting.removed_turns.all()
        ],
    }


def turn_rows(meeting, absolute: Callable[[str], str]) -> Iterator[list]:
    url = absolute(meeting.get_absolute_url())
    for turn in live_turns(meeting):
        yield [
            meeting.date.isoformat(),
            meeting.slug,
            meeting.title,
            turn.sequence,
            turn.speaker.name if turn.speaker else "",
            turn.speaker.slug if turn.speaker else "",
            turn.label,
            turn.participation.role if turn.participation else "",
            turn.marker,
            turn.text,
            f"{url}#{turn.anchor}",
        ]


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def plain_text(meeting, absolute: Callable[[str], str]) -> str:
    """The transcript to read or quote from: a heading, then each statement numbered."""
    url = absolute(meeting.get_absolute_url())
    lines = [
        meeting.title,
        f"{meeting.date.day} {meeting.date:%B %Y}"
        + (f", {meeting.place}" if meeting.place else ""),
    ]
    if meeting.source_name or meeting.source_url:
        lines.append(
            "Source: " + ", ".join(filter(None, [meeting.source_name, meeting.source_url]))
        )
    if meeting.source_licence:
        lines.append(f"Licence: {meeting.source_licence.name} ({meeting.source_licence.url})")
    lines += [f"{SITE_NAME}: {url}", ""]
    if meeting.summary.strip():
        lines += [meeting.summary.strip(), ""]
    for turn in live_turns(meeting):
        role = turn.participation.role if turn.participation else ""
        speaker = turn.speaker.name if turn.speaker else turn.label
        heading = f"[{turn.sequence}] {speaker}" + (f" ({role})" if role else "")
        if turn.marker:
            heading += f" [{turn.marker}]"
        lines += [heading + ":", *[p.strip() for p in turn.paragraphs], ""]
    return "\n".join(lines).rstrip() + "\n"


def _alpha3(tag: str) -> str:
    try:
        return langcodes.Language.get(tag).to_alpha3()
    except (LookupError, ValueError):
        return "und"


def akoma_ntoso(meeting, absolute: Callable[[str], str]) -> bytes:
    """The meeting as an Akoma Ntoso 3.0 `debate` (OASIS LegalDocML), one `speech` per
    statement, each speaker a `TLCPerson`; valid against the official schema (tests)."""
    ET.register_namespace("", AKN)

    def el(parent, tag, text=None, **attrs):
        node = ET.SubElement(parent, f"{{{AKN}}}{tag}", {k: str(v) for k, v in attrs.items()})
        if text is not None:
            node.text = text
        return node

    turns = live_turns(meeting)
    participations = list(meeting.participations.all())
    country = (
        next(
            (
                p.country or p.person.country
                for p in participations
                if p.country or p.person.country
            ),
            "",
        ).lower()
        or "un"
    )
    date = meeting.date.isoformat()
    language = _alpha3(meeting.language)
    work = f"/akn/{country}/debate/{date}/{meeting.slug}"
    expression = f"{work}/{language}@"
    manifestation = f"{expression}/!main.xml"

    root = ET.Element(f"{{{AKN}}}akomaNtoso")
    debate = el(root, "debate", name=meeting.kind)
    meta = el(debate, "meta")
    identification = el(meta, "identification", source="#parley")
    for level, this, uri, author in (
        ("FRBRWork", f"{work}/!main", work, "#source"),
        ("FRBRExpression", f"{expression}/!main", expression, "#source"),
        ("FRBRManifestation", manifestation, manifestation, "#parley"),
    ):
        frbr = el(identification, level)
        el(frbr, "FRBRthis", value=this)
        el(frbr, "FRBRuri", value=uri)
        el(frbr, "FRBRdate", date=date, name="meeting")
        el(frbr, "FRBRauthor", href=author)
        if level == "FRBRWork":
            el(frbr, "FRBRcountry", value=country)
        if level == "FRBRExpression":
            el(frbr, "FRBRlanguage", language=language)

    references = el(meta, "references", source="#parley")
    el(
        references,
        "TLCOrganization",
        eId="parley",
        href="/ontology/organization/parley",
        showAs=SITE_NAME,
    )
    el(
        references,
        "TLCOrganization",
        eId="source",
        href="/ontology/organization/source",
        showAs=meeting.source_name or SITE_NAME,
    )
    speakers: dict[str, str] = {}  # label or slug → eId
    for p in participations:
        speakers[p.person.slug] = f"person_{p.person.slug}"
        el(
            references,
            "TLCPerson",
            eId=speakers[p.person.slug],
            href=f"/ontology/person/{p.person.slug}",
            showAs=p.person.name,
        )
    generic = 0
    for turn in turns:
        if turn.speaker is None and turn.label not in speakers:
            generic += 1
            speakers[turn.label] = f"speaker_{generic}"
            el(
                references,
                "TLCPerson",
                eId=speakers[turn.label],
                href=f"/ontology/person/speaker-{generic}",
                showAs=turn.label,
            )
        elif turn.speaker is not None and turn.speaker.slug not in speakers:
            speakers[turn.speaker.slug] = f"person_{turn.speaker.slug}"
            el(
                references,
                "TLCPerson",
                eId=speakers[turn.speaker.slug],
                href=f"/ontology/person/{turn.speaker.slug}",
                showAs=turn.speaker.name,
            )

    preface = el(debate, "preface")
    el(el(preface, "p"), "docTitle", meeting.title)
    when = el(preface, "p")
    el(when, "docDate", f"{meeting.date.day} {meeting.date:%B %Y}", date=date)
    if meeting.place:
        el(el(preface, "p"), "location", meeting.place, refersTo="#place")
    body = el(debate, "debateBody")
    section = el(body, "debateSection", eId="dbsect_1", name="transcript")
    el(section, "heading", meeting.title)
    for paragraph in meeting.summary_paragraphs:
        el(section, "narrative", paragraph.strip())
    for turn in turns:
        key = turn.speaker.slug if turn.speaker else turn.label
        speech = el(
            section, "speech", eId=f"dbsect_1__speech_{turn.sequence}", by=f"#{speakers[key]}"
        )
        el(speech, "from", turn.speaker.name if turn.speaker else turn.label)
        for paragraph in turn.paragraphs:
            el(speech, "p", paragraph.strip())
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def hit_rows(hits: Iterable, absolute: Callable[[str], str]) -> Iterator[list]:
    for hit in hits:
        yield [
            hit.date.isoformat(),
            _plain(hit.meeting_title),
            hit.number,
            hit.speaker_name,
            hit.label,
            hit.role,
            hit.country,
            hit.place,
            hit.text,
            absolute(hit.url),
        ]


def hit_lines(hits: Iterable, absolute: Callable[[str], str]) -> Iterator[str]:
    for row in hit_rows(hits, absolute):
        yield json.dumps(dict(zip(HIT_COLUMNS, row, strict=True)), ensure_ascii=False) + "\n"


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV a row at a time, for a streamed answer."""
    yield csv_text(header, [])
    for row in rows:
        out = io.StringIO()
        csv.writer(out).writerow(row)
        yield out.getvalue()


def _plain(marked: str) -> str:
    return html.unescape(strip_tags(marked))
