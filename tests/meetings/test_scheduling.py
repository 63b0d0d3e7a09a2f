"""An officer schedules the year: a series with a preview, single meetings, moves, cancellations."""

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Meeting
from tests.conftest import html, london, make_meeting, text_of

pytestmark = pytest.mark.django_db

SERIES = {
    "body": None,
    "first_date": "2027-01-13",
    "every_months": "2",
    "rule": "same_weekday",
    "count": "6",
    "start_time": "14:00",
    "duration": "180",
    "venue": "Civic Offices",
}


@pytest.fixture
def officer_client(client, officer, partnership):
    client.force_login(officer)
    return client


def post_series(client, board, **changes):
    data = {**SERIES, "body": board.pk, **changes}
    return client.post("/manage/testshire/meetings/schedule/", data)


def test_series_previews_dates_before_saving_anything(officer_client, board):
    response = post_series(officer_client, board)
    assert response.status_code == 302
    preview = html(officer_client.get(response["Location"]))
    rows = [text_of(row) for row in preview.select("[data-testid=preview-row]")]
    assert len(rows) == 6
    assert "Wednesday 13 January 2027" in rows[0] and "Wednesday 10 November 2027" in rows[5]
    assert not Meeting.objects.exists()


def test_confirming_the_preview_schedules_the_meetings_in_london_time(officer_client, board):
    post_series(officer_client, board)
    days = {
        f"date_{n}": d
        for n, d in enumerate(
            ["2027-01-13", "2027-03-10", "2027-05-12", "2027-07-14", "2027-09-08", "2027-11-10"], start=1
        )
    }
    response = officer_client.post("/manage/testshire/meetings/schedule/preview/", {**days, "confirm": "1"})
    assert response.status_code == 302
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert len(meetings) == 6
    # 2pm London time in winter (GMT) and in summer (BST) alike.
    assert [timezone.localtime(m.starts_at).hour for m in meetings] == [14] * 6
    assert meetings[0].starts_at.astimezone(dt.UTC).hour == 14
    assert meetings[3].starts_at.astimezone(dt.UTC).hour == 13
    assert all(m.length == dt.timedelta(hours=3) for m in meetings)
    assert meetings[0].history.latest().history_user.username == "officer"


def test_a_board_meeting_longer_than_three_hours_is_refused_and_the_form_keeps_its_values(officer_client, board):
    response = post_series(officer_client, board, duration="240", venue="Kept venue")
    assert response.status_code == 200
    soup = html(response)
    assert "at most three hours" in text_of(soup.select_one(".govuk-error-summary"))
    assert soup.select_one("#id_venue")["value"] == "Kept venue"
    assert not Meeting.objects.exists()


def test_preview_flags_bank_holidays_and_clashes_and_dates_can_be_moved(officer_client, board, partnership):
    make_meeting(board, london(2027, 7, 5, 10))  # an existing meeting on Monday 5 July 2027
    # First Monday every two months from 3 May 2027 (Early May bank holiday).
    post_series(officer_client, board, first_date="2027-05-03", count="2")
    soup = html(officer_client.get("/manage/testshire/meetings/schedule/preview/"))
    rows = [text_of(row) for row in soup.select("[data-testid=preview-row]")]
    assert "Bank holiday" in rows[0]
    assert "Clashes with Testshire Board" in rows[1]
    # Move both dates, check again: no flags left; then confirm.
    moved = {"date_1": "2027-05-04", "date_2": "2027-07-06"}
    soup = html(officer_client.post("/manage/testshire/meetings/schedule/preview/", {**moved, "recheck": "1"}))
    rows = [text_of(r) for r in soup.select("[data-testid=preview-row]")]
    assert len(rows) == 2 and all("No clash" in row for row in rows)
    officer_client.post("/manage/testshire/meetings/schedule/preview/", {**moved, "confirm": "1"})
    assert sorted(m.date for m in Meeting.objects.all()) == [
        dt.date(2027, 5, 4),
        dt.date(2027, 7, 5),
        dt.date(2027, 7, 6),
    ]


def test_an_impossible_date_in_the_preview_is_reported_and_nothing_saved(officer_client, board):
    post_series(officer_client, board, count="1")
    response = officer_client.post(
        "/manage/testshire/meetings/schedule/preview/", {"date_1": "2027-02-30", "confirm": "1"}
    )
    assert response.status_code == 200
    assert "Date of meeting 1 must be a real date" in text_of(html(response).select_one(".govuk-error-summary"))
    assert not Meeting.objects.exists()


def test_cancelling_needs_a_reason_and_the_public_still_sees_the_meeting_marked_cancelled(
    officer_client, client, board, future_meeting
):
    url = f"/manage/meetings/{future_meeting.pk}/cancel/"
    response = officer_client.post(url, {"reason": ""})
    assert "Give a reason for cancelling" in text_of(html(response))
    officer_client.post(url, {"reason": "The venue is closed for repairs"})
    future_meeting.refresh_from_db()
    assert future_meeting.is_cancelled
    officer_client.logout()
    public = html(client.get(future_meeting.get_absolute_url()))
    assert "This meeting has been cancelled" in text_of(public)
    assert "The venue is closed for repairs" in text_of(public)


def test_moving_a_meeting_is_recorded_with_a_reason(officer_client, future_meeting):
    edit = f"/manage/meetings/{future_meeting.pk}/edit/"
    version = html(officer_client.get(edit)).select_one("input[name=version]")["value"]  # as the page carries it
    response = officer_client.post(
        edit, {"date": "2030-06-19", "start_time": "10:00", "duration": "120", "venue": "Library", "version": version}
    )
    assert response.status_code == 302
    future_meeting.refresh_from_db()
    assert timezone.localtime(future_meeting.starts_at) == london(2030, 6, 19, 10)
    assert future_meeting.history.latest().history_change_reason == "Meeting moved"


def test_single_meeting_of_the_board_longer_than_three_hours_is_refused(officer_client, board):
    response = officer_client.post(
        "/manage/testshire/meetings/new/",
        {"body_choice": board.pk, "date": "2030-01-09", "start_time": "09:00", "duration": "210", "venue": "X"},
    )
    assert response.status_code == 200
    assert "at most three hours" in text_of(html(response))
    assert not Meeting.objects.exists()


def test_a_body_meets_at_most_once_a_day(officer_client, board, future_meeting):
    response = officer_client.post(
        "/manage/testshire/meetings/new/",
        {"body_choice": board.pk, "date": "2030-06-12", "start_time": "18:00", "duration": "60", "venue": "X"},
    )
    assert response.status_code == 200
    assert "already meets on Wednesday 12 June 2030" in text_of(html(response).select_one(".govuk-error-summary"))
    assert Meeting.objects.count() == 1


def test_vice_chair_sees_the_draft_agenda_too(client, board, council, future_meeting):
    from members.models import Membership
    from tests.conftest import make_user, seat_user

    vice = make_user("vice", "Vic", "Chair")
    seat_user(vice, board, council, role=Membership.Role.VICE_CHAIR)
    client.force_login(vice)
    assert client.get(f"/manage/meetings/{future_meeting.pk}/").status_code == 200
    assert client.get(f"/manage/meetings/{future_meeting.pk}/edit/").status_code == 403
