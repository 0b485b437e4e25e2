"""Model signals that schedule index work; the work itself happens after commit."""

from django.db.models.signals import post_delete, post_save

from ...models import Meeting, Participation, Person, Turn
from .indexing import schedule_meeting_reindex, schedule_person_reindex


def _meeting_changed(sender, instance, **kwargs):
    schedule_meeting_reindex(instance.pk)


def _part_changed(sender, instance, **kwargs):
    schedule_meeting_reindex(instance.meeting_id)


def _person_saved(sender, instance, created, **kwargs):
    if not created:
        schedule_person_reindex(instance.pk)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_meeting_changed, sender=Meeting, dispatch_uid="search-meeting")
        for model in (Turn, Participation):
            signal.connect(_part_changed, sender=model, dispatch_uid=f"search-{model.__name__}")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="search-person")
