"""The public subscribes to the meeting calendar and to new minutes."""

import datetime as dt
from xml.etree import ElementTree

import pytest
from icalendar import Calendar

from meetings.models import Meeting
from tests.conftest import london, make_meeting
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_calendar_lists_meetings_in_utc_with_cancellations_marked(client, board, officer):
    make_meeting(board, london(2027, 6, 9, 14), by=officer)  # 2pm BST is 1pm UTC
    make_meeting(
        board, london(2027, 1, 13, 14), by=officer, status=Meeting.Status.CANCELLED, cancellation_reason="Snow"
    )
    response = client.get("/partnerships/testshire/meetings.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [(str(e["status"]), e.decoded("dtstart").hour) for e in events] == [("CANCELLED", 14), ("CONFIRMED", 13)]
    assert str(events[0]["summary"]) == "Testshire Board (cancelled)"


def test_minutes_feed_lists_only_published_minutes(client, board, officer, chair, member):
    from meetings import services

    published = held_meeting(board, officer)
    minute_it(published, officer)
    services.minutes_publish(meeting=published, by=officer)
    drafted = held_meeting(board, officer, day=dt.date(2026, 10, 14))
    minute_it(drafted, officer)
    feed = ElementTree.fromstring(client.get("/partnerships/testshire/minutes.atom").content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert titles == ["Testshire Board, Wednesday 7 October 2026"]
    # An entry keeps its id when the partnership's address changes (a reader must not see new minutes).
    ids = [entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")]
    from onboarding import services as setup_services

    partnership = board.partnership
    partnership.slug = "testshire-county"
    setup_services.partnership_update(partnership=partnership, by=officer)
    feed = ElementTree.fromstring(client.get("/partnerships/testshire-county/minutes.atom").content)
    assert [entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")] == ids
    assert ids[0].startswith("urn:uuid:")
