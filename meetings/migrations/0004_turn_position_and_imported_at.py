"""Turns get a reading position apart from their permanent number; meetings remember when
they were last imported.

Until now a turn's number was also its place in the transcript, so the positions start out
equal to the numbers. A meeting that came from a source (it has a raw text fingerprint) is
taken to have been imported when it was created.
"""

from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    Turn = apps.get_model("meetings", "Turn")
    Meeting = apps.get_model("meetings", "Meeting")
    Turn.objects.update(position=F("sequence"))
    Meeting.objects.exclude(raw_text_sha256="").update(imported_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_meeting_language_bcp47")]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="imported_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the importer last wrote this meeting from its source.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="turn",
            name="position",
            field=models.PositiveIntegerField(
                null=True, help_text="Place in the reading order, from 1."
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
