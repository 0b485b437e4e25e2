"""The admin's Import transcript page: paste or upload, preview the parse, fix speakers, save.

The preview is the import's plan (services.plan_import) and saving applies it
(services.apply_import), as the import command does. The preview says in the future tense
what saving will do: which people will be created, which spellings will be kept as
aliases. A speaker the archive can only guess at comes with its suggested person one
click away. A chosen file is kept until the save (meetings/uploads.py). A paste larger
than Django will read (DATA_UPLOAD_MAX_MEMORY_SIZE) gets a message on this page, where
Django alone would answer 400 Bad Request.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.views.decorators.csrf import csrf_protect
from django.views.generic import FormView

from . import services
from .forms import TranscriptImportForm, speaker_choice_fields, speaker_field_name
from .models import Meeting, Person
from .resolution import Resolution, Resolved
from .sources import MAX_BYTES

SAVE_ACTIONS = {"publish": Meeting.Status.PUBLISHED, "draft": Meeting.Status.DRAFT}
# A button that takes a speaker's suggested person: value "<speaker field>=<person pk>".
ACCEPT_SUGGESTION = "accept_suggestion"


class TranscriptImportView(FormView):
    """Admin page: paste or upload a transcript, preview the plan, then apply it.

    Every POST plans the import (services.plan_import); the preview shows the plan with the
    editor's choices of person, and "publish" or "save as draft" applies it.
    """

    template_name = "admin/meetings/meeting/import.html"
    form_class = TranscriptImportForm
    model_admin: ModelAdmin = None  # type: ignore[assignment]  # as_view(model_admin=...)

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        # The CSRF check runs in dispatch, once the request body is known to be readable:
        # the middleware would read an oversized body first and answer 400 itself.
        view.csrf_exempt = True  # type: ignore[attr-defined]
        return view

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        try:
            request.POST  # noqa: B018 (parses the body, or finds it too large)
        except RequestDataTooBig:
            _discard_body(request)
            return self.render_to_response(
                self.get_context_data(form=TranscriptImportForm(), paste_too_large=True)
            )
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs: dict[str, Any] = {"user_id": self.request.user.pk}
        self.action = "preview"
        if self.request.method == "POST":
            self.data = self.request.POST.copy()
            self.action = self.data.get("action", "preview")
            if _accept_suggestion(self.data):
                self.action = "preview"
            kwargs.update(data=self.data, files=self.request.FILES or None)
        return kwargs

    def form_valid(self, form):
        try:
            result = self._import(form)
        except services.ImportRejected as exc:
            return self.render_to_response(
                self.get_context_data(
                    form=form, error=exc, error_line=_line_of(form.cleaned_data["text"], exc.line)
                )
            )
        context = {}
        if result.outcome == services.ImportOutcome.REFUSED_EDITED:
            context["error"] = services.ImportRejected(result.refusal)
            self.action = "preview"
        if self.action in SAVE_ACTIONS:
            return self._saved(result)
        context["preview"] = self._preview(form, result)
        return self.render_to_response(self.get_context_data(form=form, **context))

    def _import(self, form) -> services.ImportResult:
        names = self.data.getlist("speaker_names")
        choices = {
            name: str(self.data[speaker_field_name(name)])
            for name in names
            if speaker_field_name(name) in self.data
        }
        cleaned = form.cleaned_data
        plan = services.plan_import(
            cleaned["text"],
            services.ImportOptions(
                raw_text=cleaned["raw_text"],
                date=cleaned["date"],
                place=cleaned["place"] or None,
                title=cleaned["title"] or None,
                kind=cleaned["kind"] or None,
                source_name=cleaned["source_name"],
                source_url=cleaned["source_url"],
                status=SAVE_ACTIONS.get(self.action, Meeting.Status.DRAFT),
            ),
        )
        if self.action in SAVE_ACTIONS:
            return services.apply_import(plan, choices, editor=self.request.user)
        return plan.with_choices(choices).result()

    def get_context_data(self, **kwargs):
        admin_site = self.model_admin.admin_site
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        form = kwargs.get("form") or self.get_form()
        return {
            "form": form,
            "preview": None,
            "error": None,
            "paste_limit": filesizeformat(limit) if limit else "",
            "file_limit": filesizeformat(MAX_BYTES),
            **kwargs,
            **admin_site.each_context(self.request),
            "title": "Import a transcript",
            "opts": Meeting._meta,
            "media": self.model_admin.media + form.media,
        }

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

    def _saved(self, result):
        meeting = result.meeting
        self.model_admin.message_user(
            self.request,
            f"{result.outcome.verb} “{meeting.title}” ({meeting.get_status_display().lower()}, "
            f"{meeting.turns.count()} turns, {len(result.warnings)} warnings).",
            messages.SUCCESS,
        )
        for warning in result.warnings:
            self.model_admin.message_user(self.request, warning, messages.WARNING)
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
