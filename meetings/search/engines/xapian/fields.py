"""How Parley's Xapian engine writes an index field, and reads it back.

Analysed text becomes prefixed terms with positions (and stemmed `Z` terms). Every other
field is a whole keyword: a boolean term `<prefix>:<value>`, case kept, and a value slot
holding a sortable form of the value, for sorting, ranges, facets and drift checks.
"""

import datetime
import math
from dataclasses import dataclass

import xapian
from django.utils.encoding import force_str
from haystack.exceptions import SearchBackendError

# Xapian refuses longer terms; a longer keyword keeps its value but cannot be filtered on.
MAX_TERM_BYTES = 245
# Haystack field types indexed as analysed text.
TEXT_TYPES = {"string", "ngram", "edge_ngram", "location", None}


def field_kind(field) -> str:
    """`stored` (never searched), `text`, `keyword` or Haystack's type of a non-text field."""
    if not field.indexed:
        return "stored"
    if field.is_multivalued or hasattr(field, "facet_for"):
        return "keyword"
    if field.field_type in TEXT_TYPES:
        return "text"
    return field.field_type


@dataclass(frozen=True)
class Field:
    """One index field: analysed text, or a keyword, number, boolean or date."""

    name: str
    kind: str  # text, keyword, integer, float, boolean, date, datetime
    prefix: str
    slot: int | None = None
    multivalued: bool = False
    boost: float = 1.0

    def term(self, value) -> str | None:
        term = f"{self.prefix}:{_text(self.kind, value)}"
        return term if len(term.encode()) <= MAX_TERM_BYTES else None

    def value(self, value) -> bytes | str:
        """The form of `value` in this field's slot, which sorts as the values do."""
        if self.kind in ("integer", "float"):
            return xapian.sortable_serialise(float(value))
        if self.kind == "date":
            return as_date(value).strftime("%Y%m%d")
        if self.kind == "datetime":
            return as_datetime(value).strftime("%Y%m%d%H%M%S")
        return _text(self.kind, value)

    def decode(self, raw: bytes):
        if self.kind == "integer":
            return int(xapian.sortable_unserialise(raw))
        if self.kind == "float":
            return xapian.sortable_unserialise(raw)
        text = raw.decode()
        if self.kind == "date":
            return datetime.datetime.strptime(text, "%Y%m%d").date()
        if self.kind == "datetime":
            return datetime.datetime.strptime(text, "%Y%m%d%H%M%S")
        if self.kind == "boolean":
            return text == "true"
        return text

    def after(self, value):
        """The smallest value above `value`: Xapian's value ranges are closed."""
        return self._step(value, 1)

    def before(self, value):
        return self._step(value, -1)

    def _step(self, value, direction):
        if self.kind == "date":
            return as_date(value) + datetime.timedelta(days=direction)
        if self.kind == "datetime":
            return as_datetime(value) + datetime.timedelta(seconds=direction)
        if self.kind == "integer":
            return int(value) + direction
        if self.kind == "float":
            return math.nextafter(float(value), direction * math.inf)
        if direction > 0:
            return force_str(value) + "\0"
        raise SearchBackendError(f"{self.name}__lt is not supported on keywords.")


def _text(kind, value) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "integer":
        return str(int(value))
    return force_str(value)


def as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def as_datetime(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time.min)
    return datetime.datetime.fromisoformat(str(value))
