"""The editors' admin: meetings with their turns and participants, people with aliases.

Every save of a meeting or a statement is a recorded change (meetings/changes.py): the
meeting's History page lists them, shows each one's rows before and after, and reverts one.
A save made after someone else's change to the same meeting (or statement) is refused.
"""

import hashlib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Length, Substr
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from . import admin_import, changes, services
from .models import Meeting, MeetingChange, Participation, Person, PersonAlias, Turn
from .search.upkeep import indexing

# The turn inline edits a whole transcript in one form. Past these sizes a meeting's turns
# are edited one at a time in their own list (TurnAdmin), which pages and searches them: a
# form of every turn would exceed DATA_UPLOAD_MAX_NUMBER_FIELDS (8 fields a turn) or
# DATA_UPLOAD_MAX_MEMORY_SIZE, and a 20,000-turn form would take minutes to render.
INLINE_TURNS_MAX = 200
INLINE_TEXT_MAX = 1_000_000  # characters of turn text

# The editors' admin is Parley's (templates/admin/base_site.html adds its icon and colours).
admin.site.site_header = "Parley editors"
admin.site.site_title = "Parley editors"
admin.site.index_title = "The archive"


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["order", "person", "role", "country"]


class TurnForm(forms.ModelForm):
    class Meta:
        model = Turn
        fields = ["position", "speaker", "label", "marker", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = (
            "Place in the reading order. A new statement given a place that is taken goes "
            "before the statement there; left empty, it goes at the end."
        )

    def _get_validation_exclusions(self):
        # Places are checked across the whole formset (see TurnFormSet), where a swap of two
        # places is legal even though each is already taken in the database.
        return super()._get_validation_exclusions() | {"position"}


class TurnFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form in self.deleted_forms:
                continue
            position = form.cleaned_data.get("position")
            if position is None or form.instance.pk is None:
                continue
            if position in seen:
                raise forms.ValidationError(
                    f"Two statements cannot both be at place {position}.",
                    code="duplicate_position",
                )
            seen[position] = form

    def reading_order(self) -> list[Turn]:
        """Every turn that stays, new ones included, in the order the editor asked for."""
        keyed = []
        for index, form in enumerate(self.forms):
            if form in self.deleted_forms or not hasattr(form, "cleaned_data"):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue  # an empty extra form
            position = form.cleaned_data.get("position")
            place = position if position is not None else float("inf")
            keyed.append(((place, form.instance.pk is not None, index), form.instance))
        return [turn for _, turn in sorted(keyed, key=lambda item: item[0])]


class TurnInline(admin.StackedInline):
    model = Turn
    form = TurnForm
    formset = TurnFormSet
    extra = 0
    ordering = ["position"]
    autocomplete_fields = ["speaker"]
    fields = [("position", "sequence", "speaker"), ("label", "marker"), "text"]
    readonly_fields = ["sequence"]
    classes = ["turns"]


class MeetingAdminForm(forms.ModelForm):
    """The meeting form, with the optimistic lock: the id of the meeting's latest recorded
    change when the form was loaded. A save made after another change is refused."""

    # No Meta: MeetingAdmin builds the model form from its fieldsets.
    last_change = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["last_change"].initial = changes.latest_change_id(self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            loaded = cleaned.get("last_change") or 0
            since = MeetingChange.objects.filter(meeting_id=self.instance.pk, pk__gt=loaded)
            current = changes.current()
            if current is not None:
                since = since.exclude(pk=current.pk)
            since = list(since.select_related("editor").order_by("id"))
            if since:
                raise forms.ValidationError(_stale_message(since), code="stale")
        return cleaned


def _stale_message(since: list[MeetingChange]) -> str:
    done = "; ".join(
        f"{change.made_at:%d %b %Y %H:%M} {change.editor or 'the importer'} "
        f"({change.get_kind_display().lower()}): {', '.join(change.editor_items)}"
        for change in since
    )
    return (
        "Not saved: this meeting was changed after you opened it — "
        f"{done}. Reload the page to see the changes, then make yours again."
    )


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Meeting.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


RAW_TEXT_SHOWN = 3000  # characters of the raw text on the change page


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    form = MeetingAdminForm
    list_display = ["title", "date", "place", "kind", "status", "turn_count"]
    list_filter = [
        "status",
        "kind",
        YearFilter,
        ("participations__person", admin.RelatedOnlyFieldListFilter),
    ]
    date_hierarchy = "date"
    search_fields = ["title", "summary", "place", "turns__text"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipationInline, TurnInline]
    actions = ["publish", "unpublish"]
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https", "widget": forms.URLInput(attrs={"size": 80})},
        models.CharField: {"widget": forms.TextInput(attrs={"size": 80})},
    }
    readonly_fields = ["statements", "raw_text_excerpt", "imported_at", "created_at", "updated_at"]

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    ("date", "place"),
                    ("kind", "status"),
                    "summary",
                    "last_change",
                ]
            },
        ),
        ("Source", {"fields": [("source_name", "source_url"), "language"]}),
        ("Statements", {"fields": ["statements"]}),
        (
            "Raw text as imported",
            {
                "fields": ["raw_text_excerpt", "imported_at", ("created_at", "updated_at")],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin-history.css"]}

    def get_queryset(self, request):
        # The raw text can be megabytes: the change page shows its start, and a save leaves
        # it alone (a deferred field is not written back).
        return (
            super()
            .get_queryset(request)
            .defer("raw_text")
            .annotate(turn_total=Count("turns", distinct=True))
        )

    def get_urls(self):
        importing = admin_import.TranscriptImportView.as_view(model_admin=self)
        view = self.admin_site.admin_view(importing)
        change = self.admin_site.admin_view(self.change_detail_view)
        return [
            path("import/", view, name="meetings_meeting_import"),
            path(
                "<path:object_id>/history/<int:change_id>/",
                change,
                name="meetings_meeting_change_detail",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="turns", ordering="turn_total")
    def turn_count(self, obj):
        return obj.turn_total

    @admin.display(description="Statements")
    def statements(self, obj):
        if obj is None or obj.pk is None:
            return "Add statements below, or import a transcript."
        url = reverse("admin:meetings_turn_changelist") + f"?meeting={obj.pk}"
        if self._turns_inline(obj):
            note = "Edit them below, or one by one"
        else:
            note = "Too many to edit on this page: edit them one by one"
        return format_html(
            '{} statements. {} in <a href="{}">the list of this meeting\'s statements</a> '
            "(searchable, {} to a page).",
            obj.turn_total,
            note,
            url,
            TurnAdmin.list_per_page,
        )

    @admin.display(description="Raw text")
    def raw_text_excerpt(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        start, length = (
            Meeting.objects.filter(pk=obj.pk)
            .values_list(Substr("raw_text", 1, RAW_TEXT_SHOWN), Length("raw_text"))
            .get()
        )
        if not length:
            return "—"
        more = length - len(start)
        suffix = f"\n… and {more:,} more characters." if more > 0 else ""
        return format_html('<pre class="raw-text">{}{}</pre>', start, suffix)

    def _turns_inline(self, obj) -> bool:
        if obj is None or obj.pk is None:
            return True
        if getattr(obj, "turn_total", 0) > INLINE_TURNS_MAX:
            return False
        text = obj.turns.aggregate(size=Sum(Length("text")))["size"] or 0
        return text <= INLINE_TEXT_MAX

    def get_inlines(self, request, obj):
        if self._turns_inline(obj):
            return self.inlines
        return [ParticipationInline]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        meeting = self.get_object(request, unquote(object_id)) if object_id else None
        if request.method != "POST" or meeting is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with (
            transaction.atomic(),
            changes.recording(
                meeting_id=meeting.pk, kind=MeetingChange.Kind.EDIT, editor=request.user
            ),
        ):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.meeting_add_speakers(form.instance)
        indexing.schedule_meeting_reindex(form.instance.pk)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Turn:
            return super().save_formset(request, form, formset, change)
        edited = formset.save(commit=False)
        services.meeting_turns_save(
            meeting=form.instance,
            order=formset.reading_order(),
            edited=edited,
            deleted=formset.deleted_objects,
            editor=request.user,
            new_meeting=not change,
        )
        formset.save_m2m()

    def history_view(self, request, object_id, extra_context=None):
        meeting = self.get_object(request, unquote(object_id))
        if meeting is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, meeting):
            raise PermissionDenied
        page = Paginator(
            meeting.changes.select_related("editor", "reverts").order_by("-id"), 25
        ).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {meeting}",
            "subtitle": None,
            "object": meeting,
            "opts": self.opts,
            "page": page,
            "removed": meeting.removed_turns.order_by("number"),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/meetings/meeting/object_history.html", context)

    def change_detail_view(self, request, object_id, change_id):
        """One recorded change: the rows before and after, and a button to revert it."""
        meeting = self.get_object(request, unquote(object_id))
        if meeting is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, meeting):
            raise PermissionDenied
        change = get_object_or_404(meeting.changes.select_related("editor"), pk=change_id)
        if request.method == "POST":
            if not self.has_change_permission(request, meeting):
                raise PermissionDenied
            revert = services.meeting_change_revert(change=change, editor=request.user)
            if revert is None:
                self.message_user(
                    request,
                    "Nothing left to undo: the change was already undone by later changes.",
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request, f"Reverted: {', '.join(revert.editor_items)}.", messages.SUCCESS
                )
            return redirect("admin:meetings_meeting_history", meeting.pk)
        shown = 200
        turn_rows = sorted(
            changes.row_changes(change, Turn, limit=shown), key=lambda row: row.after.sequence
        )
        compared = [name for name in changes.TRACKED_FIELDS if name != "raw_text_sha256"]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Change of {change.made_at:%d %B %Y %H:%M}",
            "subtitle": None,
            "object": meeting,
            "opts": self.opts,
            "change": change,
            "meeting_rows": [
                (row, row.differences(compared)) for row in changes.row_changes(change, Meeting)
            ],
            "participation_rows": changes.row_changes(change, Participation),
            "turn_rows": turn_rows,
            "more_turns": len(turn_rows) == shown,
            "can_revert": self.has_change_permission(request, meeting),
        }
        return TemplateResponse(request, "admin/meetings/meeting/change_detail.html", context)

    def delete_model(self, request, obj):
        services.meeting_delete(meeting=obj)

    def delete_queryset(self, request, queryset):
        for meeting in queryset:
            services.meeting_delete(meeting=meeting)

    @admin.action(description="Publish the selected meetings")
    def publish(self, request, queryset):
        for meeting in queryset:
            services.meeting_set_status(
                meeting=meeting, status=Meeting.Status.PUBLISHED, editor=request.user
            )
        self.message_user(request, f"Published {queryset.count()} meeting(s).")

    @admin.action(description="Unpublish (return to draft) the selected meetings")
    def unpublish(self, request, queryset):
        for meeting in queryset:
            services.meeting_set_status(
                meeting=meeting, status=Meeting.Status.DRAFT, editor=request.user
            )
        self.message_user(request, f"Returned {queryset.count()} meeting(s) to draft.")


class MeetingFilter(admin.SimpleListFilter):
    """The statements of one meeting (`?meeting=<id>`, as the meeting's page links)."""

    title = "meeting"
    parameter_name = "meeting"

    def lookups(self, request, model_admin):
        value = self.value()
        meeting = (
            Meeting.objects.filter(pk=value).only("title", "date").first()
            if value and value.isdigit()
            else None
        )
        return [(value, str(meeting))] if meeting else []

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(meeting_id=int(value))
        return queryset


class TurnAdminForm(forms.ModelForm):
    """One statement. `place` moves it in the reading order; the lock is the statement as it
    was when the form was loaded."""

    place = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="Its place in the reading order. A place that is taken puts this statement "
        "before the one there; empty puts a new statement at the end.",
    )
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Turn
        fields = ["meeting", "speaker", "label", "marker", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["place"].initial = self.instance.position
            self.fields["loaded"].initial = _turn_fingerprint(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = Turn.objects.select_for_update().filter(pk=self.instance.pk).first()
            if current is None or _turn_fingerprint(current) != cleaned.get("loaded"):
                raise forms.ValidationError(
                    "Not saved: this statement was changed or removed after you opened it. "
                    "Reload the page to see it as it is now, then make your change again.",
                    code="stale",
                )
        return cleaned


def _turn_fingerprint(turn: Turn) -> str:
    parts = (turn.speaker_id, turn.label, turn.marker, turn.text, turn.position)
    content = "\x00".join(str(part) for part in parts)
    return hashlib.sha256(content.encode()).hexdigest()[:32]


@admin.register(Turn)
class TurnAdmin(admin.ModelAdmin):
    """Statements one at a time: how meetings too long for their change page are edited."""

    form = TurnAdminForm
    list_display = ["position", "number", "speaker_or_label", "excerpt"]
    list_display_links = ["position", "number"]
    list_filter = [MeetingFilter]
    list_select_related = ["speaker"]
    list_per_page = 50
    search_fields = ["text", "label"]
    ordering = ["meeting", "position"]
    raw_id_fields = ["meeting"]
    autocomplete_fields = ["speaker"]
    readonly_fields = ["number"]
    fields = ["meeting", "number", "place", "speaker", "label", "marker", "text", "loaded"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "meeting"] if obj else self.readonly_fields

    def changelist_view(self, request, extra_context=None):
        value = request.GET.get("meeting", "")
        meeting = None
        if value.isdigit():
            meeting = Meeting.objects.filter(pk=value).only("title", "date").first()
        return super().changelist_view(request, {**(extra_context or {}), "meeting": meeting})

    def get_changeform_initial_data(self, request):
        """A statement added from one meeting's list belongs to that meeting."""
        initial = super().get_changeform_initial_data(request)
        filters = QueryDict(request.GET.get("_changelist_filters", ""))
        if "meeting" not in initial and filters.get("meeting", "").isdigit():
            initial["meeting"] = filters["meeting"]
        return initial

    @admin.display(description="number", ordering="sequence")
    def number(self, obj):
        return f"#t{obj.sequence}" if obj and obj.sequence else "assigned on saving"

    @admin.display(description="speaker")
    def speaker_or_label(self, obj):
        return obj.speaker.name if obj.speaker else obj.label

    @admin.display(description="text")
    def excerpt(self, obj):
        return Truncator(obj.text).chars(160)

    def save_model(self, request, obj, form, change):
        services.turn_save(turn=obj, position=form.cleaned_data.get("place"), editor=request.user)

    def delete_model(self, request, obj):
        services.turn_delete(turn=obj, editor=request.user)

    def delete_queryset(self, request, queryset):
        for turn in queryset:
            services.turn_delete(turn=turn, editor=request.user)


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1
    fields = ["name"]


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        label="Keep this record",
        help_text="The others are merged into it and then deleted.",
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = people


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "slug", "meeting_count", "alias_list"]
    list_filter = ["country"]
    ordering = ["sort_name", "name"]
    search_fields = ["name", "sort_name", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "sort_name", "country", "wikidata_id"]
    inlines = [PersonAliasInline]
    actions = ["merge_people"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_meeting_counts(drafts=True)
            .prefetch_related("aliases")
        )

    @admin.display(description="meetings", ordering="meeting_count")
    def meeting_count(self, obj):
        return obj.meeting_count

    @admin.display(description="aliases")
    def alias_list(self, obj):
        return ", ".join(a.name for a in obj.aliases.all())

    @admin.action(description="Merge the selected people into one")
    def merge_people(self, request, queryset):
        people = queryset.order_by("name")
        if people.count() < 2:
            self.message_user(request, "Select at least two people to merge.", messages.WARNING)
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, people=people)
        if form.is_valid():
            target = form.cleaned_data["target"]
            merged = [p.name for p in people if p.pk != target.pk]
            for person in people:
                if person.pk != target.pk:
                    services.person_merge(source=person, target=target)
            self.message_user(request, f"Merged {', '.join(merged)} into {target.name}.")
            return redirect("admin:meetings_person_change", target.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge people",
            "people": people.annotate(turn_total=Count("turns", distinct=True)),
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/meetings/person/merge.html", context)
