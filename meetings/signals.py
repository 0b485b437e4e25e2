"""Model signals that keep the archive's own invariants (the search index has its own)."""

from django.db.models.signals import post_save
from simple_history.signals import pre_create_historical_record

from .models import Meeting, Participation, Turn


def _turn_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the fixture carries its own participations
        return
    from .services import turn_speaker_take_part

    turn_speaker_take_part(instance)


def connect() -> None:
    from .changes import tag_history_row

    post_save.connect(_turn_saved, sender=Turn, dispatch_uid="turn-speaker-takes-part")
    for model in (Meeting, Turn, Participation):
        pre_create_historical_record.connect(
            tag_history_row,
            sender=model.history.model,
            dispatch_uid=f"history-change-{model.__name__}",
        )
