"""Model signals that keep the archive's own invariants (the search index has its own)."""

from django.db.models.signals import post_save

from .models import Turn


def _turn_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the fixture carries its own participations
        return
    from .services import turn_speaker_take_part

    turn_speaker_take_part(instance)


def connect() -> None:
    post_save.connect(_turn_saved, sender=Turn, dispatch_uid="turn-speaker-takes-part")
