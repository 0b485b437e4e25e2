"""Parley's data: people, meetings, who took part, and what each of them said."""

import hashlib
from typing import NamedTuple
from urllib.parse import urlsplit

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q
from django.db.models.functions import ExtractYear, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import languages
from .country_names import country_name
from .text import ascii_slug, name_key, to_ascii, unique_slug, word_count


def validate_country_code(value: str) -> None:
    """Accept an upper-case ISO 3166-1 alpha-2 code that pycountry knows."""
    if value and (value != value.upper() or pycountry.countries.get(alpha_2=value) is None):
        raise ValidationError(
            _("%(value)s is not an ISO 3166-1 alpha-2 country code."),
            code="invalid_country",
            params={"value": value},
        )


class ChangeTagged(models.Model):
    """Base of the history tables: the recorded change a history row belongs to, if any."""

    change = models.ForeignKey(
        "meetings.MeetingChange",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class PersonQuerySet(models.QuerySet):
    def with_meeting_counts(self, *, drafts: bool = False):
        """`meeting_count` on each person: published meetings taken part in (and drafts too).

        The one way a person's meetings are counted; the pages read it through the cached
        `overview.meeting_counts`, the admin with drafts.
        """
        published = None if drafts else Q(participations__meeting__status="published")
        return self.annotate(
            meeting_count=models.Count("participations", filter=published, distinct=True)
        )

    def public(self):
        """People who took part in at least one published meeting."""
        return self.filter(Exists(Participation.objects.published().filter(person=OuterRef("pk"))))

    def representing(self, code: str):
        """People who took part in a published meeting for country `code` (upper case)."""
        return self.filter(
            Exists(Participation.objects.published().of_country(code).filter(person=OuterRef("pk")))
        )

    def counterparts_of(self, person):
        """The others at `person`'s published meetings, with `together` counts, most first."""
        return (
            self.filter(
                participations__meeting__status="published",
                participations__meeting__participations__person=person,
            )
            .exclude(pk=person.pk)
            .annotate(together=Count("participations__meeting", distinct=True))
            .order_by("-together", "sort_name", "name")
        )


validate_wikidata_id = RegexValidator(
    r"^Q[1-9][0-9]{0,14}\Z",
    _("A Wikidata ID is Q followed by digits, e.g. Q7747."),
    code="invalid_wikidata_id",
)


class Person(models.Model):
    """A leader or official who speaks or takes part in meetings."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    sort_name = models.CharField(
        max_length=200, blank=True, db_index=True, help_text=_("e.g. `Aliyev, Ilham`.")
    )
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. RU."),
    )
    wikidata_id = models.CharField(
        "Wikidata ID",
        max_length=16,
        blank=True,
        validators=[validate_wikidata_id],
        help_text=_("The person's Wikidata item, e.g. Q7747 (wikidata.org/wiki/Q7747)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=r"^[A-Z]{2}$"),
                name="person_country_alpha2",
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]{0,14}$"),
                name="person_wikidata_id_form",
            ),
        ]
        indexes = [models.Index(fields=["country", "sort_name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug(self.name, exclude_pk=self.pk)
        if not self.sort_name:
            self.sort_name = default_sort_name(self.name)
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:leader_detail", kwargs={"slug": self.slug})

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""

    @property
    def initial(self) -> str:
        """The A–Z index letter: `Öztürk, Ali` files under O; digits and symbols under #."""
        letter = to_ascii((self.sort_name or self.name)[:1]).upper()
        return letter if letter.isalpha() else "#"

    @classmethod
    def unique_slug(cls, name: str, exclude_pk=None) -> str:
        base = ascii_slug(name) or "person"
        others = cls.objects.exclude(pk=exclude_pk) if exclude_pk else cls.objects.all()
        taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
        return unique_slug(base, taken)


def default_sort_name(name: str) -> str:
    """`Ilham Aliyev` → `Aliyev, Ilham`; a single word stays as it is."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[-1]}, {' '.join(parts[:-1])}"


class PersonAlias(models.Model):
    """Another name or spelling by which a person appears in speaker labels."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="alias_unique_per_person"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Meeting.Status.PUBLISHED)

    def with_participants(self):
        """Prefetch participations with their people, in meeting order (one extra query)."""
        return self.prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("person"))
        )

    def listed(self):
        """For lists of meeting cards: participants prefetched, unshown columns left out."""
        people = Participation.objects.select_related("person").defer(
            "person__name_key", "person__created_at", "person__updated_at"
        )
        unshown = ("raw_text", "raw_text_sha256", "created_at", "updated_at")
        return self.defer(*unshown).prefetch_related(Prefetch("participations", queryset=people))

    def with_transcript(self):
        """Prefetch the turns with their speakers in reading order, the records of removed
        turns, and the corrections readers are told about (three extra queries)."""
        return self.prefetch_related(
            Prefetch("turns", queryset=Turn.objects.select_related("speaker").order_by("position")),
            "removed_turns",
            Prefetch(
                "changes", queryset=MeetingChange.objects.corrections(), to_attr="corrections"
            ),
        )

    def with_person(self, person):
        """Meetings `person` took part in (speakers are always participants)."""
        return self.filter(
            pk__in=Participation.objects.filter(person=person).order_by().values("meeting_id")
        )

    def between(self, person, other):
        """Meetings both people took part in."""
        # Two semi-joins on the people's participations: PostgreSQL reads the shorter list
        # and probes the other, where EXISTS per meeting would test every meeting.
        return self.filter(
            pk__in=Participation.objects.filter(person=person).order_by().values("meeting_id")
        ).filter(pk__in=Participation.objects.filter(person=other).order_by().values("meeting_id"))

    def for_country(self, code: str):
        """Meetings where a leader of country `code` (upper case) took part."""
        return self.filter(
            Exists(Participation.objects.of_country(code).filter(meeting=OuterRef("pk")))
        )

    def of_principals(self, meeting):
        """Other meetings between `meeting`'s two principals (`Meeting.principals`)."""
        people = meeting.principals
        if len(people) < 2:
            return self.none()
        return self.exclude(pk=meeting.pk).between(*people)

    def count_by_year(self):
        """Rows of `{"year", "count"}`, oldest year first."""
        return (
            self.annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(count=Count("id"))
            .order_by("year")
        )

    def count_by_month(self):
        """Rows of `{"month" (a date on the 1st), "count"}`, oldest month first."""
        return (
            self.annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(count=Count("id"))
            .order_by("month")
        )


