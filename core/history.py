"""The history of governance records, told for people: who changed what, when, and why.

The history page reads a fixed number of queries whatever the length of the history: the rows
themselves (by the caller, one query per kind of record), then, for the page shown, one query per
kind of record for the versions before the changed rows, one per relation a label names, and one
per many-to-many field a diff compares. Nothing is read row by row (`prev_record`, a label's
foreign key, an m2m diff would each cost a query per row).
"""

import bisect
import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import chain

from django.core.paginator import Page, Paginator
from django.db.models import ForeignKey, prefetch_related_objects

from .dates import format_date, format_datetime, format_time

HISTORY_PAGE_SIZE = 50

KINDS = {"+": "Created", "~": "Changed", "-": "Removed"}

_UNSET = object()


def _describe(name: str, old: str, new: str) -> list[str]:
    if "\n" in old + new or len(old) + len(new) > 160:
        diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        changed = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        return [f"{name}:", *(f"{'removed' if line[0] == '-' else 'added'}: {line[1:]}" for line in changed)]
    return [f"{name}: “{old}” → “{new}”"]


def _m2m_fields(history_model) -> list[str]:
    """The many-to-many fields a kind of history row records (`HistoricalRecords(m2m_fields=...)`)."""
    return [
        field.name for field in history_model.instance_type._meta.many_to_many if hasattr(history_model, field.name)
    ]


def _m2m_rows(record, field: str, loaded: dict | None = None) -> list[dict]:
    """The rows of one many-to-many field as this version recorded them, in the form and order
    django-simple-history's own diff compares them. From `loaded` when the page read them."""
    through = getattr(record, field).model
    rows = loaded[record, field] if loaded is not None else list(getattr(record, field).all())
    fields = [f for f in through._meta.fields if f.editable and f.name not in ("id", "m2m_history_id", "history")]
    target = record.instance_type._meta.get_field(field).m2m_reverse_field_name()
    return sorted(({f.name: getattr(row, f.attname) for f in fields} for row in rows), key=lambda row: row[target])


def _load_m2m(records: Iterable) -> dict:
    """Every many-to-many row of `records`: one query per kind of record and field."""
    by_model = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record)
    loaded = {}
    for model, group in by_model.items():
        for field in _m2m_fields(model):
            rows = defaultdict(list)
            through = getattr(group[0], field).model
            for row in through._default_manager.filter(history__in=[record.pk for record in group]):
                rows[row.history_id].append(row)
            loaded.update({(record, field): rows[record.pk] for record in group})
    return loaded


def _foreign_keys(model) -> dict:
    """The foreign keys of a kind of record, by name: a change names the record, never its id."""
    return {field.name: field for field in model._meta.concrete_fields if isinstance(field, ForeignKey)}


def _m2m_target(record, field: str):
    """The model a many-to-many field of this kind of history row points to, and the key of the
    through row's column that holds its id."""
    model_field = record.instance_type._meta.get_field(field)
    return model_field.related_model, model_field.m2m_reverse_field_name()


def _name(model, pk, names: dict | None) -> str:
    """A related record's name for the history: read from `names` (loaded for the page) or, for
    one record, looked up; a record since removed says so."""
    if pk in (None, ""):
        return ""
    if names is None:
        found = model._base_manager.filter(pk=pk).first()
        return str(found) if found is not None else "(removed)"
    return names.get((model, pk), "(removed)")


def _readable(value):
    """A date or time as people read it ("9:30am", "13 January 2027"), through `core.dates`."""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value, weekday=False)
    if isinstance(value, dt.time):
        return format_time(value)
    return value


def _named(record, field: str, old, new, names: dict | None) -> tuple:
    """Old and new values of a change as people read them: the names of the records a foreign key
    or a many-to-many field points to (a person, a focus area, a resolution), not their ids; dates
    and times written out."""
    foreign_key = _foreign_keys(record.instance_type).get(field)
    if foreign_key is not None:
        return _name(foreign_key.related_model, old, names), _name(foreign_key.related_model, new, names)
    if field in _m2m_fields(type(record)):
        model, target = _m2m_target(record, field)
        return tuple(", ".join(sorted(_name(model, row[target], names) for row in rows)) for rows in (old, new))
    return _readable(old), _readable(new)


