"""The minutes as the public reads them, built once for the web page and the PDF alike.

Laid out like seed 001: present (name — role — organisation), apologies, in attendance,
numbered items with RESOLVED blocks, dates of future meetings, the closing time. A confidential
item shows only its neutral line and one-line public summary, unless `confidential=True` (the
officers' and members' view).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import Action, AgendaItem, Attendance, Declaration, Meeting, MinutesCorrection, Resolution


@dataclass
class MinutesItem:
    pk: int
    number: int
    title: str
    exempt: bool
    narrative: str = ""
    summary: str = ""
    resolutions: list[Resolution] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)


@dataclass
class Minutes:
    meeting: Meeting
    present: list[Attendance]
    apologies: list[Attendance]
    absent: list[Attendance]
    in_attendance: list[Attendance]
    items: list[MinutesItem]
    future: list[Meeting]
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
    from .minutes import future_meetings

    meeting = Meeting.objects.select_related("body__partnership", "chaired_by", "minutes_approved_at_meeting").get(
        pk=meeting.pk
    )
    attendances = list(
        meeting.attendances.select_related("person", "substitute_for").order_by("person__family_name", "name")
    )
    by_status = {status: [a for a in attendances if a.status == status] for status in Attendance.Status.values}
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("minutes")
        .prefetch_related(
            Prefetch("resolutions", queryset=Resolution.objects.order_by("number")),
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
            number=item.position,
            title=item.public_line if hidden else item.title,
            exempt=item.confidential,
            summary=minutes.public_summary if minutes else "",
        )
        if not hidden:
            entry.narrative = minutes.narrative if minutes else ""
            entry.resolutions = list(item.resolutions.all())
            entry.actions = list(item.actions.all())
            entry.declarations = list(item.declarations.all())
        entries.append(entry)
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
        in_attendance=by_status[Attendance.Status.IN_ATTENDANCE],
        items=entries,
        future=future_meetings(meeting),
        corrections=list(meeting.corrections.all()),
        confidential_view=confidential,
    )
