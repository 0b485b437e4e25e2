"""What a meeting page tells machines: Highwire `citation_*` tags (Zotero, Google Scholar),
schema.org JSON-LD, and Open Graph / Twitter card tags for a shared link."""

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from .citations import SITE_NAME

# Inside <script>, only these could end the element or start markup: escaped as JSON allows.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def description(meeting, statements: int) -> str:
    """A sentence for link previews: its lead, else who met where and when."""
    if meeting.summary.strip():
        return Truncator(" ".join(meeting.summary.split())).words(40)
    people = [p.person.name for p in meeting.participations.all()]
    who = " and ".join(filter(None, [", ".join(people[:-1]), people[-1]])) if people else ""
    where = f" in {meeting.place}" if meeting.place else ""
    said = f": {statements} statement{'s' if statements != 1 else ''}" if statements else ""
    between = f" with {who}" if who else ""
    return (
        f"Transcript of the {meeting.get_kind_display().lower()}{between}{where} "
        f"on {meeting.date.day} {meeting.date:%B %Y}{said}."
    )


def highwire(meeting, url: str) -> list[tuple[str, str]]:
    """`citation_*` meta tags, in the order Zotero's translator reads them."""
    tags = [("citation_title", meeting.title)]
    tags += [("citation_author", p.person.name) for p in meeting.participations.all()]
    tags += [
        ("citation_date", meeting.date.strftime("%Y/%m/%d")),
        ("citation_publication_date", meeting.date.strftime("%Y/%m/%d")),
        ("citation_publisher", meeting.source_name or SITE_NAME),
        ("citation_language", meeting.language),
        ("citation_abstract_html_url", url),
        ("citation_fulltext_html_url", url),
    ]
    return [(name, value) for name, value in tags if value]


def _person(person, url_of, role: str = "") -> dict:
    data = {"@type": "Person", "name": person.name, "url": url_of(person.get_absolute_url())}
    if role:
        data["jobTitle"] = role
    if person.wikidata_id:
        data["sameAs"] = person.wikidata_url
    return data


def json_ld(meeting, turns, url: str, url_of) -> dict:
    """An `Event` with its attendees; its transcript a work whose parts are `Quotation`s.

    `url` is the page's address, `url_of(path)` makes a path absolute, `turns` are the live
    statements in reading order (each with `.participation` from `Meeting.transcript`).
    """
    roles = {p.person_id: p.role for p in meeting.participations.all()}
    transcript = {
        "@type": "CreativeWork",
        "name": f"Transcript: {meeting.title}",
        "url": url,
        "inLanguage": meeting.language,
        "hasPart": [
            {
                "@type": "Quotation",
                "position": turn.sequence,
                "url": f"{url}#{turn.anchor}",
                "text": turn.text,
                "creator": _person(turn.speaker, url_of, roles.get(turn.speaker_id, ""))
                if turn.speaker
                else {"@type": "Person", "name": turn.label},
            }
            for turn in turns
        ],
    }
    if meeting.source_url:
        transcript["isBasedOn"] = meeting.source_url
    licence = meeting.source_licence
    if licence:
        transcript["license"] = licence.url
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "startDate": meeting.date.isoformat(),
        "url": url,
        "eventStatus": "https://schema.org/EventScheduled",
        "attendee": [_person(p.person, url_of, p.role) for p in meeting.participations.all()],
        "subjectOf": transcript,
    }
    if meeting.summary.strip():
        event["description"] = meeting.summary
    if meeting.place:
        event["location"] = {"@type": "Place", "name": meeting.place}
    return event


def ld_json_script(data: dict) -> SafeString:
    """`<script type="application/ld+json">`: a data block, never run, so the CSP allows it;
    `<`, `>` and `&` escaped, so no text inside can close it."""
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))
