"""Every turn has a reading position, unique in its meeting; transcripts read by it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_turn_position_and_imported_at")]

    operations = [
        migrations.AlterField(
            model_name="turn",
            name="position",
            field=models.PositiveIntegerField(help_text="Place in the reading order, from 1."),
        ),
        migrations.AlterField(
            model_name="turn",
            name="sequence",
            field=models.PositiveIntegerField(
                help_text="The statement's permanent number (#t<n>): it never changes or returns.",
                verbose_name="number",
            ),
        ),
        migrations.AlterModelOptions(name="turn", options={"ordering": ["meeting", "position"]}),
        migrations.AddConstraint(
            model_name="turn",
            constraint=models.UniqueConstraint(
                fields=("meeting", "position"), name="turn_unique_position"
            ),
        ),
        migrations.AddConstraint(
            model_name="turn",
            constraint=models.CheckConstraint(
                condition=models.Q(("position__gte", 1)), name="turn_position_positive"
            ),
        ),
    ]
