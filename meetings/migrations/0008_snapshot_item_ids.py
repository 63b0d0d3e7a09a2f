"""Each entry of a frozen public agenda names the item it came from, so that an item made
confidential after publication is withdrawn by its identity, not by its number (which changes
when items move). Publications made before this know only the numbers: the item each number
stood for at the moment of publication is read from the items' history."""

from django.db import migrations


def name_the_items(apps, schema_editor):
    publication_model = apps.get_model("meetings", "AgendaPublication")
    item_history = apps.get_model("meetings", "HistoricalAgendaItem")
    for publication in publication_model.objects.order_by("pk").iterator():
        entries = publication.snapshot.get("items", [])
        if all("id" in entry for entry in entries):
            continue
        as_it_stood = {}
        rows = item_history.objects.filter(
            meeting_id=publication.meeting_id, history_date__lte=publication.published_at
        ).order_by("id", "-history_date", "-history_id")
        for row in rows:
            as_it_stood.setdefault(row.id, row)
        by_number = {row.position: row.id for row in as_it_stood.values() if row.history_type != "-"}
        for entry in entries:
            entry.setdefault("id", by_number.get(entry["number"]))
        publication.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_agenda_publication_restricted")]

    operations = [migrations.RunPython(name_the_items, migrations.RunPython.noop)]