def _load_names(records: Sequence, previous: dict, loaded: dict) -> dict:
    """The names of every record a change on this page points to: one query per kind of record
    named, and one per relation its name reads (`prefetch_related_objects`)."""
    wanted = defaultdict(set)
    for record in records:
        before = previous.get(record)
        if before is None:
            continue
        for field in _foreign_keys(record.instance_type).values():
            old, new = getattr(before, field.attname), getattr(record, field.attname)
            if old != new:
                wanted[field.related_model].update(pk for pk in (old, new) if pk is not None)
        for field in _m2m_fields(type(record)):
            model, target = _m2m_target(record, field)
            for version in (before, record):
                wanted[model].update(row[target] for row in _m2m_rows(version, field, loaded))
    names = {}
    for model, pks in wanted.items():
        found = list(model._base_manager.filter(pk__in=pks))
        prefetch_related_objects(found, *_foreign_keys(model))
        names.update({(model, instance.pk): str(instance) for instance in found})
    return names


def describe_changes(record, previous=_UNSET, *, loaded: dict | None = None, names: dict | None = None) -> list[str]:
    """What changed between this version and the one before: short values as old → new, long
    text (minutes) as the lines removed and added; a record another points to by its name. Pass
    `previous` when it is already at hand (`history_entries` does, for a whole page at once, with
    the `names` it read); otherwise it is read (one query)."""
    if previous is _UNSET:
        previous = record.prev_record
    if previous is None:
        return []
    m2m_fields = _m2m_fields(type(record))
    changes = [
        (change.field, change.old, change.new)
        for change in record.diff_against(previous, excluded_fields=m2m_fields).changes
    ]
    for field in m2m_fields:
        old, new = _m2m_rows(previous, field, loaded), _m2m_rows(record, field, loaded)
        if old != new:
            changes.append((field, old, new))
    lines = []
    for field, old, new in sorted(changes, key=lambda change: change[0]):
        old, new = _named(record, field, old, new, names)
        lines.extend(_describe(field.replace("_", " "), str(old or ""), str(new or "")))
    return lines


def _previous_versions(records: Sequence) -> dict:
    """The version before each changed record, keyed by the record's history row: one query per
    kind of record, pairing each row with the latest earlier row of the same object in Python."""
    changed = defaultdict(list)
    for record in records:
        if record.history_type == "~":
            changed[type(record)].append(record)
    previous = {}
    for model, rows in changed.items():
        key = model.instance_type._meta.pk.attname
        versions = defaultdict(list)
        earlier = model._default_manager.filter(
            **{f"{key}__in": {getattr(row, key) for row in rows}},
            history_date__lt=max(row.history_date for row in rows),
        ).order_by("history_date", "history_id")
        for version in earlier:
            versions[getattr(version, key)].append(version)
        for row in rows:
            candidates = versions[getattr(row, key)]
            before = bisect.bisect_left([version.history_date for version in candidates], row.history_date)
            previous[row] = candidates[before - 1] if before else None
    return previous


def _labels(records: Sequence) -> dict:
    """Each record's label as the record stood at that version, with the records a label may name
    (`Meeting.__str__` names its body) read once per relation for the whole page."""
    instances = {record: record.instance for record in records if record.history_type != "-"}
    by_model = defaultdict(list)
    for instance in instances.values():
        by_model[type(instance)].append(instance)
    for model, group in by_model.items():
        relations = [field.name for field in model._meta.concrete_fields if isinstance(field, ForeignKey)]
        prefetch_related_objects(group, *relations)
    return {record: str(instance) for record, instance in instances.items()}


def _entries(records: Sequence) -> list[dict]:
    previous = _previous_versions(records)
    loaded = _load_m2m(chain(previous, filter(None, previous.values())))
    labels = _labels(records)
    names = _load_names(records, previous, loaded)
    return [
        {
            "when": record.history_date,
            "who": record.history_user,
            "what": record._meta.model.instance_type._meta.verbose_name.capitalize(),
            "label": labels.get(record, "(removed)"),
            "kind": KINDS[record.history_type],
            "reason": record.history_change_reason,
            "changes": (
                describe_changes(record, previous[record], loaded=loaded, names=names)
                if record.history_type == "~"
                else []
            ),
        }
        for record in records
    ]


def _newest_first(record_sets: Iterable[Iterable]) -> list:
    return sorted(chain(*record_sets), key=lambda record: record.history_date, reverse=True)


def history_entries(*record_sets: Iterable) -> list[dict]:
    """History rows of several models, newest first, ready for the history table. Pass each
    queryset with `select_related("history_user")`."""
    return _entries(_newest_first(record_sets))


def history_page(*record_sets: Iterable, number=None, per_page: int = HISTORY_PAGE_SIZE) -> Page:
    """One page of `history_entries`: the changes are worked out for the rows shown only.
    `number` is the page asked for (the `page` query parameter): past the end gives the last
    page, anything not a number the first (`Paginator.get_page`)."""
    page = Paginator(_newest_first(record_sets), per_page).get_page(number)
    page.object_list = _entries(page.object_list)
    return page
