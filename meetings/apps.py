from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import overview, signals
        from .search.upkeep import signals as search_signals

        signals.connect()
        search_signals.connect()
        overview.connect()
