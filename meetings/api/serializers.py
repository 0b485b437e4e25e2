"""What each answer of the API holds. Every link is absolute: `url` the page on the site,
`api_url` the same thing in the API."""

import html
import re
from collections.abc import Callable

from django.urls import reverse
from django.utils.html import strip_tags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Meeting, Person, country_name

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,200}$")


def meeting_api_path(meeting) -> str:
    return reverse(
        "api:meeting",
        kwargs={
            "year": f"{meeting.date.year:04d}",
            "month": f"{meeting.date.month:02d}",
            "day": f"{meeting.date.day:02d}",
            "slug": meeting.slug,
        },
    )


def turn_api_path(meeting, number: int) -> str:
    return f"{meeting_api_path(meeting)}turns/{number}/"


def person_api_path(person) -> str:
    return reverse("api:leader", kwargs={"slug": person.slug})


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """An absolute link drawn from the object by `path_of` (None when it has none)."""

    def __init__(self, path_of: Callable, **kwargs):
        self.path_of = path_of
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        path = self.path_of(obj)
        return self.context["request"].build_absolute_uri(path) if path else None


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(required=False, help_text="Each parameter's problems.")


class PersonRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    url = LinkField(lambda person: person.get_absolute_url())
    api_url = LinkField(person_api_path)


class ParticipantSerializer(serializers.Serializer):
    name = serializers.CharField(source="person.name")
    slug = serializers.CharField(source="person.slug")
    role = serializers.CharField()
    country = serializers.SerializerMethodField(help_text="ISO 3166-1 alpha-2, or empty.")
    url = LinkField(lambda p: p.person.get_absolute_url())
    api_url = LinkField(lambda p: person_api_path(p.person))

    def get_country(self, participation) -> str:
        return participation.country or participation.person.country


class SourceSerializer(serializers.Serializer):
    name = serializers.CharField(source="source_name")
    url = serializers.CharField(source="source_url", help_text="The publisher's page, or empty.")
    licence = serializers.SerializerMethodField()
    licence_url = serializers.SerializerMethodField()

    def get_licence(self, meeting) -> str | None:
        return meeting.source_licence.name if meeting.source_licence else None

    def get_licence_url(self, meeting) -> str | None:
        return meeting.source_licence.url if meeting.source_licence else None


class MeetingSerializer(serializers.Serializer):
    title = serializers.CharField()
    date = serializers.DateField()
    slug = serializers.CharField()
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices)
    place = serializers.CharField()
    summary = serializers.CharField(help_text="The lead paragraphs, plain text.")
    language = serializers.CharField(help_text="BCP 47 tag of the text's language.")
    source = SourceSerializer(source="*")
    participants = ParticipantSerializer(source="participations.all", many=True)
    url = LinkField(lambda meeting: meeting.get_absolute_url())
    api_url = LinkField(meeting_api_path)


class TurnSerializer(serializers.Serializer):
    number = serializers.IntegerField(
        source="sequence", help_text="The statement's permanent number: #t<number> on its page."
    )
    speaker = PersonRefSerializer(allow_null=True, help_text="Null for generic speakers.")
    label = serializers.CharField(help_text="The speaker label as printed.")
    role = serializers.SerializerMethodField()
    marker = serializers.CharField(help_text="Translation marker, e.g. `retranslated`.")
    text = serializers.CharField(help_text="Plain paragraphs separated by blank lines.")
    url = LinkField(lambda turn: f"{turn.meeting.get_absolute_url()}#{turn.anchor}")
    api_url = LinkField(lambda turn: turn_api_path(turn.meeting, turn.sequence))

    def get_role(self, turn) -> str:
        participation = getattr(turn, "participation", None)
        return participation.role if participation else ""


class RemovedTurnSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    removed_at = serializers.DateTimeField()


class CorrectionSerializer(serializers.Serializer):
    made_at = serializers.DateTimeField()
    changed = serializers.ListField(child=serializers.CharField(), source="items")


class MeetingDetailSerializer(MeetingSerializer):
    turns = serializers.SerializerMethodField()
    removed_turns = RemovedTurnSerializer(source="removed_turns.all", many=True)
    corrections = CorrectionSerializer(many=True)

    @extend_schema_field(TurnSerializer(many=True))
    def get_turns(self, meeting):
        turns = [item for item in meeting.transcript() if not getattr(item, "is_removed", False)]
        for turn in turns:
            turn.meeting = meeting  # already in hand: no query per turn
        return TurnSerializer(turns, many=True, context=self.context).data


