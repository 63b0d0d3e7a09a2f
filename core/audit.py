"""The one way governance records are written: validated, attributed and with a reason.

Every governance model carries `HistoricalRecords()`. Writing through these helpers puts the
acting user and a human reason ("Minutes published") on the history row. `QuerySet.update()` and
`bulk_*` write no history, so they are not used on tracked models.
"""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.db.models import Max
from django.utils import timezone

from core.dates import format_date, format_time


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


# -- Conflict-aware edits --------------------------------------------------------------------------
#
# An edit form carries the version of what it loaded; the service refuses a save when the record
# changed since. The version is the id of the record's latest history row: every write through
# `save_audited` adds one, so no model needs a counter of its own, and a set of records (a
# meeting's attendance) has a version too: the latest history id among them.


def version_of(*histories) -> int:
    """The latest history row id across the given history querysets (0 when there is none)."""
    latest = 0
    for history in histories:
        latest = max(latest, history.aggregate(latest=Max("history_id"))["latest"] or 0)
    return latest


def record_version(instance: models.Model | None) -> int:
    """The version of one record: its latest history row's id, 0 for a record not yet saved."""
    if instance is None or instance.pk is None:
        return 0
    return version_of(instance.history.all())


class StaleEdit(Exception):
    """Someone else saved the record after this editor opened it."""

    def __init__(self, record, *, history=None) -> None:
        latest = (history if history is not None else record.history.all()).order_by("-history_id").first()
        who = "someone"
        if latest is not None and latest.history_user is not None:
            who = latest.history_user.get_full_name() or latest.history_user.get_username()
        when = timezone.localtime(latest.history_date) if latest is not None else timezone.localtime()
        self.message = (
            f"This was changed by {who} at {format_time(when)} on {format_date(when)} since you opened it. "
            "Your version is below and has not been saved: check their change, then save again."
        )
        super().__init__(self.message)


def check_version(loaded: int | None, current: int, record, *, history=None) -> None:
    """Refuse a save made from a stale copy. `loaded` None means the caller did not load a form
    (a one-click action or a script) and there is nothing to compare."""
    if loaded is not None and loaded != current:
        raise StaleEdit(record, history=history)
