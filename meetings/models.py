"""Parley's data: people, meetings, who took part, and what each of them said."""

import hashlib
from typing import NamedTuple
from urllib.parse import urlsplit

import pycountry
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q
from django.db.models.functions import ExtractYear, TruncMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .text import ascii_slug, name_key, to_ascii


def validate_country_code(value: str) -> None:
    """Accept an upper-case ISO 3166-1 alpha-2 code that pycountry knows."""
    if value and (value != value.upper() or pycountry.countries.get(alpha_2=value) is None):
        raise ValidationError(
            _("%(value)s is not an ISO 3166-1 alpha-2 country code."),
            code="invalid_country",
            params={"value": value},
        )


# Where pycountry has no common name, the name people use rather than the ISO one.
_SHORT_NAMES = {
    "RU": "Russia", "TR": "Turkey", "BN": "Brunei", "PS": "Palestine", "VA": "Vatican City",
    "CD": "DR Congo", "CG": "Republic of the Congo", "FM": "Micronesia",
}


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return ""
    return _SHORT_NAMES.get(code) or getattr(country, "common_name", None) or country.name


class PersonQuerySet(models.QuerySet):
    def with_meeting_counts(self):
        return self.annotate(
            meeting_count=models.Count(
                "participations",
                filter=Q(participations__meeting__status="published"),
                distinct=True,
            )
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


class Person(models.Model):
    """A leader or official who speaks or takes part in meetings."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    sort_name = models.CharField(
        max_length=200, blank=True, db_index=True, help_text=_("e.g. `Aliyev, Ilham`.")
    )
    country = models.CharField(
        max_length=2, blank=True, validators=[validate_country_code],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. RU."),
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
    def initial(self) -> str:
        """The A–Z index letter: `Öztürk, Ali` files under O; digits and symbols under #."""
        letter = to_ascii((self.sort_name or self.name)[:1]).upper()
        return letter if letter.isalpha() else "#"

    @classmethod
    def unique_slug(cls, name: str, exclude_pk=None) -> str:
        base = ascii_slug(name) or "person"
        slug, n = base, 2
        others = cls.objects.exclude(pk=exclude_pk) if exclude_pk else cls.objects.all()
        while others.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


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
        """Prefetch the turns with their speakers, in order (one extra query)."""
        return self.prefetch_related(
            Prefetch("turns", queryset=Turn.objects.select_related("speaker").order_by("sequence"))
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

    def principals(self, meeting):
        """Other meetings of `meeting`'s first two participants (host and principal guest)."""
        people = [p.person for p in meeting.participations.all()][:2]
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
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    raw_text = models.TextField(blank=True, help_text=_("The source text exactly as it came in."))
    raw_text_sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

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

    def transcript(self) -> list["Turn"]:
        """The turns in order, each with `.participation`: its speaker's place at this meeting.

        Uses the prefetched `participations` and `turns` (see `with_participants`,
        `with_transcript`), so it costs no queries of its own.
        """
        by_person = {p.person_id: p for p in self.participations.all()}
        turns = sorted(self.turns.all(), key=lambda turn: turn.sequence)
        for turn in turns:
            turn.participation = by_person.get(turn.speaker_id) if turn.speaker_id else None
        return turns


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
        max_length=2, blank=True, validators=[validate_country_code],
        help_text=_("The country the role represents (ISO alpha-2)."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = ParticipationQuerySet.as_manager()

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


class Turn(models.Model):
    """One speaker turn: what one speaker said before the next one spoke."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="turns")
    sequence = models.PositiveIntegerField(help_text=_("Position in the transcript, from 1."))
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

    class Meta:
        ordering = ["meeting", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "sequence"], name="turn_unique_sequence"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="turn_sequence_positive"),
        ]
        indexes = [models.Index(fields=["speaker", "meeting"])]

    def __str__(self):
        return f"{self.meeting_id}#t{self.sequence} {self.label}"

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#t{self.sequence}"

    @property
    def anchor(self) -> str:
        return f"t{self.sequence}"

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]
