"""Why a record is locked, and the route to correct it.

A locked record never opens an edit form: its page says why it is locked and where a change is
made instead. A held meeting's agenda is the record of what was considered (what happened goes in
the minutes); published minutes are corrected when the chair approves them at the next meeting;
approved minutes change only by a recorded correction."""

from dataclasses import dataclass

from django.urls import reverse

from core.dates import format_date

from ..models import Meeting
from .attendance import DRAFTING_STATUSES
from .publication import recorded_after_the_fact


@dataclass(frozen=True)
class Lock:
    """Why a record cannot be edited, and the correction route: a staff URL name and its
    argument, with the words of the link."""

    why: str
    route: str
    route_arg: int
    route_label: str

    @property
    def route_url(self) -> str:
        return reverse(self.route, args=[self.route_arg])


def minutes_lock(meeting: Meeting) -> Lock | None:
    """The lock on a meeting's minutes (attendance, declarations, item minutes, resolutions,
    actions and the closing time): None while they are drafted or not yet begun."""
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        at = meeting.minutes_approved_at_meeting
        when = at.starts_at if at is not None else meeting.minutes_approved_at
        phrase = meeting.body.partnership.approval_phrase
        if at is not None:
            phrase += f" at the meeting on {format_date(when)}"
        elif when:
            phrase += f" on {format_date(when)}"
        return Lock(
            why=f"The minutes were {phrase}, so they are locked. A change is made by recording a correction, "
            "which is published with them.",
            route="manage:minutes_correct",
            route_arg=meeting.pk,
            route_label="Record a correction to the approved minutes",
        )
    if meeting.status == Meeting.Status.MINUTES_PUBLISHED:
        when = meeting.minutes_published_at
        return Lock(
            why=f"The minutes were published{f' on {format_date(when)}' if when else ''}, so they are locked. "
            "Corrections are agreed when the chair approves them as a correct record at the next meeting.",
            route="manage:minutes",
            route_arg=meeting.pk,
            route_label="Go to the minutes, to approve them with corrections",
        )
    return None


def agenda_lock(meeting: Meeting) -> Lock | None:
    """The lock on a meeting's agenda (its items, reports and papers): None while it may change
    (before the meeting is held; after publication a change goes out in a supplement)."""
    if meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED) or recorded_after_the_fact(
        meeting
    ):
        return None
    if meeting.is_cancelled:
        return Lock(
            why="The meeting was cancelled, so its agenda is kept as it stood and cannot change.",
            route="manage:history",
            route_arg=meeting.pk,
            route_label="See the meeting's history of changes",
        )
    why = (
        f"The meeting was held on {format_date(meeting.starts_at)}, so its agenda is the record of what was "
        "considered and can no longer change."
    )
    if meeting.status in DRAFTING_STATUSES:
        return Lock(
            why=why + " What happened at the meeting is recorded in its minutes.",
            route="manage:minutes",
            route_arg=meeting.pk,
            route_label="Record it in the minutes",
        )
    lock = minutes_lock(meeting)
    return Lock(why=f"{why} {lock.why}", route=lock.route, route_arg=lock.route_arg, route_label=lock.route_label)


def schedule_lock(meeting: Meeting) -> Lock | None:
    """The lock on when a meeting is, and on cancelling it: None until it is held."""
    if meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        return None
    if meeting.is_cancelled:
        return agenda_lock(meeting)
    return Lock(
        why=f"The meeting was held on {format_date(meeting.starts_at)}, so it can no longer be moved, postponed "
        "or cancelled: its date is part of its record.",
        route="manage:minutes",
        route_arg=meeting.pk,
        route_label="Go to its attendance and minutes",
    )
