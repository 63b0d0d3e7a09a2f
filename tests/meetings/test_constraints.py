"""The invariants the database holds, checked against the real database."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from boards.models import Body
from core.audit import save_audited
from meetings.models import AgendaItem, Attendance, Meeting
from tests.conftest import london, make_meeting, make_person

pytestmark = pytest.mark.django_db


def test_board_meeting_of_three_hours_is_accepted(board):
    meeting = make_meeting(board, london(2027, 1, 13, 14), hours=3)
    assert meeting.body_kind == "board"


def test_board_meeting_over_three_hours_is_refused_with_a_clear_message(board):
    with pytest.raises(ValidationError) as raised:
        make_meeting(board, london(2027, 1, 13, 14), hours=3.5)
    assert "at most three hours" in str(raised.value)
    assert not Meeting.objects.exists()


def test_database_itself_refuses_a_board_meeting_over_three_hours(board):
    start = london(2027, 1, 13, 14)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(body=board, starts_at=start, ends_at=start + dt.timedelta(hours=4), venue="x")


def test_three_hour_limit_holds_across_the_change_to_british_summer_time(board):
    # Clocks go forward at 1am on Sunday 28 March 2027: 11pm to 3am local is only 3 real hours.
    start = london(2027, 3, 27, 23)
    meeting = Meeting(body=board, starts_at=start, ends_at=london(2027, 3, 28, 3), venue="x")
    save_audited(meeting, by=None, reason="test")
    assert meeting.length == dt.timedelta(hours=3)


def test_three_hour_limit_counts_the_extra_hour_when_the_clocks_go_back(board):
    # Clocks go back at 2am on Sunday 31 October 2027: 11pm to 2am local is four real hours.
    meeting = Meeting(body=board, starts_at=london(2027, 10, 30, 23), ends_at=london(2027, 10, 31, 2), venue="x")
    with pytest.raises(ValidationError, match="at most three hours"):
        save_audited(meeting, by=None, reason="test")


def test_other_bodies_may_meet_for_longer(partnership):
    group = save_audited(
        Body(partnership=partnership, kind=Body.Kind.GROUP, name="Away day", slug="away"), by=None, reason="test"
    )
    meeting = make_meeting(group, london(2027, 1, 13, 9), hours=6)
    meeting.refresh_from_db()
    assert meeting.length == dt.timedelta(hours=6)
    assert list(group.meetings.all()) == [meeting]


def test_meeting_must_end_after_it_starts(board):
    start = london(2027, 1, 13, 14)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(body=board, starts_at=start, ends_at=start, venue="x")


def test_cancelling_needs_a_reason(board):
    meeting = make_meeting(board, london(2027, 1, 13, 14))
    meeting.status = Meeting.Status.CANCELLED
    with pytest.raises(ValidationError) as raised:
        save_audited(meeting, by=None, reason="Cancelled")
    assert "reason for cancelling" in str(raised.value)


def test_one_attendance_record_per_person_per_meeting(board):
    meeting = make_meeting(board, london(2027, 1, 13, 14))
    person = make_person("Ann", "Example", partnership=board.partnership)
    Attendance.objects.create(meeting=meeting, person=person, status=Attendance.Status.PRESENT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=meeting, person=person, status=Attendance.Status.APOLOGIES)


def test_substitute_must_name_whom_they_stand_in_for(board):
    meeting = make_meeting(board, london(2027, 1, 13, 14))
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            meeting=meeting,
            person=make_person("Sub", "Stitute", partnership=board.partnership),
            status=Attendance.Status.SUBSTITUTE,
        )


def test_confidential_item_must_cite_a_schedule_12a_paragraph(board):
    meeting = make_meeting(board, london(2027, 1, 13, 14))
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, position=1, title="Staffing", confidential=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, position=1, title="Staffing", confidential=True, exempt_paragraph=8)
    item = AgendaItem.objects.create(
        meeting=meeting, position=1, title="Staffing", confidential=True, exempt_paragraph=1
    )
    assert item.public_line == "Staffing"  # the title is public unless the title itself is exempt
    item.title_exempt = True
    assert item.public_line == "Exempt item: information relating to an individual (paragraph 1)"


def test_agenda_positions_are_unique_within_a_meeting(board):
    meeting = make_meeting(board, london(2027, 1, 13, 14))
    AgendaItem.objects.create(meeting=meeting, position=1, title="Apologies")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, position=1, title="Declarations")


def test_public_querysets_hide_unpublished_agendas_and_confidential_items(board):
    draft = make_meeting(board, london(2027, 1, 13, 14))
    published = make_meeting(board, london(2027, 3, 10, 14), status=Meeting.Status.AGENDA_PUBLISHED)
    minuted = make_meeting(board, london(2026, 11, 10, 14), status=Meeting.Status.MINUTES_PUBLISHED)
    AgendaItem.objects.create(meeting=draft, position=1, title="Draft item")
    AgendaItem.objects.create(meeting=published, position=1, title="Public item")
    AgendaItem.objects.create(meeting=published, position=2, title="Secret", confidential=True, exempt_paragraph=3)

    assert list(Meeting.objects.with_public_agenda()) == [minuted, published]
    assert list(Meeting.objects.with_public_minutes()) == [minuted]
    assert [item.title for item in AgendaItem.objects.public()] == ["Public item"]
