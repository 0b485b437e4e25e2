"""Reading transcript files as they are saved from the web: plain text or HTML pages."""

import re
from pathlib import Path

from .parsing import html_to_text

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".html", ".htm"}
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.IGNORECASE)


class UnreadableSource(ValueError):
    """A file that is not a transcript we can read: binary, too large, not UTF-8."""


def decode_transcript(data: bytes, *, name: str = "the file") -> tuple[str, str]:
    """(text to parse, raw text to keep) from a file's bytes; HTML pages lose their tags."""
    if len(data) > MAX_BYTES:
        raise UnreadableSource(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    if b"\x00" in data[:65536]:
        raise UnreadableSource(f"{name} is binary data (it contains NUL bytes), not a transcript.")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableSource(
            f"{name} is not UTF-8 text (undecodable byte at line {line}); save it as UTF-8."
        ) from exc
    is_html = name.lower().endswith((".html", ".htm")) or _HTML_START.match(data[:512])
    return (html_to_text(raw) if is_html else raw), raw


def expand_paths(patterns: list[str]) -> tuple[list[Path], list[str]]:
    """Files named by paths, folders (searched recursively) and globs; and what matched none."""
    files, missing = [], []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES)
        elif path.is_file():
            found = [path]
        else:
            anchor = Path(path.anchor or ".")
            relative = str(path.relative_to(anchor)) if path.is_absolute() else pattern
            found = sorted(p for p in anchor.glob(relative) if p.is_file())
        if not found:
            missing.append(pattern)
        files.extend(found)
    unique = list(dict.fromkeys(files))
    return unique, missing
