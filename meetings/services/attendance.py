"""Holding the meeting: who is expected, the quorum, attendance and declarations of interest."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import check_version, save_audited, version_of
from members.models import Membership, Person

from ..models import (
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
)

DRAFTING_STATUSES = (Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED)


def check_drafting(meeting: Meeting) -> None:
    if meeting.status not in DRAFTING_STATUSES:
        if meeting.status in Meeting.MINUTES_PUBLIC_STATUSES:
            raise ValidationError(
                "The minutes have been published and are locked. After approval, record a correction instead."
            )
        raise ValidationError("Record the meeting as held before taking attendance or writing minutes.")


@transaction.atomic
def meeting_hold(*, meeting: Meeting, by, now: dt.datetime | None = None) -> Meeting:
    now = now or timezone.now()
    if meeting.is_cancelled:
        raise ValidationError("A cancelled meeting cannot be held.")
    if meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        raise ValidationError("This meeting has already been recorded as held.")
    if meeting.starts_at > now:
        raise ValidationError("A meeting can be recorded as held only once it has started.")
    meeting.status = Meeting.Status.HELD
    return save_audited(meeting, by=by, reason="Meeting held")


def members_expected(meeting: Meeting) -> list[Membership]:
    """The body's members on the day of the meeting, officers in attendance last."""
    memberships = meeting.body.memberships.current(meeting.date).select_related("person", "organisation")
    return sorted(memberships, key=lambda m: (m.role == Membership.Role.OFFICER, m.person.family_name))


@dataclass(frozen=True)
class Quorum:
    required: int | None
    present: int

    @property
    def quorate(self) -> bool | None:
        return None if self.required is None else self.present >= self.required


def quorum(meeting: Meeting) -> Quorum:
    """Voting members present in person or by substitute, against the body's quorum."""
    voting = {m.person_id for m in meeting.body.memberships.current(meeting.date).filter(voting=True)}
    present = 0
    for attendance in meeting.attendances.all():
        if (attendance.status == Attendance.Status.PRESENT and attendance.person_id in voting) or (
            attendance.status == Attendance.Status.SUBSTITUTE and attendance.substitute_for_id in voting
        ):
            present += 1
    return Quorum(required=meeting.body.quorum, present=present)


def attendance_history(meeting: Meeting):
    """The history of the members' attendance at the meeting (not the others in attendance, who
    are added one by one and are not on the attendance form)."""
    return Attendance.history.filter(meeting_id=meeting.pk, person_id__isnull=False)


def attendance_version(meeting: Meeting) -> int:
    """The version of the meeting's attendance: what the attendance form loaded."""
    return version_of(attendance_history(meeting))


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    entries: list[tuple[Membership, str, Person | None]],
    by,
    loaded_version: int | None = None,
) -> None:
    """Record each member as present, apologies, absent or present by substitute, from the
    attendance the recorder loaded: a save over someone else's marks is refused."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    history = attendance_history(meeting)
    check_version(loaded_version, version_of(history), meeting, history=history)
    check_drafting(meeting)
    for membership, status, substitute in entries:
        record = Attendance.objects.filter(meeting=meeting, person=membership.person).first() or Attendance(
            meeting=meeting, person=membership.person
        )
        if status == Attendance.Status.SUBSTITUTE:
            if substitute is None:
                raise ValidationError(f"Say who substituted for {membership.person.full_name}.")
            # The substitute attends; the member is recorded as sending apologies.
            record.status = Attendance.Status.APOLOGIES
            sub = Attendance.objects.filter(meeting=meeting, person=substitute).first() or Attendance(
                meeting=meeting, person=substitute
            )
            sub.status = Attendance.Status.SUBSTITUTE
            sub.substitute_for = membership.person
            sub.role_shown = f"Substitute for {membership.person.full_name}"
            sub.organisation_shown = membership.organisation.name if membership.organisation else ""
        else:
            record.status = status
            sub = None
        record.role_shown = membership.job_title or membership.get_role_display()
        record.organisation_shown = membership.organisation.name if membership.organisation else ""
        record.substitute_for = None
        save_audited(record, by=by, reason="Attendance recorded")
        if sub is not None:
            save_audited(sub, by=by, reason="Attendance recorded")


@transaction.atomic
def attendance_add_other(*, meeting: Meeting, name: str, role: str, organisation: str, by) -> Attendance:
    check_drafting(meeting)
    return save_audited(
        Attendance(
            meeting=meeting,
            name=name.strip(),
            status=Attendance.Status.IN_ATTENDANCE,
            role_shown=role.strip(),
            organisation_shown=organisation.strip(),
        ),
        by=by,
        reason="Attendance recorded",
    )


@transaction.atomic
def declaration_add(
    *, item: AgendaItem, person: Person, nature: str, kind: str, left_room: bool, took_no_part: bool, by
) -> Declaration:
    check_drafting(item.meeting)
    if Declaration.objects.filter(item=item, person=person).exists():
        raise ValidationError(f"{person.full_name} has already declared an interest in this item.")
    return save_audited(
        Declaration(
            meeting=item.meeting,
            item=item,
            person=person,
            nature=nature,
            kind=kind,
            left_room=left_room,
            took_no_part=took_no_part,
        ),
        by=by,
        reason="Declaration of interest recorded",
    )
