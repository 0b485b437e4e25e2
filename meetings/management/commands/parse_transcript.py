"""`manage.py parse_transcript FILE [--json]`: parse a transcript and print the result (dry run)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.parsing import ParseError, parse_transcript, to_json
from meetings.sources import UnreadableSource, decode_transcript

_PREVIEW = 100


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
        try:
            # The importer's own reading, so a dry run accepts exactly what an import would.
            text, _raw = decode_transcript(data, name=source)
        except UnreadableSource as exc:
            raise CommandError(str(exc), returncode=2) from exc
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
