"""A held meeting, minuted through the services, for tests."""

import datetime as dt

from django.utils import timezone

from meetings import services
from meetings.models import Attendance
from tests.conftest import london, make_meeting


def held_meeting(board, officer, *, day=dt.date(2026, 10, 7)):
    meeting = make_meeting(board, london(day.year, day.month, day.day, 14), hours=2, by=officer)
    services.agenda_start(meeting=meeting, by=officer)
    services.agenda_item_add(meeting=meeting, by=officer, title="Local Area Agreement", purpose="noting")
    services.agenda_item_add(
        meeting=meeting,
        by=officer,
        title="SECRET-ITEM staffing",
        confidential=True,
        exempt_paragraph=1,
        exempt_reason="Named staff",
        title_exempt=True,
    )
    services.meeting_hold(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    return meeting


def minute_it(meeting, officer) -> None:
    """Attendance of everyone expected, minutes with two resolutions, a confidential part, closing time."""
    entries = [(m, Attendance.Status.PRESENT, None) for m in services.members_expected(meeting)]
    services.attendance_record(meeting=meeting, entries=entries, by=officer)
    agreement = meeting.items.get(position=5)
    secret = meeting.items.get(position=6)
    services.item_minutes_save(
        item=agreement,
        loaded_version=0,
        by=officer,
        public_summary="",
        narrative="The Board received the final version of the Local Area Agreement.\n\n- Targets agreed",
    )
    services.resolution_add(
        item=agreement, text="That the final version of the Local Area Agreement be noted.", by=officer
    )
    services.resolution_add(item=agreement, text="That partners report progress in six months.", by=officer)
    services.item_minutes_save(
        item=secret,
        loaded_version=0,
        by=officer,
        narrative="SECRET-NARRATIVE about named staff",
        public_summary="The Board considered a staffing matter.",
    )
    services.resolution_add(item=secret, text="SECRET-RESOLUTION That the restructure proceed.", by=officer)
    services.meeting_close_time(meeting=meeting, closed_at=dt.time(15, 42), by=officer)
    meeting.refresh_from_db()


def approve_minutes(meeting, at_meeting, officer) -> None:
    """Minutes of a meeting that has started, published and approved at `at_meeting` (the body's
    next meeting, already started), all through the services: the one way a meeting reaches
    "Minutes approved"."""
    services.meeting_hold(meeting=meeting, by=officer)
    services.attendance_add_other(meeting=meeting, name="Clare Clerk", role="Clerk", organisation="", by=officer)
    closing = timezone.localtime(meeting.starts_at) + dt.timedelta(hours=1)
    services.meeting_close_time(meeting=meeting, closed_at=closing.time(), by=officer)
    services.minutes_publish(meeting=meeting, by=officer)
    services.minutes_approve(meeting=meeting, at_meeting=at_meeting, corrections=[], by=officer)
    meeting.refresh_from_db()
