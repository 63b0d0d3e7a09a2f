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


RECORD_PAST = "Record a meeting that has already happened"


def check_not_past(starts_at: dt.datetime, *, now: dt.datetime | None = None) -> None:
    """A meeting to come is never put in the past by accident: recording a meeting that has
    already happened is its own choice (`meeting_record_past`), on its own page."""
    if starts_at <= (now or timezone.now()):
        raise ValidationError(
            {
                "date": f"{format_date(starts_at)} at {format_time(timezone.localtime(starts_at))} has passed: "
                f"choose a date and time to come. To add a meeting that has already taken place, use "
                f"“{RECORD_PAST}” on the meetings page."
            }
        )


@transaction.atomic
def meeting_create(
    *, body: Body, starts_at: dt.datetime, ends_at: dt.datetime, venue: str, by, now: dt.datetime | None = None
) -> Meeting:
    """A meeting to come; `now` is the present unless given (the demo builds for its own day)."""
    check_not_past(starts_at, now=now)
    check_body_free(body, timezone.localtime(starts_at).date())
    meeting = Meeting(body=body, starts_at=starts_at, ends_at=ends_at, venue=venue)
    return save_audited(meeting, by=by, reason="Meeting scheduled")


@transaction.atomic
def meeting_record_past(
    *, body: Body, starts_at: dt.datetime, ends_at: dt.datetime, venue: str, by, now: dt.datetime | None = None
) -> Meeting:
    """Add a meeting that has already taken place (one held before the partnership used this
    service, or one never entered): its attendance and minutes are recorded next."""
    if starts_at > (now or timezone.now()):
        raise ValidationError(
            {
                "date": "This meeting has not taken place yet: "
                "add it as a meeting to come (“Add a single meeting”) instead."
            }
        )
    check_length(body, ends_at - starts_at)
    check_body_free(body, timezone.localtime(starts_at).date())
    meeting = Meeting(body=body, starts_at=starts_at, ends_at=ends_at, venue=venue)
    return save_audited(meeting, by=by, reason="Recorded as a meeting that has already taken place")


@transaction.atomic
def meeting_schedule_series(
    *,
    body: Body,
    days: list[dt.date],
    start_time: dt.time,
    duration: dt.timedelta,
    venue: str,
    by,
    past_allowed: bool = False,
    now: dt.datetime | None = None,
) -> list[Meeting]:
    """Meetings to come (after `now`, the present unless given); `past_allowed` only for
    importing or building a history (the benchmark)."""
    check_length(body, duration)
    if len(set(days)) != len(days):
        raise ValidationError("Two meetings in the series fall on the same day: move one of them.")
    for day in days:
        check_body_free(body, day)
        if not past_allowed:
            check_not_past(london(day, start_time), now=now)
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

    A meeting not yet held cannot be moved to a time that has passed (recording a meeting that
    has already taken place is `meeting_record_past`). When its agenda is published, the agenda
    is issued again at once as a numbered supplement saying so, and the clear days' notice is
    worked out again for the new day from the day of that supplement: too little needs the
    special circumstances, recorded and shown with the agenda as for late publication. The
    public page says where it moved from, and its old addresses redirect to the new ones.

    Once the meeting has been held its date and time are part of the record (its public address,
    its minutes): they no longer change. Its venue may still be corrected while the minutes are
    being drafted, since nothing published names it yet; once the minutes are published, not.
    """
    return _reschedule(
        meeting=meeting,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        by=by,
        loaded_version=loaded_version,
        late_reason=late_reason,
    )


@transaction.atomic
def meeting_postpone(
    *,
    meeting: Meeting,
    starts_at: dt.datetime,
    reason: str,
    by,
    loaded_version: int | None = None,
    late_reason: str = "",
) -> Meeting:
    """Postpone a meeting to a later day, keeping its length and venue, for a reason the public
    page shows ("Postponed from Friday 11 December 2026: …"). Otherwise as `meeting_move`: a
    published agenda is re-issued as a supplement saying so, the old addresses redirect."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the meeting is postponed: the public page shows it."})
    return _reschedule(
        meeting=meeting,
        starts_at=starts_at,
        ends_at=None,
        venue=None,
        by=by,
        loaded_version=loaded_version,
        late_reason=late_reason,
        postponement_reason=reason.strip(),
    )