class Licence(NamedTuple):
    name: str
    url: str


CC_BY_4 = Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")


class Meeting(models.Model):
    """One meeting, call or press event between leaders, with its transcript."""

    class Kind(models.TextChoices):
        TALKS = "talks", _("Talks")
        MEETING = "meeting", _("Meeting")
        TELEPHONE = "telephone", _("Telephone conversation")
        PRESS_STATEMENTS = "press-statements", _("Press statements")
        NEWS_CONFERENCE = "news-conference", _("News conference")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200)
    date = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True, help_text=_("The lead paragraphs, as plain text."))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEETING)
    source_name = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=500, blank=True)
    language = models.CharField(
        max_length=languages.MAX_LENGTH,
        default=languages.DEFAULT,
        validators=[languages.validate_language_tag],
        help_text=_("BCP 47 tag of the text's language, e.g. en, ru, zh-Hant."),
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    raw_text = models.TextField(blank=True, help_text=_("The source text exactly as it came in."))
    raw_text_sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    imported_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the importer last wrote this meeting from its source."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()
    # The source text can be megabytes; its fingerprint in each history row says enough.
    history = HistoricalRecords(excluded_fields=["raw_text"], bases=[ChangeTagged])

    class Meta:
        ordering = ["-date", "-id"]
        get_latest_by = "date"
        constraints = [
            models.UniqueConstraint(fields=["date", "slug"], name="meeting_unique_slug_per_day"),
            models.UniqueConstraint(
                fields=["source_url"],
                condition=~Q(source_url=""),
                name="meeting_unique_source_url",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="meeting_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-date", "-id"], name="meeting_published_date"),
            # Meetings in a place, named in a search (meetings/search/context.py). Their titles
            # and leads have a full-text index of PostgreSQL's own (migration 0003).
            models.Index(fields=["place"], name="meeting_place"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%Y-%m-%d})" if self.date else self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = ascii_slug(self.title, max_length=200) or "meeting"
        if "raw_text" not in self.get_deferred_fields():  # the admin leaves it unloaded
            self.raw_text_sha256 = text_fingerprint(self.raw_text) if self.raw_text else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "meetings:meeting_detail",
            kwargs={
                "year": self.date.year,
                "month": f"{self.date.month:02d}",
                "day": f"{self.date.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def summary_paragraphs(self) -> list[str]:
        return [p for p in self.summary.split("\n\n") if p.strip()]

    @property
    def source_host(self) -> str:
        return (urlsplit(self.source_url).hostname or "") if self.source_url else ""

    @property
    def source_licence(self) -> Licence | None:
        """The Kremlin publishes its site under CC BY 4.0, which obliges us to say so."""
        host = self.source_host
        if host == "kremlin.ru" or host.endswith(".kremlin.ru"):
            return CC_BY_4
        if not host and "kremlin.ru" in self.source_name.casefold():
            return CC_BY_4  # a text copied from the site without its page address
        return None

    @cached_property
    def principals(self) -> list["Person"]:
        """Its first two participants, the host and the principal guest (fewer when alone)."""
        return [p.person for p in self.participations.all()][:2]

    def previous_published(self):
        """The published meeting just before this one (by date, then id), or None."""
        # The redundant bound lets PostgreSQL read the date index from this meeting on,
        # instead of from the first meeting of the archive (57 ms at 1M turns).
        try:
            return self.get_previous_by_date(status=self.Status.PUBLISHED, date__lte=self.date)
        except Meeting.DoesNotExist:
            return None

    def next_published(self):
        """The published meeting just after this one (by date, then id), or None."""
        try:
            return self.get_next_by_date(status=self.Status.PUBLISHED, date__gte=self.date)
        except Meeting.DoesNotExist:
            return None

    def transcript(self) -> list["Turn | RemovedTurn"]:
        """The turns in reading order, each with `.participation` (its speaker's place at this
        meeting), and the record of each removed turn where that turn used to be.

        Uses the prefetched `participations`, `turns` and `removed_turns` (see
        `with_participants`, `with_transcript`), so it costs no queries of its own.
        """
        by_person = {p.person_id: p for p in self.participations.all()}
        turns = sorted(self.turns.all(), key=lambda turn: turn.position)
        for turn in turns:
            turn.participation = by_person.get(turn.speaker_id) if turn.speaker_id else None
        following: dict[int, list[RemovedTurn]] = {}
        for removed in sorted(self.removed_turns.all(), key=lambda r: r.number):
            following.setdefault(removed.follows, []).append(removed)

        items: list[Turn | RemovedTurn] = []

        def place(item) -> None:
            items.append(item)
            for removed in following.pop(item.sequence, ()):
                place(removed)

        for removed in following.pop(0, []):
            place(removed)
        for turn in turns:
            place(turn)
        # A removal whose predecessor is nowhere to be found still answers, at the end.
        for orphans in following.values():
            items.extend(orphans)
        return items

    def next_turn_number(self) -> int:
        """A number no turn of this meeting has ever had: removed ones count too."""
        live = self.turns.aggregate(top=Max("sequence"))["top"] or 0
        removed = self.removed_turns.aggregate(top=Max("number"))["top"] or 0
        return max(live, removed) + 1

    @property
    def last_correction(self) -> "MeetingChange | None":
        """The latest correction readers are told about (prefetched by `with_transcript`)."""
        corrections = getattr(self, "corrections", None)
        if corrections is None:
            corrections = list(self.changes.corrections())
        return corrections[0] if corrections else None


def text_fingerprint(text: str) -> str:
    """A hash that ignores differences in whitespace, so a re-copied text is recognised."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


class ParticipationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(meeting__status=Meeting.Status.PUBLISHED)

    def of_country(self, code: str):
        """Participations for country `code`; one without a country counts as the person's."""
        return self.filter(Q(country=code) | Q(country="", person__country=code))

    def role_history(self):
        """Rows of `{"role", "first", "last", "meetings"}`, earliest first; blank roles skipped."""
        return (
            self.exclude(role="")
            .values("role")
            .annotate(
                first=Min("meeting__date"),
                last=Max("meeting__date"),
                meetings=Count("meeting", distinct=True),
            )
            .order_by("first", "role")
        )

    def country_counts(self):
        """Rows of `{"code", "meetings", "leaders"}` per country, by code."""
        return (
            self.annotate(
                code=models.Case(
                    models.When(country="", then=models.F("person__country")),
                    default=models.F("country"),
                )
            )
            .exclude(code="")
            .values("code")
            .annotate(
                meetings=Count("meeting", distinct=True), leaders=Count("person", distinct=True)
            )
            .order_by("code")
        )


class Participation(models.Model):
    """A person at a meeting, in the role printed there.

    Everyone who speaks at a meeting has one (the importer and the admin see to it), so
    "who took part" never needs to look at the turns.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=300, blank=True)
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text=_("The country the role represents (ISO alpha-2)."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords(bases=[ChangeTagged])

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="participation_unique"),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=r"^[A-Z]{2}$"),
                name="participation_country_alpha2",
            ),
        ]
        indexes = [models.Index(fields=["person", "meeting"])]

    def __str__(self):
        return f"{self.person} ({self.role})" if self.role else str(self.person)

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class TurnQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Create turns; one without a position reads where its number says (a fresh import)."""
        objs = list(objs)
        for turn in objs:
            if turn.position is None:
                turn.position = turn.sequence
            turn.word_count = word_count(turn.text)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        """Update turns; a changed text brings its word count along."""
        if "text" in fields:
            objs = list(objs)
            for turn in objs:
                turn.word_count = word_count(turn.text)
            fields = [*fields, "word_count"] if "word_count" not in fields else fields
        return super().bulk_update(objs, fields, *args, **kwargs)

    def words_per_year(self) -> dict[int, int]:
        """Words spoken per year of meeting: what trends divide by."""
        rows = (
            self.annotate(year=ExtractYear("meeting__date"))
            .values("year")
            .annotate(words=models.Sum("word_count"))
            .values_list("year", "words")
        )
        return {year: words or 0 for year, words in rows}

    def words_per_month(self) -> dict[tuple[int, int], int]:
        """Words spoken per (year, month) of meeting."""
        rows = (
            self.annotate(month=TruncMonth("meeting__date"))
            .values("month")
            .annotate(words=models.Sum("word_count"))
            .values_list("month", "words")
        )
        return {(month.year, month.month): words or 0 for month, words in rows}


class Turn(models.Model):
    """One speaker turn: what one speaker said before the next one spoke.

    `sequence` is the turn's permanent public number, the `#t<n>` readers cite: it never
    changes and is never given to another turn of the meeting (see `RemovedTurn`).
    `position` is its place in the reading order, which corrections may change.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="turns")
    sequence = models.PositiveIntegerField(
        "number",
        help_text=_("The statement's permanent number (#t<n>): it never changes or returns."),
    )
    position = models.PositiveIntegerField(help_text=_("Place in the reading order, from 1."))
    speaker = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="turns",
        help_text=_("Empty for generic speakers such as `Question`."),
    )
    label = models.CharField(max_length=300, help_text=_("The speaker label as printed."))
    marker = models.CharField(
        max_length=200, blank=True, help_text=_("Translation marker, e.g. `retranslated`.")
    )
    text = models.TextField(help_text=_("Plain paragraphs separated by blank lines; never HTML."))
    # Kept with the text (save, bulk_create, bulk_update): trends divide by words spoken.
    word_count = models.PositiveIntegerField(default=0, editable=False)

    objects = TurnQuerySet.as_manager()
    # Positions shift in bulk when a turn is inserted; they are not part of what was said,
    # and the word count follows from the text.
    history = HistoricalRecords(excluded_fields=["position", "word_count"], bases=[ChangeTagged])

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "sequence"], name="turn_unique_sequence"),
            models.UniqueConstraint(fields=["meeting", "position"], name="turn_unique_position"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="turn_sequence_positive"),
            models.CheckConstraint(condition=Q(position__gte=1), name="turn_position_positive"),
        ]
        indexes = [models.Index(fields=["speaker", "meeting"])]

    def __str__(self):
        return f"{self.meeting_id}#t{self.sequence} {self.label}"

    def save(self, *args, **kwargs):
        if self.position is None:
            self.position = self.sequence
        self.word_count = word_count(self.text)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "word_count"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#t{self.sequence}"

    @property
    def anchor(self) -> str:
        return f"t{self.sequence}"

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


class RemovedTurn(models.Model):
    """What a turn leaves when a correction removes it from a published meeting.

    Its number stays taken, and the meeting page shows a note with the turn's anchor where the
    turn used to be (after the turn numbered `follows`), so an old permalink lands on the note.
    """

    is_removed = True  # for templates walking Meeting.transcript()

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="removed_turns")
    number = models.PositiveIntegerField(help_text=_("The removed statement's number."))
    follows = models.PositiveIntegerField(
        default=0, help_text=_("The number of the statement it came after; 0 if it came first.")
    )
    removed_at = models.DateTimeField(default=timezone.now)
    change = models.ForeignKey(
        "MeetingChange", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="removed_turn_unique"),
        ]

    def __str__(self):
        return f"{self.meeting_id}#t{self.number} (removed)"

    @property
    def sequence(self) -> int:
        return self.number

    @property
    def anchor(self) -> str:
        return f"t{self.number}"


class MeetingChangeQuerySet(models.QuerySet):
    def corrections(self):
        """Changes to a published meeting that readers are told about, newest first."""
        return self.filter(public=True).order_by("-made_at", "-id")


# What readers are told changed, by meeting field (the others are the archive's own).
PUBLIC_FIELDS = {
    "title": "title",
    "date": "date",
    "place": "place",
    "summary": "lead paragraph",
    "kind": "kind of meeting",
    "source_name": "source",
    "source_url": "source address",
    "language": "language",
}


EDITOR_FIELDS = {"slug": "slug", "status": "status", "raw_text_sha256": "source text"}


class MeetingChange(models.Model):
    """One recorded change to a meeting: an editor's save, a re-import, or a revert.

    The rows before and after are the history rows tagged with it (django-simple-history);
    `summary` says briefly what changed: `fields` (names), `participants` (bool), turn
    numbers `added`, `edited` and `removed`, and `reordered` (bool). A change made to a
    published meeting that touches what readers see is `public`: a correction.
    """

    class Kind(models.TextChoices):
        EDIT = "edit", _("Edited")
        IMPORT = "import", _("Re-imported")
        REVERT = "revert", _("Reverted")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    made_at = models.DateTimeField(default=timezone.now)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    public = models.BooleanField(
        default=False, help_text=_("A correction of a published meeting, listed on its page.")
    )
    summary = models.JSONField(default=dict, blank=True)
    reverts = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reverted_by"
    )

    objects = MeetingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at", "-id"]
        get_latest_by = "id"
        indexes = [models.Index(fields=["meeting", "-made_at"], name="meeting_change_latest")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.meeting_id} at {self.made_at:%Y-%m-%d %H:%M}"

    @property
    def items(self) -> list[str]:
        """What changed, in words readers understand: `title`, `statement 4 edited`, …"""
        summary = self.summary or {}
        words = [PUBLIC_FIELDS[name] for name in summary.get("fields", []) if name in PUBLIC_FIELDS]
        if summary.get("participants"):
            words.append("participants")
        for key in ("edited", "added", "removed"):
            numbers = summary.get(key) or []
            if numbers:
                noun = "statement" if len(numbers) == 1 else "statements"
                words.append(f"{noun} {_number_list(numbers)} {key}")
        if summary.get("reordered"):
            words.append("order of statements")
        return words

    @property
    def editor_items(self) -> list[str]:
        """`items`, plus the changes only editors care about (status, slug, source text)."""
        fields = (self.summary or {}).get("fields", [])
        return self.items + [EDITOR_FIELDS[name] for name in fields if name in EDITOR_FIELDS]


def _number_list(numbers: list[int]) -> str:
    shown = [str(n) for n in sorted(numbers)]
    if len(shown) > 12:
        return ", ".join(shown[:10]) + f" and {len(shown) - 10} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


# E-mail alerts live in a package of their own; Django finds their models through here.
from .alerts.models import Alert, AlertDelivery, AlertDigest  # noqa: E402, F401
