"""Actions agreed at a meeting: recorded against an item and marked done."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import save_audited
from members.models import Person

from ..models import (
    Action,
    AgendaItem,
)
from .attendance import check_drafting


@transaction.atomic
def action_add(
    *, item: AgendaItem, description: str, owner: Person | None, owner_name: str, due_on: dt.date | None, by
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