class MeetingRefSerializer(serializers.Serializer):
    title = serializers.CharField()
    date = serializers.DateField()
    url = LinkField(lambda meeting: meeting.get_absolute_url())
    api_url = LinkField(meeting_api_path)


class TurnDetailSerializer(TurnSerializer):
    meeting = MeetingRefSerializer()


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    sort_name = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2, or empty.")
    country_name = serializers.CharField()
    meeting_count = serializers.IntegerField()
    wikidata_id = serializers.CharField(help_text="Wikidata item (Q…), or empty.")
    url = LinkField(lambda person: person.get_absolute_url())
    api_url = LinkField(person_api_path)


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    first = serializers.DateField(help_text="Date of the first meeting in this role.")
    last = serializers.DateField(help_text="Date of the last meeting in this role.")
    meetings = serializers.IntegerField()


class CounterpartSerializer(PersonRefSerializer):
    together = serializers.IntegerField(help_text="Published meetings both took part in.")


class YearCountSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    count = serializers.IntegerField()


class PersonDetailSerializer(PersonSerializer):
    roles = RoleSerializer(many=True, help_text="Roles held at meetings, earliest first.")
    counterparts = CounterpartSerializer(many=True, help_text="Those met most often, first.")
    meetings_per_year = YearCountSerializer(many=True)
    meetings_api_url = serializers.URLField(help_text="This person's meetings in the API.")


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2, upper case.")
    name = serializers.CharField()
    meetings = serializers.IntegerField()
    leaders = serializers.IntegerField()
    url = LinkField(lambda c: reverse("meetings:country_detail", args=[c["code"].lower()]))
    api_url = LinkField(lambda c: reverse("api:country", args=[c["code"].lower()]))


class CountryDetailSerializer(CountrySerializer):
    people = PersonSerializer(many=True)
    meetings_api_url = serializers.URLField(help_text="Meetings of this country's leaders.")


class MeetingFilterSerializer(serializers.Serializer):
    """The meeting list's filters; `from` and `to` are added by name (Python keywords)."""

    leader = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        max_length=20,
        help_text="A leader's slug; repeat it for meetings they all took part in.",
    )
    country = serializers.CharField(required=False, help_text="ISO 3166-1 alpha-2 code.")
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices, required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])
        fields["to"] = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])
        return fields

    def validate_leader(self, slugs: list[str]) -> list[Person]:
        wellformed = [slug for slug in slugs if SLUG_RE.match(slug)]
        found = {
            person.slug: person for person in Person.objects.public().filter(slug__in=wellformed)
        }
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise serializers.ValidationError(f"No leader {unknown[0][:60]!r} in the archive.")
        return list(found.values())

    def validate_country(self, value: str) -> str:
        code = value.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code) or not country_name(code):
            raise serializers.ValidationError("Not an ISO 3166-1 alpha-2 country code.")
        return code

    def validate(self, data):
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            raise serializers.ValidationError({"to": "The end date is before the start date."})
        return data


class SearchHitSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="The statement's number in its meeting.")
    speaker = serializers.CharField(source="speaker_name")
    label = serializers.CharField()
    role = serializers.CharField()
    country = serializers.CharField()
    meeting_title = serializers.SerializerMethodField()
    date = serializers.DateField()
    place = serializers.CharField()
    snippet = serializers.SerializerMethodField(help_text="Plain text around the matches.")
    snippet_html = serializers.CharField(
        source="snippet", help_text="The same, escaped HTML with the matches in <mark>."
    )
    url = LinkField(lambda hit: hit.url)
    api_url = LinkField(
        lambda hit: turn_api_path(Meeting(date=hit.date, slug=hit.meeting_slug), hit.number)
    )

    def get_meeting_title(self, hit) -> str:
        return html.unescape(strip_tags(hit.meeting_title))

    def get_snippet(self, hit) -> str:
        return html.unescape(strip_tags(hit.snippet))


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    speaker = FacetValueSerializer(many=True)
    country = FacetValueSerializer(many=True)
    year = FacetValueSerializer(many=True)


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="The query as searched.")
    count = serializers.IntegerField(help_text="Matching statements (an estimate if not exact).")
    count_exact = serializers.BooleanField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField(help_text="At most 1,000 hits can be paged through.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    hits = SearchHitSerializer(many=True)
    facets = FacetsSerializer()
    suggestion = serializers.CharField(allow_null=True, help_text="A spelling to try instead.")
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text="Parameters that could not be used (and were left out), as the page says.",
    )
