"""Scheduling: meetings one by one or as a series, moving and cancelling them."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from boards.models import Body, Partnership
from core.audit import check_version, record_version, save_audited
from core.dates import format_date, format_time
from meetings.services.calendar import agenda_deadline, bank_holiday_name, series_dates

from ..models import (
    Meeting,
)
from .publication import agenda_reissue


def london(day: dt.date, at: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, at))


def clashes(partnership: Partnership, day: dt.date, *, exclude: Meeting | None = None) -> list[Meeting]:
    """Meetings of the same partnership on `day` (not cancelled)."""
    start = london(day, dt.time.min)
    meetings = (
        Meeting.objects.filter(
            body__partnership=partnership, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1)
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
    )
    if exclude is not None:
        meetings = meetings.exclude(pk=exclude.pk)
    return list(meetings)


@dataclass
class PreviewRow:
    day: dt.date
    bank_holiday: str | None
    clashes: list[Meeting] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.bank_holiday or self.clashes)


def series_preview(
    *, body: Body, first: dt.date, every_months: int, rule: str, count: int, days: list[dt.date] | None = None
) -> list[PreviewRow]:
    """The dates a series would take, each flagged if a bank holiday or a clash."""
    days = days or series_dates(first, every_months=every_months, rule=rule, count=count)
    return [PreviewRow(day, bank_holiday_name(day), clashes(body.partnership, day)) for day in days]


def check_body_free(body: Body, day: dt.date, *, exclude: Meeting | None = None) -> None:
    """A body meets at most once a day: its meetings' public addresses are by date."""
    if any(other.body_id == body.pk for other in clashes(body.partnership, day, exclude=exclude)):
        raise ValidationError(f"The {body.name} already meets on {format_date(day)}: choose another day.")


def check_length(body: Body, duration: dt.timedelta) -> None:
    limit = body.max_meeting_length
    if limit and duration > limit:
        raise ValidationError("A board meeting lasts at most three hours.")


@transaction.atomic
def meeting_create(*, body: Body, starts_at: dt.datetime, ends_at: dt.datetime, venue: str, by) -> Meeting:
    check_body_free(body, timezone.localtime(starts_at).date())
    meeting = Meeting(body=body, starts_at=starts_at, ends_at=ends_at, venue=venue)
    return save_audited(meeting, by=by, reason="Meeting scheduled")


@transaction.atomic
def meeting_schedule_series(
    *, body: Body, days: list[dt.date], start_time: dt.time, duration: dt.timedelta, venue: str, by
) -> list[Meeting]:
    check_length(body, duration)
    if len(set(days)) != len(days):
        raise ValidationError("Two meetings in the series fall on the same day: move one of them.")
    for day in days:
        check_body_free(body, day)
    meetings = []
    for day in sorted(days):
        starts_at = london(day, start_time)
        meeting = Meeting(body=body, starts_at=starts_at, ends_at=starts_at + duration, venue=venue)
        meetings.append(save_audited(meeting, by=by, reason=f"Scheduled in a series of {len(days)} meetings"))
    return meetings


@transaction.atomic
def meeting_move(
    *,
    meeting: Meeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: str,
    by,
    loaded_version: int | None = None,
    late_reason: str = "",
) -> Meeting:
    """Move a meeting or change its venue, from the version the editor loaded.

    A meeting whose agenda is published cannot be moved into the past, and a move that leaves
    less than the clear days' notice since the agenda was published needs the special
    circumstances, recorded and shown with the agenda as for late publication.

    Once the meeting has been held its date and time are part of the record (its public address,
    its minutes): they no longer change. Its venue may still be corrected while the minutes are
    being drafted, since nothing published names it yet; once the minutes are published, not.
    """
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    check_version(loaded_version, record_version(meeting), meeting)
    if meeting.is_cancelled:
        raise ValidationError("A cancelled meeting cannot be moved.")
    held = meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)
    if held and (starts_at != meeting.starts_at or ends_at != meeting.ends_at):
        raise ValidationError(
            "The meeting has been held: its date and times are part of its record and can no longer change."
        )
    if meeting.status in Meeting.MINUTES_PUBLIC_STATUSES and venue != meeting.venue:
        raise ValidationError(
            "The minutes have been published and name this venue: record a correction to the minutes instead."
        )
    check_body_free(meeting.body, timezone.localtime(starts_at).date(), exclude=meeting)
    reissue = meeting.status == Meeting.Status.AGENDA_PUBLISHED and meeting.publications.exists()
    new_day = timezone.localtime(starts_at).date()
    short_notice_reason = ""  # the special circumstances, when the move leaves too little notice
    if reissue and new_day != meeting.date:
        if starts_at <= timezone.now():
            raise ValidationError(
                {"date": "The agenda of this meeting is published: it cannot be moved to a time that has passed."}
            )
        deadline = agenda_deadline(new_day)
        if timezone.localtime(meeting.agenda_published_at).date() > deadline:
            short_notice_reason = late_reason.strip()
            if not short_notice_reason:
                raise ValidationError(
                    {
                        "late_reason": f"On {format_date(new_day)} the agenda had to be published by "
                        f"{format_date(deadline)}, and it was published on "
                        f"{format_date(meeting.agenda_published_at)}. Give the special circumstances for the "
                        "short notice: they are recorded and shown on the agenda."
                    }
                )
            meeting.late_publication_reason = short_notice_reason
    before = _when_and_where(meeting)
    meeting.starts_at, meeting.ends_at, meeting.venue = starts_at, ends_at, venue
    save_audited(meeting, by=by, reason="Meeting moved")
    after = _when_and_where(meeting)
    if after != before and reissue:
        agenda_reissue(
            meeting=meeting,
            changes=f"The meeting has moved from {before} to {after}.",
            late_reason=short_notice_reason,
            by=by,
        )
    return meeting


def _when_and_where(meeting: Meeting) -> str:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return f"{format_date(start)}, {format_time(start)} to {format_time(end)}, at {meeting.venue}"


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, by) -> Meeting:
    if not reason.strip():
        raise ValidationError("Give a reason for cancelling the meeting.")
    if meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        raise ValidationError("Only a meeting that has not yet been held can be cancelled.")
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancellation_reason = reason.strip()
    return save_audited(meeting, by=by, reason=f"Meeting cancelled: {reason.strip()}")
