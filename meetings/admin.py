"""The editors' admin: meetings with their turns and participants, people with aliases."""

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from . import admin_import, services
from .models import Meeting, Participation, Person, PersonAlias, Turn

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
        fields = ["sequence", "speaker", "label", "marker", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sequence"].required = False
        self.fields["sequence"].help_text = "Position from 1; leave empty to add at the end."

    def _get_validation_exclusions(self):
        # Sequences are checked across the whole formset (see TurnFormSet), where a swap of
        # two numbers is legal even though each number is already taken in the database.
        return super()._get_validation_exclusions() | {"sequence"}


class TurnFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form in self.deleted_forms:
                continue
            sequence = form.cleaned_data.get("sequence")
            if sequence is None:
                continue
            if sequence in seen:
                raise forms.ValidationError(
                    f"Two turns cannot both be number {sequence}.", code="duplicate_sequence"
                )
            seen[sequence] = form


class TurnInline(admin.StackedInline):
    model = Turn
    form = TurnForm
    formset = TurnFormSet
    extra = 0
    ordering = ["sequence"]
    autocomplete_fields = ["speaker"]
    fields = [("sequence", "speaker"), ("label", "marker"), "text"]
    classes = ["turns"]


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


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
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
    readonly_fields = ["raw_text", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("date", "place"), ("kind", "status"), "summary"]}),
        ("Source", {"fields": [("source_name", "source_url"), "language"]}),
        (
            "Raw text as imported",
            {"fields": ["raw_text", ("created_at", "updated_at")], "classes": ["collapse"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(turn_total=Count("turns", distinct=True))

    def get_urls(self):
        view = self.admin_site.admin_view(admin_import.TranscriptImportView(self))
        return [path("import/", view, name="meetings_meeting_import"), *super().get_urls()]

    @admin.display(description="turns", ordering="turn_total")
    def turn_count(self, obj):
        return obj.turn_total

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.meeting_add_speakers(form.instance)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Turn:
            return super().save_formset(request, form, formset, change)
        self._save_turns(formset)

    @transaction.atomic
    def _save_turns(self, formset):
        """Save edited turns so that swapped sequence numbers never collide mid-save."""
        meeting = formset.instance
        turns = formset.save(commit=False)
        # New turns go after every number ever used here, deleted ones included: a
        # permalink such as #t7 must never come to point at a different statement.
        last = max(
            [t.sequence or 0 for t in turns]
            + list(meeting.turns.values_list("sequence", flat=True)),
            default=0,
        )
        for turn in formset.deleted_objects:
            turn.delete()
        for turn in turns:
            if not turn.sequence:
                last += 1
                turn.sequence = last
        existing = [t for t in turns if t.pk]
        wanted = {t.pk: t.sequence for t in existing}
        for n, turn in enumerate(existing):
            turn.sequence = 1_000_000 + last + n  # parked out of the way for a moment
        Turn.objects.bulk_update(existing, ["sequence"])
        for turn in existing:
            turn.sequence = wanted[turn.pk]
        for turn in turns:
            turn.save()
        formset.save_m2m()

    @admin.action(description="Publish the selected meetings")
    def publish(self, request, queryset):
        for meeting in queryset:
            services.meeting_set_status(meeting=meeting, status=Meeting.Status.PUBLISHED)
        self.message_user(request, f"Published {queryset.count()} meeting(s).")

    @admin.action(description="Unpublish (return to draft) the selected meetings")
    def unpublish(self, request, queryset):
        for meeting in queryset:
            services.meeting_set_status(meeting=meeting, status=Meeting.Status.DRAFT)
        self.message_user(request, f"Returned {queryset.count()} meeting(s) to draft.")


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
    fields = ["name", "slug", "sort_name", "country"]
    inlines = [PersonAliasInline]
    actions = ["merge_people"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(meeting_total=Count("participations", distinct=True))
            .prefetch_related("aliases")
        )

    @admin.display(description="meetings", ordering="meeting_total")
    def meeting_count(self, obj):
        return obj.meeting_total

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
