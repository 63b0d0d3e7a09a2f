"""Building the agenda: the standard opening items, items, their order and cover reports."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from core.audit import StaleEdit, delete_audited, save_audited

from ..models import (
    AgendaItem,
    CoverReport,
    Meeting,
)
from .publication import agenda_withdraw_item, check_editable

# (title, purpose, expected minutes, kind)
STANDARD_OPENING_ITEMS = [
    ("Apologies for absence", AgendaItem.Purpose.NOTING, 5, AgendaItem.Kind.BUSINESS),
    ("Declarations of interest", AgendaItem.Purpose.NOTING, 5, AgendaItem.Kind.BUSINESS),
    ("Minutes of the previous meeting", AgendaItem.Purpose.DECISION, 10, AgendaItem.Kind.PREVIOUS_MINUTES),
    ("Matters arising", AgendaItem.Purpose.NOTING, 10, AgendaItem.Kind.BUSINESS),
]


def meeting_length_minutes(meeting: Meeting) -> int:
    """How long the meeting lasts, in minutes."""
    return int(meeting.length.total_seconds() // 60)


@transaction.atomic
def agenda_start(*, meeting: Meeting, by) -> list[AgendaItem]:
    """Propose the standard opening items on an empty agenda."""
    check_editable(meeting)
    if meeting.items.exists():
        raise ValidationError("The agenda already has items.")
    return [
        save_audited(
            AgendaItem(
                meeting=meeting,
                position=position,
                title=title,
                purpose=purpose,
                expected_minutes=minutes,
                kind=kind,
            ),
            by=by,
            reason="Standard opening item proposed",
        )
        for position, (title, purpose, minutes, kind) in enumerate(STANDARD_OPENING_ITEMS, start=1)
    ]


def _apply_confidentiality(item: AgendaItem) -> None:
    if not item.confidential:
        item.exempt_paragraph = None
        item.exempt_reason = ""
        item.title_exempt = False


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by, reason: str = "Agenda item added", **values) -> AgendaItem:
    check_editable(meeting)
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting, position=last + 1, **{k: v for k, v in values.items() if k in AgendaItem.EDITABLE_FIELDS}
    )
    _apply_confidentiality(item)
    item.version = 1
    return save_audited(item, by=by, reason=reason)


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, loaded_version: int, by, reason: str = "", **values) -> AgendaItem:
    """Edit an item. After publication the change waits for the next supplement; `reason`, the
    officer's reason for correcting a published item, is recorded in the history."""
    current = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    check_editable(current.meeting)
    if current.version != loaded_version:
        raise StaleEdit(current)
    was_confidential, title_was_exempt = current.confidential, current.title_exempt
    for name in AgendaItem.EDITABLE_FIELDS:
        if name in values:
            setattr(current, name, values[name])
    _apply_confidentiality(current)
    current.version += 1
    reason = " ".join(reason.split())
    saved = save_audited(
        current, by=by, reason=f"Agenda item corrected after publication: {reason}" if reason else "Agenda item edited"
    )
    if current.confidential and (not was_confidential or (current.title_exempt and not title_was_exempt)):
        agenda_withdraw_item(item=saved, by=by)
    return saved


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, by) -> None:
    """Swap the item with its neighbour above (`up`) or below. Numbers follow the order."""
    check_editable(item.meeting)
    items = list(AgendaItem.objects.select_for_update().filter(meeting=item.meeting).order_by("position"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(items):
        return
    mover, other = items[index], items[other_index]
    positions = (mover.position, other.position)
    mover.position = 0  # free the number: positions are unique within a meeting
    mover._change_reason, mover._history_user = "Agenda reordered", by
    mover.save(update_fields=["position"])
    other.position = positions[0]
    save_audited(other, by=by, reason="Agenda reordered")
    mover.position = positions[1]
    save_audited(mover, by=by, reason="Agenda reordered")


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by) -> None:
    check_editable(item.meeting)
    meeting = item.meeting
    delete_audited(item, by=by, reason="Agenda item removed")
    for position, later in enumerate(meeting.items.order_by("position"), start=1):
        if later.position != position:
            later.position = position
            save_audited(later, by=by, reason="Agenda renumbered")


@transaction.atomic
def report_save(*, item: AgendaItem, loaded_version: int, by, **values) -> CoverReport:
    check_editable(item.meeting)
    report = CoverReport.objects.select_for_update().filter(item=item).first()
    if report is None:
        if loaded_version != 0:
            raise StaleEdit(item)
        report = CoverReport(item=item)
        reason = "Report added"
    else:
        if report.version != loaded_version:
            raise StaleEdit(report)
        reason = "Report edited"
    for name in CoverReport.EDITABLE_FIELDS:
        if name in values:
            setattr(report, name, values[name])
    report.version += 1
    return save_audited(report, by=by, reason=reason)
