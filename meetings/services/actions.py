"""Actions agreed at a meeting: recorded against an item, corrected or withdrawn with a recorded
reason, and marked done."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import check_version, record_version, save_audited
from members.models import Person

from ..models import (
    Action,
    AgendaItem,
)
from .attendance import check_drafting


@transaction.atomic
def action_add(
    *,
    item: AgendaItem,
    description: str,
    owner: Person | None,
    owner_name: str,
    due_on: dt.date | None,
    by,
    due_precision: str = Action.DuePrecision.DAY,
) -> Action:
    check_drafting(item.meeting)
    return save_audited(  # the model's constraint asks for an owner
        Action(
            meeting=item.meeting,
            item=item,
            description=description,
            owner=owner,
            owner_name=owner_name.strip(),
            due_on=due_on,
            due_precision=due_precision,
        ),
        by=by,
        reason="Action recorded",
    )


@transaction.atomic
def action_complete(*, action: Action, by, on: dt.date | None = None) -> Action:
    if action.status != Action.Status.OPEN:
        raise ValidationError("This action is already closed.")
    action.status = Action.Status.DONE
    action.completed_on = on or timezone.localdate()
    return save_audited(action, by=by, reason="Action completed")


def _reason(reason: str, *, doing: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": f"Give the reason for {doing}."})
    return reason


@transaction.atomic
def action_correct(
    *,
    action: Action,
    description: str,
    owner: Person | None,
    owner_name: str,
    due_on: dt.date | None,
    reason: str,
    by,
    due_precision: str = Action.DuePrecision.DAY,
    loaded_version: int | None = None,
) -> Action:
    """Correct an action's owner, due date or description, recording why. Open or closed: the
    record of what was agreed stays true."""
    reason = _reason(reason, doing="the correction")
    current = Action.objects.select_for_update().get(pk=action.pk)
    check_version(loaded_version, record_version(current), current)
    current.description = description
    current.owner = owner
    current.owner_name = owner_name.strip()
    current.due_on = due_on
    current.due_precision = due_precision if due_on else Action.DuePrecision.DAY
    return save_audited(current, by=by, reason=f"Action corrected: {reason}")


@transaction.atomic
def action_withdraw(*, action: Action, reason: str, by, loaded_version: int | None = None) -> Action:
    """Withdraw an open action (recorded in error, or overtaken): it is dropped, not deleted, and
    the reason is in its history."""
    reason = _reason(reason, doing="withdrawing the action")
    current = Action.objects.select_for_update().get(pk=action.pk)
    check_version(loaded_version, record_version(current), current)
    if current.status != Action.Status.OPEN:
        raise ValidationError("This action is already closed.")
    current.status = Action.Status.DROPPED
    current.completed_on = timezone.localdate()
    return save_audited(current, by=by, reason=f"Action withdrawn: {reason}")
