"""`manage.py parse_transcript FILE [--json]`: parse a transcript and print the result (dry run)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.parsing import ParseError, html_to_text, parse_transcript, to_json

_PREVIEW = 100


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data:
        raise CommandError(f"{source} is a binary file, not a transcript", returncode=2)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError(f"{source} is not UTF-8 text", returncode=2)


def _is_html(path: str, text: str) -> bool:
    head = text.lstrip()[:200].casefold()
    return path.casefold().endswith((".html", ".htm")) or head.startswith(("<!doctype", "<html"))


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _PREVIEW else flat[: _PREVIEW - 1].rstrip() + "…"


class Command(BaseCommand):
    help = "Parse a transcript file (or - for stdin) and print what would be imported."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .txt or .html transcript, or - for standard input")
        parser.add_argument("--json", action="store_true", help="print the parse as JSON")

    def handle(self, *args, **options):
        path = options["file"]
        source = "standard input" if path == "-" else path
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise CommandError(f"cannot read {source}: {reason}", returncode=2) from exc
        text = _decode(data, source)
        if _is_html(path, text):
            text = html_to_text(text)
        try:
            parsed = parse_transcript(text)
        except ParseError as exc:
            raise CommandError(f"{source}: {exc}", returncode=2) from exc
        if options["json"]:
            self.stdout.write(json.dumps(to_json(parsed), ensure_ascii=False, indent=2))
            return
        self._print(parsed)

    def _print(self, parsed) -> None:
        out = self.stdout.write
        out(f"Title:  {parsed.title or '—'}")
        out(f"Date:   {parsed.date.isoformat() if parsed.date else '— (none found)'}")
        out(f"Place:  {parsed.place or '—'}")
        out(f"Intro:  {_preview(parsed.intro) if parsed.intro else '—'}")
        out("")
        out(f"Speakers ({len(parsed.speakers)}):")
        for speaker in parsed.speakers:
            details = ", ".join(
                filter(None, [speaker.role, speaker.country, "generic" if speaker.generic else ""])
            )
            out(f"  {speaker.name}" + (f" ({details})" if details else ""))
        out("")
        out(f"Turns ({len(parsed.turns)}):")
        for number, turn in enumerate(parsed.turns, start=1):
            marker = f" [{turn.marker}]" if turn.marker else ""
            out(f"  {number:>3}. line {turn.line}: {turn.speaker}{marker}: {_preview(turn.text)}")
        out("")
        out(f"Warnings ({len(parsed.warnings)}):")
        for warning in parsed.warnings:
            out(f"  - {warning}")
