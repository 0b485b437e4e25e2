"""The search form: every parameter is optional, and a bad one is dropped with a message.

Each message names its parameter and the value it could not use ("No leader 'nobody' in
the archive", "From: enter a date as YYYY-MM-DD"); the page says it once, and searches
without that parameter. The form also gives the search's own links: `querystring` (its
valid parameters, changed) and `chips` (each active filter with the link that removes it).
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .. import overview
from ..models import Meeting, Person, country_name
from ..parsing.countries import country_from_name
from .query import MAX_QUERY_LENGTH
from .results import SORT_ORDERS, Filters

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")
MAX_SPEAKERS = 20
# Both engines store a date as its digits (Whoosh parses them back, Xapian compares them as
# strings), so only four-digit years work: Whoosh fails on year 999, and Xapian would put
# 0999 after 2022. Dates outside are moved to the nearest end, with a note.
EARLIEST_DATE = datetime.date(1000, 1, 1)
LATEST_DATE = datetime.date(9999, 12, 31)
# Parameters in the order the page's own links write them.
PARAMETERS = ("q", "speaker", "country", "kind", "from", "to", "sort", "page")


def shown(value: str, length: int = 40) -> str:
    """A parameter's value fit to quote in a message: control characters out, cut short."""
    value = "".join(ch for ch in value if unicodedata.category(ch)[0] != "C").strip()
    return value if len(value) <= length else value[: length - 1] + "…"


@dataclass(frozen=True)
class Chip:
    """An active filter, named (`Speaker: Ilham Aliyev`), and the link that removes it."""

    label: str
    remove_url: str


class QueryField(forms.CharField):
    """Free text: control characters (NUL included) are dropped, never an error."""

    def __init__(self, **kwargs):
        super().__init__(required=False, strip=False, **kwargs)
        self.validators = []

    def to_python(self, value):
        return value or ""


class SlugListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        values = [value] if isinstance(value, str) else list(value)
        return list(dict.fromkeys(v.strip() for v in values if v.strip()))

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_SPEAKERS:
            raise forms.ValidationError(
                _("Speaker: at most %(max)d at once."),
                code="too_many",
                params={"max": MAX_SPEAKERS},
            )


