"""Keep what the public already reads: existing confidential items keep their titles withheld,
and items already on a published agenda keep the number they were published with.

From 0012 an exempt item's title is public unless the officer marks the title itself exempt
(`AgendaItem.title_exempt`), and each item's public number is frozen at publication
(`AgendaItem.number_label`). Items written before then were published under the old rule
(every exempt title withheld; numbers as positions), so they are marked here to keep it.

Each changed item gets a history row saying so (a data migration's saves write none of their own).
The stored agendas are brought to the shape publication now writes (numbers as text; an exempt
entry says whether its title is withheld and which paragraph it cites), so the next supplement
compares like with like and lists only what really changed.
"""

from django.db import migrations
from django.utils import timezone


PARAGRAPHS = {
    1: "information relating to an individual",
    2: "information likely to reveal the identity of an individual",
    3: "information relating to the financial or business affairs of any particular person",
    4: "information relating to consultations or negotiations in labour relations matters",
    5: "information in respect of which a claim to legal professional privilege could be maintained",
    6: "information revealing an intended notice, order or direction under an enactment",
    7: "information relating to the prevention, investigation or prosecution of crime",
}


def _reshape(entry: dict, paragraphs: dict) -> dict:
    entry = {**entry, "number": str(entry["number"])}
    if entry.get("exempt") and "title_withheld" not in entry:
        paragraph = paragraphs.get(entry.get("id"))
        entry["title_withheld"] = paragraph is not None
        entry["exempt_description"] = f"{PARAGRAPHS[paragraph]} (paragraph {paragraph})" if paragraph else ""
    return entry


def keep(apps, schema_editor) -> None:
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    AgendaPublication = apps.get_model("meetings", "AgendaPublication")
    HistoricalAgendaItem = apps.get_model("meetings", "HistoricalAgendaItem")
    fields = [field.attname for field in AgendaItem._meta.concrete_fields]
    published = {}
    paragraphs = dict(
        AgendaItem.objects.filter(confidential=True, exempt_paragraph__isnull=False).values_list(
            "pk", "exempt_paragraph"
        )
    )
    for publication in AgendaPublication.objects.order_by("meeting_id", "number").iterator():
        for entry in publication.snapshot.get("items", []):
            if entry.get("id") is not None:
                published[entry["id"]] = str(entry["number"])
        publication.snapshot = {
            **publication.snapshot,
            "items": [_reshape(entry, paragraphs) for entry in publication.snapshot.get("items", [])],
        }
        publication.restricted = {
            key: {**entry, "number": str(entry["number"])} for key, entry in publication.restricted.items()
        }
        publication.save(update_fields=["snapshot", "restricted"])  # neither is in the history
    for item in AgendaItem.objects.order_by("pk").iterator():
        reasons = []
        if item.confidential and not item.title_exempt:
            item.title_exempt = True
            reasons.append("title kept exempt, as published before titles could be public")
        if not item.number_label and item.pk in published:
            item.number_label = published[item.pk]
            reasons.append("published number frozen")
        if not reasons:
            continue
        item.save(update_fields=["title_exempt", "number_label"])
        HistoricalAgendaItem.objects.create(
            **{name: getattr(item, name) for name in fields},
            history_date=timezone.now(),
            history_type="~",
            history_change_reason="; ".join(reasons).capitalize(),
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0013_agendas_frozen_numbers_exempt_titles")]

    operations = [migrations.RunPython(keep, migrations.RunPython.noop, elidable=True)]
