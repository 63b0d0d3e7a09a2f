"""Postponed, moved and cancelled meetings keep the public record whole: the old address leads to
the new one (301), the page says where it moved from (or that it was postponed, and why), a
published agenda is issued again for the new date with the notice worked out again, nothing is
put in the past by accident, and the calendar feed revises the same event."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from core.audit import record_version
from core.dates import format_date
from meetings import services
from meetings.models import Meeting
from tests.conftest import html, london, make_meeting, text_of
from tests.meetings.test_integrity import PUBLIC_URL, pdf_text, published  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
NEW_URL = "/partnerships/testshire/board/2030-06-26/"


def error_summary(response) -> str:
    summary = html(response).select_one(".govuk-error-summary")
    return text_of(summary) if summary else ""


def events(client) -> dict:
    calendar = Calendar.from_ical(client.get("/partnerships/testshire/meetings.ics").content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def future_start(days: int, hour: int = 14) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


# -- Postponing ------------------------------------------------------------------------------------


def test_postponing_a_published_meeting_through_its_page(client, published, officer):  # noqa: F811
    meeting = published["public"].meeting
    client.force_login(officer)
    url = f"/manage/meetings/{meeting.pk}/postpone/"
    detail = html(client.get(f"/manage/meetings/{meeting.pk}/"))
    assert detail.select_one(f'a[href="{url}"]') is not None and "Postpone the meeting" in text_of(detail)
    form = {"date": "2030-06-26", "start_time": "10:00", "version": record_version(meeting)}

    response = client.post(url, {**form, "reason": "  "})
    assert response.status_code == 200 and "Give the reason the meeting is postponed" in error_summary(response)
    response = client.post(url, {**form, "date": "2030-06-05", "reason": "Purdah"})
    assert "moves to a day after Wednesday 12 June 2030" in error_summary(response)
    meeting.refresh_from_db()
    assert meeting.date == dt.date(2030, 6, 12) and meeting.publications.count() == 1

    response = client.post(url, {**form, "reason": "POSTPONE-REASON the chair is unwell"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, timezone.localtime(meeting.starts_at).hour) == (dt.date(2030, 6, 26), 10)
    assert meeting.length == dt.timedelta(hours=3) and meeting.venue == "Civic Offices"
    assert meeting.history.latest().history_change_reason == "Meeting postponed: POSTPONE-REASON the chair is unwell"

    old = client.get(PUBLIC_URL)
    assert old.status_code == 301 and old["Location"] == NEW_URL
    client.logout()
    page = html(client.get(NEW_URL))
    banner = text_of(page.select_one("[data-testid=moved-from]"))
    assert "Postponed from Wednesday 12 June 2030." in banner and "POSTPONE-REASON the chair is unwell" in banner
    assert "has been postponed from Wednesday 12 June 2030" in text_of(page)  # supplement 1 says so
    pack = pdf_text(client.get(NEW_URL + "agenda.pdf").content)
    assert "26 June 2030" in pack and "12 June 2030" not in pack.split("postponed")[0]


def test_a_plain_move_says_moved_from_and_clears_an_earlier_postponement(client, future_meeting, officer):
    services.meeting_postpone(meeting=future_meeting, starts_at=london(2030, 6, 19, 14), reason="Snow", by=officer)
    page = text_of(html(client.get("/partnerships/testshire/board/2030-06-19/")))
    assert "Postponed from Wednesday 12 June 2030." in page and "Snow" in page
    services.meeting_move(
        meeting=future_meeting,
        starts_at=london(2030, 7, 3, 14),
        ends_at=london(2030, 7, 3, 16),
        venue="Hall",
        by=officer,
    )
    page = text_of(html(client.get("/partnerships/testshire/board/2030-07-03/")))
    assert "Moved from Wednesday 19 June 2030." in page and "Postponed" not in page
    for old in ("2030-06-12", "2030-06-19"):  # every address it had leads to it
        response = client.get(f"/partnerships/testshire/board/{old}/")
        assert response.status_code == 301 and response["Location"] == "/partnerships/testshire/board/2030-07-03/"


def test_a_held_or_cancelled_meeting_cannot_be_postponed(future_meeting, officer):
    services.meeting_cancel(meeting=future_meeting, reason="No business", by=officer)
    with pytest.raises(ValidationError, match="cancelled meeting cannot be postponed"):
        services.meeting_postpone(meeting=future_meeting, starts_at=london(2030, 7, 3, 14), reason="x", by=officer)


# -- Nothing in the past by accident ---------------------------------------------------------------


def test_a_meeting_cannot_be_added_or_moved_into_the_past_by_accident(client, board, officer, future_meeting):
    client.force_login(officer)
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    new = {"body_choice": board.pk, "date": yesterday, "start_time": "14:00", "duration": 120, "venue": "Hall"}
    response = client.post("/manage/testshire/meetings/new/", new)
    assert response.status_code == 200
    assert "has passed" in error_summary(response) and "Record a meeting that has already happened" in error_summary(
        response
    )
    assert html(response).select_one('.govuk-error-summary a[href="#id_date_day"]') is not None
    # Moving a meeting whose agenda is not published into the past is refused too.
    edit = {"date": yesterday, "start_time": "14:00", "duration": 120, "venue": "Hall"}
    response = client.post(
        f"/manage/meetings/{future_meeting.pk}/edit/", {**edit, "version": record_version(future_meeting)}
    )
    assert "cannot be moved to a time that has passed" in error_summary(response)
    future_meeting.refresh_from_db()
    assert future_meeting.date == dt.date(2030, 6, 12)
    # So is a series that starts in the past.
    with pytest.raises(ValidationError, match="has passed"):
        services.meeting_schedule_series(
            body=board,
            days=[timezone.localdate() - dt.timedelta(days=7)],
            start_time=dt.time(14),
            duration=dt.timedelta(hours=2),
            venue="Hall",
            by=officer,
        )
    assert Meeting.objects.count() == 1


def test_recording_a_meeting_that_has_already_happened_is_its_own_page(client, board, officer):
    client.force_login(officer)
    listing = html(client.get("/manage/testshire/meetings/"))
    link = listing.find("a", string="Record a meeting that has already happened")
    assert link is not None and link["href"] == "/manage/testshire/meetings/record-past/"
    url = link["href"]
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    data = {"body_choice": board.pk, "start_time": "14:00", "duration": 120, "venue": "Civic Offices"}
    response = client.post(url, {**data, "date": tomorrow})
    assert response.status_code == 200 and "has not taken place yet" in error_summary(response)
    assert not Meeting.objects.exists()

    response = client.post(url, {**data, "date": "2026-09-02"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/manage/meetings/{meeting.pk}/minutes/"
    assert meeting.date == dt.date(2026, 9, 2) and meeting.status == Meeting.Status.SCHEDULED
    assert meeting.history.latest().history_change_reason == "Recorded as a meeting that has already taken place"
    services.meeting_hold(meeting=meeting, by=officer)  # then its attendance and minutes, as any other
    # Held, with no agenda published here: the business it took is added as its items, and its
    # page offers no agenda deadline and no publication.
    page = html(client.get(f"/manage/meetings/{meeting.pk}/"))
    assert page.select_one("[data-testid=after-the-fact]") is not None
    assert "Agenda deadline" not in text_of(page) and "Publish the agenda" not in text_of(page)
    response = client.post(
        f"/manage/meetings/{meeting.pk}/items/new/", {"title": "Budget monitoring", "purpose": "noting"}
    )
    assert response.status_code == 302, error_summary(response)
    assert meeting.items.get().title == "Budget monitoring"
    with pytest.raises(ValidationError, match="has been held"):
        services.agenda_publish(meeting=meeting, by=officer)
    # A body still meets at most once a day.
    response = client.post(url, {**data, "date": "2026-09-02", "start_time": "18:00"})
    assert "already meets on Wednesday 2 September 2026" in error_summary(response)


# -- The notice worked out again for the new date --------------------------------------------------


def test_postponing_at_short_notice_needs_the_special_circumstances_shown_with_the_agenda(client, board, officer):
    meeting = make_meeting(board, future_start(3), by=officer)
    services.agenda_start(meeting=meeting, by=officer)
    services.agenda_publish(meeting=meeting, by=officer, late_reason="First published late")
    new_start = future_start(5)
    with pytest.raises(ValidationError, match="special circumstances"):
        services.meeting_postpone(meeting=meeting, starts_at=new_start, reason="Room double-booked", by=officer)
    services.meeting_postpone(
        meeting=meeting, starts_at=new_start, reason="Room double-booked", late_reason="SHORT-NOTICE flood", by=officer
    )
    meeting.refresh_from_db()
    supplement = meeting.publications.order_by("-number").first()
    assert supplement.number == 1 and supplement.late_reason == "SHORT-NOTICE flood"
    assert supplement.deadline == services.deadline_for(meeting)
    page = text_of(html(client.get(meeting.get_absolute_url())))
    assert "SHORT-NOTICE flood" in page and "Postponed from" in page
    listing = html(client.get(meeting.get_absolute_url().rsplit("/", 2)[0] + "/"))
    tags = [text_of(tag) for tag in listing.select(".govuk-tag")]
    assert f"Postponed from {format_date(future_start(3), weekday=False)}" in tags, tags


def test_a_move_far_enough_ahead_needs_no_circumstances_counted_from_the_day_it_is_issued_again(board, officer):
    meeting = make_meeting(board, future_start(40), by=officer)
    services.agenda_start(meeting=meeting, by=officer)
    services.agenda_publish(meeting=meeting, by=officer)
    services.meeting_postpone(meeting=meeting, starts_at=future_start(60), reason="Budget not ready", by=officer)
    meeting.refresh_from_db()
    assert meeting.late_publication_reason == "" and meeting.publications.count() == 2


# -- The calendar feed -----------------------------------------------------------------------------


def test_the_calendar_feed_revises_the_same_event_and_keeps_a_cancelled_one(client, board, officer):
    meeting = make_meeting(board, future_start(30), by=officer)
    uid = next(iter(events(client)))
    first = events(client)[uid]
    assert int(first["sequence"]) == 0 and "TESTSERVER" in uid.upper()
    first_day = meeting.date

    services.meeting_move(
        meeting=meeting, starts_at=future_start(37), ends_at=future_start(37, 16), venue="Hall", by=officer
    )
    moved = events(client)[uid]
    assert int(moved["sequence"]) == 1 and moved.decoded("dtstart").date() == meeting.date
    assert moved.decoded("dtstamp") >= first.decoded("dtstamp")
    assert f"Moved from {format_date(first_day)}" in str(moved["description"])
    services.agenda_start(meeting=meeting, by=officer)
    services.agenda_publish(meeting=meeting, by=officer)  # publishing changes nothing the event says
    assert int(events(client)[uid]["sequence"]) == 1

    services.meeting_postpone(meeting=meeting, starts_at=future_start(60), reason="Snow", by=officer)
    assert int(events(client)[uid]["sequence"]) == 2
    services.meeting_cancel(meeting=meeting, reason="CANCEL-REASON no business", by=officer)
    cancelled = events(client)[uid]
    assert list(events(client)) == [uid]  # still one event, the same one
    assert int(cancelled["sequence"]) == 3 and str(cancelled["status"]) == "CANCELLED"
    assert "CANCEL-REASON" in str(cancelled["description"])
    # And the public lists keep it, marked cancelled.
    meeting.refresh_from_db()
    for address in ("/partnerships/testshire/meetings/", "/partnerships/testshire/board/"):
        listed = html(client.get(address)).find("a", href=meeting.get_absolute_url())
        assert listed is not None and "Cancelled" in text_of(listed.parent), address
