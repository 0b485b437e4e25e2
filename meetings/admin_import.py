"""The admin's Import transcript page: paste or upload, preview the parse, fix speakers, save.

The preview is the import run dry (services.transcript_import), and says in the future
tense what saving will do: which people will be created, which spellings will be kept as
aliases. A speaker the archive can only guess at comes with its suggested person one
click away. A chosen file is kept until the save (meetings/uploads.py). A paste larger
than Django will read (DATA_UPLOAD_MAX_MEMORY_SIZE) gets a message on this page, where
Django alone would answer 400 Bad Request.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_protect

from . import services
from .forms import TranscriptImportForm, speaker_choice_fields, speaker_field_name
from .models import Meeting, Person
from .resolution import Resolution, Resolved
from .sources import MAX_BYTES

SAVE_ACTIONS = {"publish": Meeting.Status.PUBLISHED, "draft": Meeting.Status.DRAFT}
# A button that takes a speaker's suggested person: value "<speaker field>=<person pk>".
ACCEPT_SUGGESTION = "accept_suggestion"


class TranscriptImportView:
    """Admin page: paste or upload a transcript, preview the parse, then save it."""

    template_name = "admin/meetings/meeting/import.html"

    def __init__(self, model_admin):
        self.model_admin = model_admin
        # The CSRF check runs in __call__, once the request body is known to be readable:
        # the middleware would read an oversized body first and answer 400 itself.
        self.csrf_exempt = True

    def __call__(self, request):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        try:
            request.POST  # noqa: B018 (parses the body, or finds it too large)
        except RequestDataTooBig:
            _discard_body(request)
            return self._render(request, TranscriptImportForm(), paste_too_large=True)
        return csrf_protect(self._handle)(request)

    def _handle(self, request):
        data = request.POST.copy() if request.method == "POST" else None
        action = data.get("action", "preview") if data else "preview"
        if data and _accept_suggestion(data):
            action = "preview"
        form = TranscriptImportForm(data, request.FILES or None, user_id=request.user.pk)
        context = {}
        if data is not None and form.is_valid():
            try:
                result = self._import(form, data, action, editor=request.user)
            except services.ImportRejected as exc:
                context["error"] = exc
                context["error_line"] = _line_of(form.cleaned_data["text"], exc.line)
            else:
                if result.outcome == services.ImportOutcome.REFUSED_EDITED:
                    context["error"] = services.ImportRejected(result.refusal)
                    action = "preview"
                if action in SAVE_ACTIONS:
                    return self._saved(request, result)
                context["preview"] = self._preview(form, result)
        return self._render(request, form, **context)

    def _import(self, form, data, action, *, editor) -> services.ImportResult:
        names = data.getlist("speaker_names")
        choices = {
            name: data[speaker_field_name(name)]
            for name in names
            if speaker_field_name(name) in data
        }
        cleaned = form.cleaned_data
        return services.transcript_import(
            text=cleaned["text"],
            raw_text=cleaned["raw_text"],
            date=cleaned["date"],
            place=cleaned["place"] or None,
            title=cleaned["title"] or None,
            kind=cleaned["kind"] or None,
            source_name=cleaned["source_name"],
            source_url=cleaned["source_url"],
            status=SAVE_ACTIONS.get(action, Meeting.Status.DRAFT),
            speaker_choices=choices or None,
            dry_run=action not in SAVE_ACTIONS,
            editor=editor,
        )

    def _render(self, request, form, **context):
        admin_site = self.model_admin.admin_site
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        context = {
            "form": form,
            "preview": None,
            "error": None,
            "paste_limit": filesizeformat(limit) if limit else "",
            "file_limit": filesizeformat(MAX_BYTES),
            **context,
            **admin_site.each_context(request),
            "title": "Import a transcript",
            "opts": Meeting._meta,
            "media": self.model_admin.media + form.media,
        }
        return TemplateResponse(request, self.template_name, context)

    def _preview(self, form, result):
        people = Person.objects.order_by("sort_name", "name").only("name", "country", "slug")
        speaker_choice_fields(form, result.parsed.speakers, result.resolutions, people)
        rows = []
        for speaker in result.parsed.speakers:
            field_name = speaker_field_name(speaker.name)
            resolution = result.resolutions.get(speaker.name)
            rows.append(
                {
                    "speaker": speaker,
                    "field": form[field_name] if field_name in form.fields else None,
                    "on_saving": on_saving(speaker.name, resolution),
                    "suggestion": resolution.suggestion if resolution else None,
                    "accept": (
                        f"{field_name}={resolution.suggestion.pk}"
                        if resolution and resolution.suggestion
                        else ""
                    ),
                }
            )
        return {
            "result": result,
            "parsed": result.parsed,
            "speakers": rows,
            "turns": list(enumerate(result.parsed.turns, start=1)),
        }

    def _saved(self, request, result):
        meeting = result.meeting
        self.model_admin.message_user(
            request,
            f"{result.outcome.verb} “{meeting.title}” ({meeting.get_status_display().lower()}, "
            f"{meeting.turns.count()} turns, {len(result.warnings)} warnings).",
            messages.SUCCESS,
        )
        for warning in result.warnings:
            self.model_admin.message_user(request, warning, messages.WARNING)
        return redirect("admin:meetings_meeting_change", meeting.pk)


def on_saving(name: str, resolution: Resolution | None) -> str:
    """What saving will do with a parsed speaker, in the future tense."""
    if resolution is None:
        return "A generic speaker: the label will be kept as printed, with no person."
    match resolution.state:
        case Resolved.NEW_PERSON:
            return f"“{name}” will be created as a new person."
        case Resolved.NOBODY:
            return "The label will be kept as printed, with no person."
    assert resolution.person is not None
    said = f"Will be recorded as {resolution.person.name}, already in the archive."
    if resolution.state == Resolved.NEW_ALIAS:
        said += f" “{resolution.new_alias}” will be kept as an alias."
    return said


def _accept_suggestion(data) -> bool:
    """Set the speaker's choice to the suggested person a button names; True if one did."""
    field, _, person = data.get(ACCEPT_SUGGESTION, "").partition("=")
    if not (field.startswith("speaker_") and person.isdigit()):
        return False
    data[field] = person
    return True


def _discard_body(request) -> None:
    # Read what Django left unread, so the client gets this page rather than a reset
    # connection when the server closes the socket on unread data.
    try:
        while request.read(1 << 16):
            pass
    except OSError:
        pass


def _line_of(text: str, line: int | None) -> str:
    if not line:
        return ""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""
