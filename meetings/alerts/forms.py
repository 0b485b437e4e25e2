"""The subscription form: an address, how often, and the search it follows."""

from django import forms

from ..models import Meeting, Person
from ..search.forms import SLUG_RE
from ..search.query import MAX_QUERY_LENGTH, parse_query
from .models import Alert

MAX_SPEAKERS = 5


class AlertForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address", max_length=254)
    frequency = forms.ChoiceField(
        label="How often",
        choices=Alert.Frequency.choices,
        initial=Alert.Frequency.DAILY,
        widget=forms.RadioSelect,
    )
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, widget=forms.HiddenInput)
    speaker = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    country = forms.CharField(required=False, max_length=2, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        required=False, choices=[("", ""), *Meeting.Kind.choices], widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        asked = self.data.getlist("speaker") if self.is_bound else self.initial.get("speaker", [])
        # A malformed slug (`%00`) names no one; PostgreSQL would refuse it in the query.
        wellformed = [slug for slug in asked[:MAX_SPEAKERS] if SLUG_RE.match(slug)]
        known = Person.objects.public().filter(slug__in=wellformed)
        self.fields["speaker"].choices = [(p.slug, p.name) for p in known]

    def clean_q(self):
        return parse_query(self.cleaned_data["q"]).text

    def clean_country(self):
        code = self.cleaned_data["country"].strip().upper()
        if code and not code.isalpha():
            raise forms.ValidationError("Not a country code.")
        return code

    def clean(self):
        data = super().clean()
        # A query of exclusions alone (`-word`) matches nothing by itself: not a search.
        if parse_query(data.get("q") or "").is_empty and not data.get("speaker"):
            raise forms.ValidationError(
                "An alert follows a search or a leader: start from a search or a leader's page."
            )
        return data

    def description(self) -> str:
        """What the alert will follow, in words (from the form's data, or its initial values)."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", None) or self.initial
        country = (data.get("country") or "").strip().upper()
        kind = data.get("kind") or ""
        alert = Alert(
            query=parse_query(data.get("q") or "").text,
            speakers=[slug for slug, _ in self.fields["speaker"].choices],
            country=country if len(country) == 2 and country.isalpha() else "",
            kind=kind if kind in Meeting.Kind.values else "",
        )
        return alert.description
