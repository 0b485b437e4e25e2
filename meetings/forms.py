"""Forms for the editors' transcript import page."""

import hashlib

from django import forms

from .models import Meeting
from .services import NEW_PERSON, NO_PERSON
from .sources import UnreadableSource, decode_transcript


class TranscriptImportForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100, "spellcheck": "false"}),
        required=False,
        label="Paste the transcript",
        help_text="Copied from the web page as it is: page chrome and no-break spaces are fine.",
    )
    upload = forms.FileField(
        required=False, label="…or upload a file", help_text="Plain text or a saved HTML page."
    )
    raw_text = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(
        required=False, help_text="YYYY-MM-DD. Needed when the text carries no date."
    )
    place = forms.CharField(required=False, max_length=200)
    title = forms.CharField(required=False, max_length=500, help_text="Overrides the text's title.")
    kind = forms.ChoiceField(
        choices=[("", "Guess from the title")] + list(Meeting.Kind.choices), required=False
    )
    source_name = forms.CharField(required=False, max_length=200)
    source_url = forms.URLField(required=False, max_length=500, assume_scheme="https")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload:
            try:
                text, raw = decode_transcript(upload.read(), name=upload.name)
            except UnreadableSource as exc:
                raise forms.ValidationError(str(exc)) from exc
            cleaned["text"], cleaned["raw_text"] = text, raw
        if not (cleaned.get("text") or "").strip():
            raise forms.ValidationError("Paste a transcript or choose a file.")
        cleaned["raw_text"] = cleaned.get("raw_text") or cleaned["text"]
        return cleaned


def speaker_field_name(name: str) -> str:
    return "speaker_" + hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


def speaker_choice_fields(form, speakers, resolutions, people):
    """Add a select per parsed speaker, to confirm or correct who they are."""
    everyone = [(str(p.pk), f"{p.name} ({p.country or '—'}, {p.slug})") for p in people]
    for speaker in speakers:
        if speaker.generic:
            continue
        resolution = resolutions.get(speaker.name)
        choices = [(NEW_PERSON, f"New person: {speaker.name}"), (NO_PERSON, "No person (generic)")]
        initial = NEW_PERSON
        if resolution and resolution.person:
            initial = str(resolution.person.pk)
        elif resolution and resolution.suggestion:
            choices.insert(
                1, (str(resolution.suggestion.pk), f"Suggested: {resolution.suggestion.name}")
            )
        if resolution and resolution.person is None and not resolution.create:
            initial = NO_PERSON  # named only by a role: never a new person called after it
        name = speaker_field_name(speaker.name)
        if form.is_bound and name not in form.data:
            # A first preview: show the automatic resolution, not the first option.
            form.data = form.data.copy()
            form.data[name] = initial
        form.fields[name] = forms.ChoiceField(
            choices=choices + [("Everyone in the archive", everyone)],
            initial=initial,
            label=speaker.name,
            required=True,
        )
