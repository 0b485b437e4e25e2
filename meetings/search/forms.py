"""The search form: every parameter is optional, and a bad one is dropped with a message."""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Meeting
from .query import MAX_QUERY_LENGTH
from .results import SORT_ORDERS, Filters

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")
MAX_SPEAKERS = 20
# Both engines store a date as its digits (Whoosh parses them back, Xapian compares them as
# strings), so only four-digit years work: Whoosh fails on year 999, and Xapian would put
# 0999 after 2022. Dates outside are moved to the nearest end, with a note.
EARLIEST_DATE = datetime.date(1000, 1, 1)
LATEST_DATE = datetime.date(9999, 12, 31)


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
        bad = [v for v in value if not SLUG_RE.match(v)]
        if bad or len(value) > MAX_SPEAKERS:
            raise forms.ValidationError(_("Unknown speaker."), code="invalid_speaker")


class SearchForm(forms.Form):
    q = QueryField(
        label=_("Search statements"),
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH}),
    )
    speaker = SlugListField(required=False)
    country = forms.CharField(required=False, max_length=2, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Meeting.Kind.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, key.capitalize()) for key in SORT_ORDERS],
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []  # what was changed in the query, to be said on the page
        # `from` is a Python keyword, so these two are added by name.
        date_widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["from"] = forms.DateField(
            label=_("From"), required=False, input_formats=["%Y-%m-%d"], widget=date_widget
        )
        self.fields["to"] = forms.DateField(
            label=_("To"), required=False, input_formats=["%Y-%m-%d"], widget=date_widget
        )

    def clean_from(self):
        return self._within_engine_years("from", _("start date"))

    def clean_to(self):
        return self._within_engine_years("to", _("end date"))

    def _within_engine_years(self, name: str, label: str) -> datetime.date | None:
        value = self.cleaned_data[name]
        if value is None or EARLIEST_DATE <= value <= LATEST_DATE:
            return value
        clamped = min(max(value, EARLIEST_DATE), LATEST_DATE)
        self.notes.append(
            _("Dates are searched from %(earliest)s to %(latest)s: the %(label)s %(value)s "
              "was read as %(clamped)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat(),
               "label": label, "value": value.isoformat(), "clamped": clamped.isoformat()}
        )
        return clamped

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            raise forms.ValidationError(_("Use a two-letter country code."), code="invalid")
        return country

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("from"), data.get("to")
        if date_from and date_to and date_from > date_to:
            self.add_error("to", _("The end date is before the start date."))
        return data

    def value(self, name, default=None):
        """A cleaned value, or the default when it was missing or invalid."""
        if not self.is_bound:
            return default
        self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value in (None, "", []) else value

    def filters(self) -> Filters:
        return Filters(
            speakers=self.value("speaker", []),
            country=self.value("country", ""),
            date_from=self.value("from"),
            date_to=self.value("to"),
            kind=self.value("kind", ""),
        )
