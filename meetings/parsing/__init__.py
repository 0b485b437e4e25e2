"""The transcript parser: pure functions from text to plain data, no database."""

from .countries import country_from_role
from .errors import ParseError, TranscriptError
from .html import html_to_text
from .labels import is_generic_label
from .parser import parse_transcript
from .result import ParsedTranscript, ParsedTurn, Speaker, to_json
from .speaker_identity import role_matches, role_words
from .speakers import split_label

__all__ = [
    "ParseError",
    "ParsedTranscript",
    "ParsedTurn",
    "Speaker",
    "TranscriptError",
    "country_from_role",
    "html_to_text",
    "is_generic_label",
    "parse_transcript",
    "role_matches",
    "role_words",
    "split_label",
    "to_json",
]
