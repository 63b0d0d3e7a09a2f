"""Put every existing person in one partnership's register.

Each person goes to the partnership their records belong to, looked for in this order:

1. their seats (the partnership of the body of their earliest seat);
2. their Nolan undertakings, interests and registers of interests;
3. the seats they deputise for;
4. the meetings they chaired, attended, stood in for, declared at, proposed items to or own
   actions of (the meeting's body, or a commission recommendation's body);
5. their own sign-in, when it is an officer of exactly one partnership;
6. the officer who added them (their first history row), when an officer of exactly one
   partnership;
7. the only partnership, when the installation has one.

Someone whose records belong to two or more partnerships (the register used to be shared) is
split: they stay in the first partnership found, with their sign-in, and for every other
partnership a copy of them (same name, address in public pages and private contact details, no
sign-in) takes over that partnership's records, so no partnership's officers read another's. The
copy gets a history row saying so. Rows moved to a copy keep their own history as it was.

A person none of these places is refused: the migration stops and names them, for an
administrator to place (give them a seat) or delete, rather than guess whose private details
they are.
"""

from collections import defaultdict

from django.db import migrations
from django.utils import timezone

# (app, model, the column naming the person, the path to the partnership's id, the order of age)
LINKS = [
    ("members", "Membership", "person", "body__partnership", ("starts_on", "pk")),
    ("members", "NolanUndertaking", "person", "partnership", ("signed_on", "pk")),
    ("members", "InterestEntry", "person", "partnership", ("registered_on", "pk")),
    ("members", "InterestRegister", "person", "partnership", ("completed_on", "pk")),
    ("members", "Deputy", "person", "body__partnership", ("pk",)),
    ("meetings", "Meeting", "chaired_by", "body__partnership", ("starts_at", "pk")),
    ("meetings", "Attendance", "person", "meeting__body__partnership", ("meeting__starts_at", "pk")),
    ("meetings", "Attendance", "substitute_for", "meeting__body__partnership", ("meeting__starts_at", "pk")),
    ("meetings", "Declaration", "person", "meeting__body__partnership", ("meeting__starts_at", "pk")),
    ("meetings", "AgendaProposal", "proposed_by", "meeting__body__partnership", ("pk",)),
    ("meetings", "Action", "owner", "meeting__body__partnership", ("pk",)),
    ("meetings", "Action", "owner", "recommendation__commission__body__partnership", ("pk",)),
]

PERSON_FIELDS = ("honorific", "given_name", "family_name", "slug", "email", "phone")


def _partnerships_by_person(apps) -> dict[int, list[int]]:
    """Each person's partnerships, in the order of LINKS and, within one, oldest first."""
    found: dict[int, list[int]] = defaultdict(list)
    for app, model_name, column, path, order in LINKS:
        model = apps.get_model(app, model_name)
        rows = (
            model.objects.filter(**{f"{column}__isnull": False, f"{path}__isnull": False})
            .order_by(*order)
            .values_list(f"{column}_id", path)
        )
        for person_id, partnership_id in rows:
            if partnership_id not in found[person_id]:
                found[person_id].append(partnership_id)
    return found


def _officer_of_one(apps, user_id) -> int | None:
    if user_id is None:
        return None
    Partnership = apps.get_model("boards", "Partnership")
    ids = list(Partnership.objects.filter(officers__pk=user_id).values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def _split(apps, person, partnership_id: int) -> None:
    """A copy of `person` in `partnership_id`'s register takes over that partnership's records."""
    Person = apps.get_model("members", "Person")
    HistoricalPerson = apps.get_model("members", "HistoricalPerson")
    copy = Person.objects.create(partnership_id=partnership_id, **{f: getattr(person, f) for f in PERSON_FIELDS})
    HistoricalPerson.objects.create(
        id=copy.pk,
        partnership_id=partnership_id,
        **{f: getattr(person, f) for f in PERSON_FIELDS},
        history_date=timezone.now(),
        history_type="+",
        history_change_reason=f"The shared register was divided by partnership: this partnership's copy of person {person.pk}",
    )
    for app, model_name, column, path, _order in LINKS:
        model = apps.get_model(app, model_name)
        # A data migration writes no history rows for these moves; the copy's own row says why.
        model.objects.filter(**{f"{column}_id": person.pk, path: partnership_id}).update(**{f"{column}_id": copy.pk})


def fill(apps, schema_editor) -> None:
    Person = apps.get_model("members", "Person")
    HistoricalPerson = apps.get_model("members", "HistoricalPerson")
    Partnership = apps.get_model("boards", "Partnership")
    by_person = _partnerships_by_person(apps)
    only = list(Partnership.objects.values_list("pk", flat=True)[:2])
    only = only[0] if len(only) == 1 else None
    unplaced = []
    for person in Person.objects.filter(partnership__isnull=True).order_by("pk"):
        partnerships = by_person.get(person.pk, [])
        if not partnerships:
            first = HistoricalPerson.objects.filter(id=person.pk).order_by("history_id").first()
            placed = (
                _officer_of_one(apps, person.user_id)
                or _officer_of_one(apps, first.history_user_id if first else None)
                or only
            )
            partnerships = [placed] if placed else []
        if not partnerships:
            unplaced.append(f"{person.pk} ({person.given_name} {person.family_name})")
            continue
        person.partnership_id = partnerships[0]
        person.save(update_fields=["partnership"])
        HistoricalPerson.objects.filter(id=person.pk).update(partnership_id=partnerships[0])
        for partnership_id in partnerships[1:]:
            _split(apps, person, partnership_id)
    if unplaced:
        raise RuntimeError(
            "These people belong to no partnership (no seat, undertaking, interest, deputy role or meeting, "
            "and not added by the officer of one partnership): give each a seat or delete them, then migrate "
            "again: " + ", ".join(unplaced)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_person_partnership_and_slug_per_partnership"),
        ("meetings", "0006_minutes_publication_html"),
        ("commissions", "0002_establishment_extensions_sessions_recommendations"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
