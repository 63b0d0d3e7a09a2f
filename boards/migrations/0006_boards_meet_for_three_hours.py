"""Data: each existing board's longest meeting is written down as what the code assumed until
now (three hours, seed 002), so the settings page shows it and an officer can change it."""

from django.db import migrations


def forwards(apps, schema_editor):
    Body = apps.get_model("boards", "Body")
    for body in Body.objects.filter(kind="board", max_meeting_minutes__isnull=True):
        body.max_meeting_minutes = 180
        body.save(update_fields=["max_meeting_minutes"])


class Migration(migrations.Migration):
    dependencies = [("boards", "0005_partnership_setup_settings")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
