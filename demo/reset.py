"""Deleting the demo partnerships, whatever records the apps hold about them.

Every model that leads to a partnership through its foreign keys is found from the models
themselves (so records added by new features go too), deleted in passes until nothing of the demo
partnerships is left (a pass refused by a protecting reference waits for the next), and the
history rows of every deleted record are removed with them: the demo is rebuilt from nothing.
"""

from collections import deque

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, Q, RestrictedError

from boards.models import Partnership

from .models import DemoBuild

DEMO_SLUGS = ("milton-keynes", "derby")
MAX_DEPTH = 5


def _is_history(model) -> bool:
    return hasattr(model, "instance_type")  # django-simple-history's historical models


def paths_to_partnership(model) -> list[str]:
    """Every lookup path from `model` to Partnership along foreign keys, shortest first."""
    found, queue = [], deque([(model, "", 0)])
    while queue:
        current, prefix, depth = queue.popleft()
        if depth >= MAX_DEPTH:
            continue
        for field in current._meta.get_fields():
            if not (field.is_relation and field.concrete and (field.many_to_one or field.one_to_one)):
                continue
            target = field.related_model
            path = f"{prefix}{field.name}"
            if target is Partnership:
                found.append(path)
            elif target is not None and target is not current and not _is_history(target):
                queue.append((target, f"{path}__", depth + 1))
    return found


def demo_records() -> dict[type[models.Model], list]:
    """The primary keys of every record that belongs to a demo partnership, by model."""
    partnerships = list(Partnership.objects.filter(slug__in=DEMO_SLUGS).values_list("pk", flat=True))
    records: dict[type[models.Model], list] = {}
    if partnerships:
        records[Partnership] = partnerships
    for model in apps.get_models():
        if model is Partnership or _is_history(model) or model._meta.auto_created:
            continue
        paths = paths_to_partnership(model)
        if not paths:
            continue
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{path}__in": partnerships})
        pks = list(model._default_manager.filter(condition).values_list("pk", flat=True))
        if pks:
            records[model] = pks
    return records


@transaction.atomic
def delete_demo() -> int:
    """Delete the demo partnerships, everything that belongs to them and its history. Returns
    how many records were deleted."""
    records = demo_records()
    files = [
        (field.storage, name)
        for model, pks in records.items()
        for field in model._meta.fields
        if isinstance(field, models.FileField)
        for name in model._default_manager.filter(pk__in=pks).values_list(field.name, flat=True)
        if name
    ]
    # A record pointing at another of its own kind (minutes approved at a later meeting) would
    # protect it from its own deletion: those references are cleared first.
    for model, pks in records.items():
        for field in model._meta.fields:
            if field.is_relation and field.related_model is model and field.null:
                model._default_manager.filter(pk__in=pks).update(**{field.name: None})
    pending = {model: pks for model, pks in records.items()}
    while pending:
        progress = False
        for model in sorted(pending, key=lambda m: -min((p.count("__") for p in paths_to_partnership(m)), default=0)):
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk__in=pending[model]).delete()
            except (ProtectedError, RestrictedError, IntegrityError):
                continue
            progress = True
        pending = {model: pks for model, pks in pending.items() if model._default_manager.filter(pk__in=pks).exists()}
        if pending and not progress:
            raise RuntimeError(f"The demo could not be deleted: {sorted(m.__name__ for m in pending)} stay protected.")
    for model, pks in records.items():
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "model"):
            history.model.objects.filter(**{f"{model._meta.pk.attname}__in": pks}).delete()
    # The history of many-to-many fields (a partnership's officers) hangs from the history rows.
    for model in apps.get_models():
        if _is_history(model) and not hasattr(model, "history_type"):
            parent = model._meta.get_field("history").related_model
            model.objects.exclude(history__in=parent.objects.values("pk")).delete()
    DemoBuild.objects.all().delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return sum(len(pks) for pks in records.values())
