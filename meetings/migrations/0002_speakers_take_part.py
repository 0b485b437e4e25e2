"""Give every speaker a participation in the meetings they speak at.

From here on, who took part in a meeting is read from participations alone; speakers an
editor had typed in turn by turn without listing them become participants with no role.
"""

from django.db import migrations
from django.db.models import Max


def add_speakers(apps, schema_editor):
    Participation = apps.get_model("meetings", "Participation")
    Turn = apps.get_model("meetings", "Turn")
    listed = set(Participation.objects.values_list("meeting_id", "person_id"))
    speaking = set(
        Turn.objects.exclude(speaker=None).values_list("meeting_id", "speaker_id").distinct()
    )
    missing = sorted(speaking - listed)
    if not missing:
        return
    last = dict(
        Participation.objects.filter(meeting_id__in={m for m, _ in missing})
        .values("meeting_id")
        .annotate(last=Max("order"))
        .values_list("meeting_id", "last")
    )
    rows = []
    for meeting_id, person_id in missing:
        last[meeting_id] = last.get(meeting_id, -1) + 1
        rows.append(
            Participation(meeting_id=meeting_id, person_id=person_id, order=last[meeting_id])
        )
    Participation.objects.bulk_create(rows, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(add_speakers, migrations.RunPython.noop)]
