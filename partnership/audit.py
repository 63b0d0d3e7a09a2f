"""The one way governance records are written: validated, attributed and with a reason.

Every governance model carries `HistoricalRecords()`. Writing through these helpers puts the
acting user and a human reason ("Minutes published") on the history row. `QuerySet.update()` and
`bulk_*` write no history, so they are not used on tracked models.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models


def save_audited[M: models.Model](instance: M, *, by: AbstractBaseUser | None, reason: str) -> M:
    """Validate and save `instance`, recording who did it and why in its history."""
    instance.full_clean()
    instance._change_reason = reason  # read by django-simple-history
    if by is not None:
        instance._history_user = by  # otherwise the request's user, if any
    instance.save()
    return instance


def delete_audited(instance: models.Model, *, by: AbstractBaseUser | None, reason: str) -> None:
    instance._change_reason = reason
    if by is not None:
        instance._history_user = by
    instance.delete()


def ensure[M: models.Model](
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any] | None = None,
    *,
    by: AbstractBaseUser | None,
    reason: str,
) -> M:
    """Get the row matching `lookup` and make its fields equal `values`.

    Saves only when the row is new or a value differs, so running it twice writes no second
    history row: what makes the demo data command idempotent.
    """
    values = values or {}
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        return save_audited(instance, by=by, reason=reason)
    changed = False
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    if changed:
        save_audited(instance, by=by, reason=reason)
    return instance