def _reschedule(
    *,
    meeting: Meeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None,
    venue: str | None,
    by,
    loaded_version: int | None,
    late_reason: str,
    postponement_reason: str | None = None,
) -> Meeting:
    """Change when and where a meeting is: `ends_at` and `venue` None keep its length and venue
    (a postponement, which `postponement_reason` names)."""
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    check_version(loaded_version, record_version(meeting), meeting)
    postponing = postponement_reason is not None
    if meeting.is_cancelled:
        raise ValidationError(f"A cancelled meeting cannot be {'postponed' if postponing else 'moved'}.")
    if ends_at is None:
        ends_at = starts_at + meeting.length
    if venue is None:
        venue = meeting.venue
    held = meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)
    if held and (postponing or starts_at != meeting.starts_at or ends_at != meeting.ends_at):
        raise ValidationError(
            "The meeting has been held: its date and times are part of its record and can no longer change."
        )
    if meeting.status in Meeting.MINUTES_PUBLIC_STATUSES and venue != meeting.venue:
        raise ValidationError(
            "The minutes have been published and name this venue: record a correction to the minutes instead."
        )
    old_day, new_day = meeting.date, timezone.localtime(starts_at).date()
    if postponing and new_day <= old_day:
        raise ValidationError(
            {
                "date": f"A postponed meeting moves to a day after {format_date(old_day)}: choose a later date, "
                "or move the meeting instead."
            }
        )
    if starts_at != meeting.starts_at:
        try:
            check_not_past(starts_at)
        except ValidationError:
            raise ValidationError(
                {
                    "date": "A meeting cannot be moved to a time that has passed: choose a date and time to come. "
                    f"To add a meeting that has already taken place, use “{RECORD_PAST}” on the meetings page."
                    if meeting.agenda_published_at is None
                    else "The agenda of this meeting is published: it cannot be moved to a time that has passed."
                }
            ) from None
    check_body_free(meeting.body, new_day, exclude=meeting)
    reissue = meeting.status == Meeting.Status.AGENDA_PUBLISHED and meeting.publications.exists()
    short_notice_reason = ""  # the special circumstances, when the new day leaves too little notice
    if reissue and new_day != old_day:
        deadline = agenda_deadline(new_day)
        today = timezone.localdate()
        if today > deadline:
            short_notice_reason = late_reason.strip()
            if not short_notice_reason:
                raise ValidationError(
                    {
                        "late_reason": f"For a meeting on {format_date(new_day)} the agenda had to be published by "
                        f"{format_date(deadline)}, and issued again today for the new date it gives less than "
                        "five clear working days' notice. Give the special circumstances for the short notice: "
                        "they are recorded and shown on the agenda."
                    }
                )
            meeting.late_publication_reason = short_notice_reason
    before = _when_and_where(meeting)
    meeting.starts_at, meeting.ends_at, meeting.venue = starts_at, ends_at, venue
    after = _when_and_where(meeting)
    if new_day != old_day:
        meeting.moved_from = old_day
        meeting.postponement_reason = postponement_reason or ""
    if after != before:
        meeting.sequence += 1
        meeting.revised_at = timezone.now()
    if postponing:
        save_audited(meeting, by=by, reason=f"Meeting postponed: {postponement_reason}")
    else:
        save_audited(meeting, by=by, reason="Meeting moved")
    if after != before and reissue:
        if postponing:
            changes = f"The meeting has been postponed from {before} to {after}: {postponement_reason}"
        else:
            changes = f"The meeting has moved from {before} to {after}."
        agenda_reissue(meeting=meeting, changes=changes, late_reason=short_notice_reason, by=by)
    return meeting


def _when_and_where(meeting: Meeting) -> str:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return f"{format_date(start)}, {format_time(start)} to {format_time(end)}, at {meeting.venue}"


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, by) -> Meeting:
    """The meeting stays on the public calendar and in the calendar feed, marked cancelled (the
    feed's event keeps its UID, with the next SEQUENCE and STATUS:CANCELLED)."""
    if not reason.strip():
        raise ValidationError("Give a reason for cancelling the meeting.")
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    if meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        raise ValidationError("Only a meeting that has not yet been held can be cancelled.")
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancellation_reason = reason.strip()
    meeting.sequence += 1
    meeting.revised_at = timezone.now()
    return save_audited(meeting, by=by, reason=f"Meeting cancelled: {reason.strip()}")