class SearchForm(forms.Form):
    q = QueryField(
        label=_("Search statements"),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    speaker = SlugListField(required=False)
    country = forms.CharField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *Meeting.Kind.choices],
        error_messages={"invalid_choice": _("Kind: '%(value)s' is not a kind of meeting.")},
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, key.capitalize()) for key in SORT_ORDERS],
        error_messages={"invalid_choice": _("Sort: '%(value)s' is not an order.")},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("Page: enter a page number."),
            "min_value": _("Page: enter a page number."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []  # what was changed in the query, to be said on the page
        self.speaker_names: dict[str, str] = {}  # slug: name, of the known speakers asked for
        # `from` is a Python keyword, so these two are added by name.
        date_widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                input_formats=["%Y-%m-%d"],
                widget=date_widget,
                error_messages={
                    "invalid": _("%(label)s: enter a date as YYYY-MM-DD.") % {"label": label}
                },
            )

    def clean_speaker(self):
        """Known speakers only: each unknown one is named in a message and left out."""
        slugs = self.cleaned_data["speaker"]
        wellformed = [slug for slug in slugs if SLUG_RE.match(slug)]
        if wellformed:
            self.speaker_names = dict(
                Person.objects.public().filter(slug__in=wellformed).values_list("slug", "name")
            )
        for slug in slugs:
            if slug not in self.speaker_names:
                self.add_error(
                    "speaker",
                    forms.ValidationError(
                        _("No leader '%(slug)s' in the archive."),
                        code="unknown_speaker",
                        params={"slug": shown(slug)},
                    ),
                )
        return [slug for slug in slugs if slug in self.speaker_names]

    def clean_from(self) -> datetime.date | None:
        return self._within_engine_years("from", _("start date"))

    def clean_to(self) -> datetime.date | None:
        return self._within_engine_years("to", _("end date"))

    def _within_engine_years(self, name: str, label: str | Promise) -> datetime.date | None:
        value = self.cleaned_data[name]
        if value is None or EARLIEST_DATE <= value <= LATEST_DATE:
            return value
        clamped = min(max(value, EARLIEST_DATE), LATEST_DATE)
        self.notes.append(
            _(
                "Dates are searched from %(earliest)s to %(latest)s: the %(label)s %(value)s "
                "was read as %(clamped)s."
            )
            % {
                "earliest": EARLIEST_DATE.isoformat(),
                "latest": LATEST_DATE.isoformat(),
                "label": label,
                "value": value.isoformat(),
                "clamped": clamped.isoformat(),
            }
        )
        return clamped

    def clean_country(self):
        """An ISO code or a country's name (`AZ`, `az`, `Azerbaijan`), as the code."""
        value = self.cleaned_data["country"].strip()
        if not value:
            return ""
        code = value.upper() if re.fullmatch(r"[A-Za-z]{2}", value) else country_from_name(value)
        if not code or not country_name(code):
            raise forms.ValidationError(
                _("No country '%(value)s'."),
                code="unknown_country",
                params={"value": shown(value)},
            )
        if code not in {row["code"] for row in overview.countries_by_meetings()}:
            raise forms.ValidationError(
                _("No leader of %(country)s in the archive."),
                code="country_absent",
                params={"country": country_name(code)},
            )
        return code

    def clean(self) -> dict[str, Any]:
        super().clean()
        date_from, date_to = self.cleaned_data.get("from"), self.cleaned_data.get("to")
        if date_from and date_to and date_from > date_to:
            self.add_error("to", _("To: the end date is before the start date."))
        return self.cleaned_data

    def value(self, name, default=None):
        """A cleaned value, or the default when it was missing or invalid."""
        if not self.is_bound:
            return default
        self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value in (None, "", []) else value

    def querystring(self, **changes) -> str:
        """`?…`: this search's valid parameters, with `changes` (None or "" drops one).

        `from` and `to` are Python keywords: change them with `**{"from": None}`.
        """
        params = {name: self.value(name) for name in PARAMETERS}
        params.update(changes)
        query = QueryDict(mutable=True)
        for name in PARAMETERS:
            value = params[name]
            if isinstance(value, list | tuple):
                query.setlist(name, list(value))
            elif value not in (None, ""):
                query[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return "?" + query.urlencode()

    def chips(self) -> list[Chip]:
        """The active filters, each named, with the link that removes it."""
        chips = []
        speakers = self.value("speaker", [])
        for slug in speakers:
            others = [other for other in speakers if other != slug]
            chips.append(
                Chip(
                    f"Speaker: {self.speaker_names[slug]}",
                    self.querystring(speaker=others, page=None),
                )
            )
        if country := self.value("country"):
            chips.append(
                Chip(f"Country: {country_name(country)}", self.querystring(country=None, page=None))
            )
        if kind := self.value("kind"):
            chips.append(
                Chip(f"Kind: {Meeting.Kind(kind).label}", self.querystring(kind=None, page=None))
            )
        date_from, date_to = self.value("from"), self.value("to")
        if (
            date_from
            and date_to
            and date_from.year == date_to.year
            and (date_from.month, date_from.day, date_to.month, date_to.day) == (1, 1, 12, 31)
        ):
            chips.append(
                Chip(
                    f"Year: {date_from.year}",
                    self.querystring(**{"from": None, "to": None, "page": None}),
                )
            )
        else:
            for name, label, date in (("from", "From", date_from), ("to", "To", date_to)):
                if date:
                    chips.append(
                        Chip(
                            f"{label} {date.day} {date:%B %Y}",
                            self.querystring(**{name: None, "page": None}),
                        )
                    )
        return chips

    def filters(self) -> Filters:
        return Filters(
            speakers=self.value("speaker", []),
            country=self.value("country", ""),
            date_from=self.value("from"),
            date_to=self.value("to"),
            kind=self.value("kind", ""),
        )
