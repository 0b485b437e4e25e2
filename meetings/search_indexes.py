"""The search index: one document per speaker turn of a published meeting.

A document stores everything a search hit shows, so a page of hits renders without a
database query. Facet and filter fields are `FacetCharField`s: whole keywords, which every
Haystack backend leaves unanalysed.
"""

import hashlib

from django.db.models import OuterRef, Subquery
from haystack import indexes

from .models import Meeting, Participation, Turn


class TurnIndex(indexes.SearchIndex, indexes.Indexable):
    """A speaker turn, with its speaker and meeting."""

    # A statement's own words, its only matchable text: the engines index them stemmed, and
    # each keeps the words as written too, for prefixes (engines/).
    text = indexes.CharField(document=True, model_attr="text")

    sequence = indexes.IntegerField(model_attr="sequence")
    label = indexes.CharField(model_attr="label", indexed=False)
    speaker = indexes.FacetCharField(null=True)  # the person's slug
    speaker_name = indexes.CharField(indexed=False, null=True)
    role = indexes.CharField(indexed=False, null=True)
    country = indexes.FacetCharField(null=True)  # alpha-2

    meeting = indexes.IntegerField(model_attr="meeting_id")
    meeting_title = indexes.CharField(model_attr="meeting__title", indexed=False)
    meeting_slug = indexes.CharField(model_attr="meeting__slug", indexed=False)
    date = indexes.DateField(model_attr="meeting__date")
    year = indexes.FacetCharField()
    kind = indexes.FacetCharField(model_attr="meeting__kind")
    place = indexes.CharField(model_attr="meeting__place", indexed=False)

    # A hash of the document, to find turns whose indexed copy is out of date.
    fingerprint = indexes.FacetCharField(stored=False)

    def get_model(self):
        return Turn

    def index_queryset(self, using=None):
        participation = Participation.objects.filter(
            meeting=OuterRef("meeting_id"), person=OuterRef("speaker_id")
        )
        return (
            Turn.objects.filter(meeting__status=Meeting.Status.PUBLISHED)
            .select_related("meeting", "speaker")
            .annotate(
                participation_role=Subquery(participation.values("role")[:1]),
                participation_country=Subquery(participation.values("country")[:1]),
            )
            .order_by("pk")
        )

    def prepare_speaker(self, turn):
        return turn.speaker.slug if turn.speaker else None

    def prepare_speaker_name(self, turn):
        return turn.speaker.name if turn.speaker else None

    def prepare_role(self, turn):
        return _annotation(turn, "participation_role") or None

    def prepare_country(self, turn):
        if turn.speaker is None:
            return None
        return _annotation(turn, "participation_country") or turn.speaker.country or None

    def prepare_year(self, turn):
        return str(turn.meeting.date.year)

    def full_prepare(self, obj, with_string_facet=True):
        data = super().full_prepare(obj, with_string_facet)
        data["fingerprint"] = document_fingerprint(data)
        return data


def document_fingerprint(data: dict) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    for key in sorted(data):
        if key != "fingerprint":
            digest.update(f"{key}\x00{data[key]}\x01".encode())
    return digest.hexdigest()[:16]


def _annotation(turn, name):
    """Read a participation annotation, or look it up for a turn loaded without one."""
    if hasattr(turn, name):
        return getattr(turn, name)
    if turn.speaker_id is None:
        return None
    field = name.removeprefix("participation_")
    return (
        Participation.objects.filter(meeting_id=turn.meeting_id, person_id=turn.speaker_id)
        .values_list(field, flat=True)
        .first()
    )
