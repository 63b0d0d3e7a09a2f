"""Reading meetings: the minutes as the public reads them, built once for the web page and the PDF alike.

Laid out like seed 001: present (name — role — organisation), apologies, in attendance,
numbered items with RESOLVED blocks, dates of future meetings, the closing time. A confidential
item shows only its neutral line and one-line public summary, unless `confidential=True` (the
officers' and members' view).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from boards.models import Body
from members.models import Organisation

from .models import Action, AgendaItem, Attendance, Declaration, Meeting, MinutesCorrection, Resolution


@dataclass
class MinutesItem:
    pk: int
    number: str
    title: str
    exempt: bool
    chaired_by: object = None  # who presided for this item, where the chair changed
    narrative: str = ""
    summary: str = ""
    resolutions: list[Resolution] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)


@dataclass(frozen=True)
class FutureMeeting:
    """A date of a future meeting as the minutes gave it when they were published."""

    starts_at: dt.datetime


@dataclass
class Minutes:
    meeting: Meeting
    present: list[Attendance]
    apologies: list[Attendance]
    absent: list[Attendance]
    in_attendance: list[Attendance]
    items: list[MinutesItem]
    future: list[Meeting] | list[FutureMeeting]
    corrections: list[MinutesCorrection]
    confidential_view: bool

    @property
    def is_draft(self) -> bool:
        return self.meeting.status != Meeting.Status.MINUTES_APPROVED

    @property
    def partnership(self):
        return self.meeting.body.partnership


def public_minutes(meeting: Meeting, *, confidential: bool = False) -> Minutes:
    """Eight queries whatever the size of the meeting."""
    meeting = Meeting.objects.select_related(
        "body__partnership", "chaired_by", "minutes_taken_by", "minutes_approved_at_meeting"
    ).get(pk=meeting.pk)
    attendances = list(
        meeting.attendances.select_related("person", "substitute_for").order_by("person__family_name", "name")
    )
    by_status = {status: [a for a in attendances if a.status == status] for status in Attendance.Status.values}
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("minutes", "chaired_by")
        .prefetch_related(
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.select_related("proposed_by", "seconded_by").order_by("number"),
            ),
            Prefetch("actions", queryset=Action.objects.select_related("owner")),
            Prefetch("declarations", queryset=Declaration.objects.select_related("person")),
        )
        .order_by("position")
    )
    entries = []
    for item in items:
        minutes = getattr(item, "minutes", None)
        hidden = item.confidential and not confidential
        entry = MinutesItem(
            pk=item.pk,
            number=item.display_number,  # as published on the agenda ("7A")
            title=item.public_line if hidden else item.title,
            exempt=item.confidential,
            chaired_by=item.chaired_by,
            summary=minutes.public_summary if minutes else "",
            # Declarations are public even on an exempt item: who, which interest, what they did.
            declarations=list(item.declarations.all()),
        )
        if not hidden:
            entry.narrative = minutes.narrative if minutes else ""
            entry.resolutions = list(item.resolutions.all())
            entry.actions = list(item.actions.all())
        entries.append(entry)
    # Whoever presided for an item is marked beside their name; a member with a substitute shows it.
    chaired_items: dict[int, list[int]] = {}
    for entry in entries:
        if entry.chaired_by is not None:
            chaired_items.setdefault(entry.chaired_by.pk, []).append(entry.number)
    substitutes = {a.substitute_for_id: a for a in attendances if a.substitute_for_id}
    for attendance in attendances:
        attendance.chaired_items = chaired_items.get(attendance.person_id, []) if attendance.person_id else []
        attendance.substitute = substitutes.get(attendance.person_id) if attendance.person_id else None
    present = sorted(
        by_status[Attendance.Status.PRESENT] + by_status[Attendance.Status.SUBSTITUTE],
        key=lambda a: (
            a.person_id is None or a.person_id != meeting.chaired_by_id,
            a.person.family_name if a.person else a.name,
        ),
    )
    return Minutes(
        meeting=meeting,
        present=present,
        apologies=by_status[Attendance.Status.APOLOGIES],
        absent=by_status[Attendance.Status.ABSENT],
        in_attendance=sorted(by_status[Attendance.Status.IN_ATTENDANCE], key=lambda a: (a.position, a.pk)),
        items=entries,
        future=minutes_future(meeting),
        corrections=list(meeting.corrections.all()),
        confidential_view=confidential,
    )


def minutes_future(meeting: Meeting) -> list[Meeting] | list[FutureMeeting]:
    """The minutes' “dates of future meetings”: taken from the schedule while they are drafted,
    then as frozen when they were first published (approval and corrections change nothing there)."""
    if meeting.minutes_future_meetings is None:
        return future_meetings(meeting)
    return [FutureMeeting(dt.datetime.fromisoformat(value)) for value in meeting.minutes_future_meetings]


def future_meetings(meeting: Meeting, count: int = 4) -> list[Meeting]:
    """Dates of future meetings, taken from the schedule."""
    return list(
        Meeting.objects.filter(body=meeting.body, starts_at__gt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")[:count]
    )


def attendance_by_organisation(board: Body, today: dt.date | None = None) -> list[tuple[Organisation, int, int]]:
    """For each organisation: of the board's meetings held in the last year, at how many it was
    represented (by a member or a substitute). Three queries."""
    today = today or timezone.localdate()
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=365), dt.time.min))
    held = list(
        Meeting.objects.filter(body=board, starts_at__gte=since, starts_at__lte=timezone.now())
        .exclude(status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED, Meeting.Status.CANCELLED])
        .values_list("pk", flat=True)
    )
    seats = {}
    for m in board.memberships.filter(organisation__isnull=False).values(
        "person_id", "organisation_id", "starts_on", "ends_on"
    ):
        seats.setdefault(m["person_id"], []).append(m)
    represented: dict[int, set[int]] = {}
    attendances = Attendance.objects.filter(
        meeting_id__in=held, status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE]
    ).values("meeting_id", "person_id", "substitute_for_id")
    for attendance in attendances:
        for person_id in (attendance["person_id"], attendance["substitute_for_id"]):
            for seat in seats.get(person_id, []):
                represented.setdefault(seat["organisation_id"], set()).add(attendance["meeting_id"])
    organisations = (
        Organisation.objects.filter(partnership=board.partnership)
        .exclude(sector=Organisation.Sector.POLITICAL_PARTY)
        .order_by("name")
    )
    return [(o, len(represented.get(o.pk, ())), len(held)) for o in organisations]
