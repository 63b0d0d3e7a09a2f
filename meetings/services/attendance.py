"""Holding the meeting: who is expected, the quorum, attendance and declarations of interest."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.audit import check_version, delete_audited, save_audited, version_of
from members.models import Membership, Person, check_same_partnership
from members.services import person_save

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
    """Record the meeting as held. It is read again under a lock first: a copy loaded before
    another change (its exclusion resolution, a move) must not write that change back."""
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
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


@dataclass(frozen=True)
class Presiding:
    """Who was in the chair (the meeting's chair, and anyone who presided for one item instead)
    and who took the minutes, as recorded with the attendance."""

    chair: Person | None
    minutes_taken_by: Person | None = None
    item_chairs: dict[int, Person | None] = field(default_factory=dict)  # agenda item pk -> presiding


def body_chair(meeting: Meeting) -> Person | None:
    """The body's chair on the day of the meeting: who is in the chair unless recorded otherwise."""
    seat = (
        meeting.body.memberships.current(meeting.date)
        .filter(role=Membership.Role.CHAIR)
        .select_related("person")
        .first()
    )
    return seat.person if seat else None


def _next_position(meeting: Meeting) -> int:
    latest = meeting.attendances.filter(status=Attendance.Status.IN_ATTENDANCE).aggregate(latest=Max("position"))
    return (latest["latest"] or 0) + 1


def _save_attendance(record: Attendance, *, by) -> None:
    """Those in attendance keep the order they were entered in: a newcomer goes last."""
    if record.status == Attendance.Status.IN_ATTENDANCE and (
        record.pk is None or not Attendance.objects.filter(pk=record.pk, status=record.status).exists()
    ):
        record.position = _next_position(record.meeting)
    save_audited(record, by=by, reason="Attendance recorded")


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    entries: list[tuple[Membership, str, Person | None]],
    by,
    loaded_version: int | None = None,
    presiding: Presiding | None = None,
) -> None:
    """Record each member as present, apologies, absent or present by substitute, from the
    attendance the recorder loaded: a save over someone else's marks is refused. A member with a
    substitute is recorded as sending apologies, and the substitute as present for them. With
    `presiding`, also who was in the chair (for the meeting and for single items) and who took
    the minutes."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    history = attendance_history(meeting)
    check_version(loaded_version, version_of(history), meeting, history=history)
    check_drafting(meeting)
    members = {membership.person_id for membership, _, _ in entries}
    for membership, status, substitute in entries:
        if status == Attendance.Status.SUBSTITUTE:
            if substitute is None:
                raise ValidationError(f"Say who substituted for {membership.person.full_name}.")
            if substitute.pk in members:
                raise ValidationError(
                    f"{substitute.full_name} is recorded as a member of the {meeting.body.name} at this meeting, "
                    f"so cannot also substitute for {membership.person.full_name}."
                )
            check_same_partnership(meeting.body.partnership_id, substitute=substitute)
            if substitute.pk is None:  # someone new, added to the register from the attendance form
                person_save(person=substitute, by=by)
    for membership, status, substitute in entries:
        record = Attendance.objects.filter(meeting=meeting, person=membership.person).first() or Attendance(
            meeting=meeting, person=membership.person
        )
        # A substitute recorded before for this member, and no longer theirs, is taken off.
        for stale in Attendance.objects.filter(meeting=meeting, substitute_for=membership.person):
            if status != Attendance.Status.SUBSTITUTE or stale.person_id != substitute.pk:
                delete_audited(stale, by=by, reason="Attendance recorded")
        organisation = membership.organisation.name if membership.organisation else ""
        if status == Attendance.Status.SUBSTITUTE:
            record.status = Attendance.Status.APOLOGIES
            sub = Attendance.objects.filter(meeting=meeting, person=substitute).first() or Attendance(
                meeting=meeting, person=substitute
            )
            sub.status = Attendance.Status.SUBSTITUTE
            sub.substitute_for = membership.person
            sub.role_shown = f"Substitute for {membership.person.full_name}"
            sub.organisation_shown = organisation
        else:
            record.status = status
            sub = None
        record.role_shown = membership.job_title or membership.get_role_display()
        record.organisation_shown = organisation
        record.substitute_for = None
        _save_attendance(record, by=by)
        if sub is not None:
            _save_attendance(sub, by=by)
    if presiding is not None:
        presiding_record(meeting=meeting, presiding=presiding, by=by)


def presiding_record(*, meeting: Meeting, presiding: Presiding, by) -> None:
    """Who was in the chair and who took the minutes. Whoever presided, for the meeting or for an
    item, must be recorded as present (in person or as a substitute)."""
    check_drafting(meeting)
    present = set(
        meeting.attendances.filter(
            status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE], person__isnull=False
        ).values_list("person_id", flat=True)
    )
    items = {item.pk: item for item in meeting.items.all()}
    for person in [presiding.chair, *presiding.item_chairs.values()]:
        if person is not None and person.pk not in present:
            raise ValidationError(f"{person.full_name} was not recorded as present, so cannot have been in the chair.")
    check_same_partnership(
        meeting.body.partnership_id, chaired_by=presiding.chair, minutes_taken_by=presiding.minutes_taken_by
    )
    if (meeting.chaired_by_id, meeting.minutes_taken_by_id) != (
        presiding.chair.pk if presiding.chair else None,
        presiding.minutes_taken_by.pk if presiding.minutes_taken_by else None,
    ):
        meeting.chaired_by = presiding.chair
        meeting.minutes_taken_by = presiding.minutes_taken_by
        save_audited(meeting, by=by, reason="Chair and minute-taker recorded")
    chair_pk = presiding.chair.pk if presiding.chair else None
    for pk, person in presiding.item_chairs.items():
        if pk not in items:
            raise ValidationError("That item is not on this meeting's agenda.")
        item = items[pk]
        # Recorded only where the chair changed: the meeting's own chair is no change.
        chosen = person if person is not None and person.pk != chair_pk else None
        if item.chaired_by_id != (chosen.pk if chosen else None):
            item.chaired_by = chosen
            save_audited(item, by=by, reason="Chair for the item recorded")


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
            position=_next_position(meeting),
        ),
        by=by,
        reason="Attendance recorded",
    )


def in_attendance(meeting: Meeting) -> list[Attendance]:
    """Those in attendance, in the order entered or chosen."""
    return list(
        meeting.attendances.filter(status=Attendance.Status.IN_ATTENDANCE)
        .select_related("person")
        .order_by("position", "pk")
    )


@transaction.atomic
def attendance_move(*, attendance: Attendance, up: bool, by) -> None:
    """Move one of those in attendance up or down the list the minutes print."""
    meeting = Meeting.objects.select_for_update().get(pk=attendance.meeting_id)
    check_drafting(meeting)
    if attendance.status != Attendance.Status.IN_ATTENDANCE:
        raise ValidationError("Only those in attendance are listed in an order of the officer's choosing.")
    listed = in_attendance(meeting)
    index = next(i for i, a in enumerate(listed) if a.pk == attendance.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(listed):
        raise ValidationError(f"{attendance.display_name} is already {'first' if up else 'last'}.")
    listed[index], listed[other] = listed[other], listed[index]
    for position, record in enumerate(listed, start=1):
        if record.position != position:
            record.position = position
            save_audited(record, by=by, reason="Order of those in attendance changed")


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
