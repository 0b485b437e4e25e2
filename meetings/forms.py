"""Forms for the editors' transcript import page."""

import hashlib

from django import forms

from .models import Meeting
from .resolution import Resolved
from .services import NEW_PERSON, NO_PERSON
from .sources import MAX_BYTES, UnreadableSource, decode_transcript
from .uploads import KeptUpload, upload_keep, upload_kept


class TranscriptImportForm(forms.Form):
    """The transcript as pasted text or a file, and what to supply where the text lacks it.

    After `is_valid()`, `cleaned_data` holds `text` (to parse) and `raw_text` (to store),
    and `kept_upload` the file they came from, if any. A file is kept between requests
    (meetings/uploads.py) so that the editor chooses it once: the form's data then carries
    its token and an empty text box, for the page to render. A newly chosen file wins over
    pasted text, and pasted text over a kept file.
    """

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100, "spellcheck": "false"}),
        required=False,
        label="Paste the transcript",
        help_text="Copied from the web page as it is: page chrome and no-break spaces are fine.",
    )
    upload = forms.FileField(
        required=False,
        label="…or upload a file",
        help_text=(
            f"Plain text or a saved HTML page, up to {MAX_BYTES // (1024 * 1024)} MB. "
            "It is kept until you save, so you choose it only once."
        ),
    )
    upload_token = forms.CharField(widget=forms.HiddenInput, required=False)
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

    def __init__(self, *args, user_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id = user_id
        self.kept_upload: KeptUpload | None = None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        text = cleaned.get("text") or ""
        if upload:
            try:
                text, raw = decode_transcript(upload.read(), name=upload.name)
            except UnreadableSource as exc:
                raise forms.ValidationError(str(exc)) from exc
            self.kept_upload = upload_keep(
                user_id=self.user_id, name=upload.name, size=upload.size, text=text, raw=raw
            )
        elif not text.strip() and cleaned.get("upload_token"):
            self.kept_upload = upload_kept(cleaned["upload_token"], user_id=self.user_id)
            if self.kept_upload is None:
                raise forms.ValidationError(
                    "The file chosen for the preview is no longer kept (files are kept for a "
                    "day); choose it again."
                )
        self._show_next(self.kept_upload)
        if self.kept_upload:
            cleaned["text"], cleaned["raw_text"] = self.kept_upload.text, self.kept_upload.raw
            return cleaned
        if not text.strip():
            raise forms.ValidationError("Paste a transcript or choose a file.")
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise forms.ValidationError(
                f"The pasted text is larger than {MAX_BYTES // (1024 * 1024)} MB, the most a "
                "transcript can be. Nothing was imported."
            )
        cleaned["text"] = cleaned["raw_text"] = text
        return cleaned

    def _show_next(self, kept: KeptUpload | None) -> None:
        """What the page renders next: a kept file's token (and no pasted text), or neither."""
        self.data = self.data.copy()
        self.data["upload_token"] = kept.token if kept else ""
        if kept:
            self.data["text"] = ""


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
        if resolution and resolution.state == Resolved.NOBODY:
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
