"""Mark, in each meeting, the item at which the minutes of the previous meeting are approved.

Until now the approval of the minutes looked for the item by its title (the first item whose
title contains "minutes"); from 0009 a field (`AgendaItem.kind`) marks it, set by the services
that create it. Existing meetings are marked here by that old rule: the earliest item whose
title contains "minutes". This migration is the only place the title match lives on.

Each marked item gets a history row saying so (a data migration's saves write none of their own).
"""

from django.db import migrations
from django.utils import timezone

PREVIOUS_MINUTES = "previous_minutes"


def mark(apps, schema_editor) -> None:
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    HistoricalAgendaItem = apps.get_model("meetings", "HistoricalAgendaItem")
    fields = [field.attname for field in AgendaItem._meta.concrete_fields]
    marked = set()
    candidates = AgendaItem.objects.filter(title__icontains="minutes").order_by("meeting_id", "position")
    for item in candidates.iterator():
        if item.meeting_id in marked:
            continue
        marked.add(item.meeting_id)
        item.kind = PREVIOUS_MINUTES
        item.save(update_fields=["kind"])
        HistoricalAgendaItem.objects.create(
            **{name: getattr(item, name) for name in fields},
            history_date=timezone.now(),
            history_type="~",
            history_change_reason="Marked as the item for the minutes of the previous meeting",
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_agenda_item_kind")]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop, elidable=True)]
