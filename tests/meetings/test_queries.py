"""The agenda pages run the same number of queries whatever the size of the agenda."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import services
from tests.meetings.helpers import MINIMAL_PDF, build_agenda, upload

pytestmark = pytest.mark.django_db


def grow(meeting, officer, count: int) -> None:
    for n in range(count):
        item = services.agenda_item_add(meeting=meeting, by=officer, title=f"Extra {n}", expected_minutes=1)
        services.report_save(item=item, loaded_version=0, by=officer, purpose="P", recommendations="R")
        services.report_file_attach(item=item, title=f"Paper {n}", upload=upload("p.pdf", MINIMAL_PDF), by=officer)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_public_agenda_page_queries_do_not_grow_with_the_agenda(client, officer, future_meeting):
    build_agenda(future_meeting, officer)
    grow(future_meeting, officer, 2)
    services.agenda_publish(meeting=future_meeting, by=officer)
    small = count_queries(client, future_meeting.get_absolute_url())
    grow(future_meeting, officer, 20)
    services.agenda_publish(meeting=future_meeting, by=officer, changes="Twenty more items")
    large = count_queries(client, future_meeting.get_absolute_url())
    # meeting with body and partnership; publications (supplements among them); items confidential now.
    assert small == large == 3


def test_officer_agenda_page_queries_do_not_grow_with_the_agenda(client, officer, future_meeting):
    build_agenda(future_meeting, officer)
    grow(future_meeting, officer, 2)
    client.force_login(officer)
    url = f"/manage/meetings/{future_meeting.pk}/"
    small = count_queries(client, url)
    grow(future_meeting, officer, 20)
    large = count_queries(client, url)
    assert small == large
    assert large <= 16, "session, user, permission checks, meeting, items with reports and papers, proposals"


def test_public_minutes_page_queries_do_not_grow_with_the_minutes(client, board, officer, chair, member):
    import datetime as dt

    from meetings import services
    from tests.meetings.minutes_helpers import held_meeting, minute_it

    def published_with(extra: int, day: dt.date):
        meeting = held_meeting(board, officer, day=day)
        minute_it(meeting, officer)
        target = meeting.items.get(position=5)
        for n in range(extra):
            services.resolution_add(item=target, text=f"That item {n} be noted.", by=officer)
            services.action_add(
                item=target, description=f"Action {n}", owner=None, owner_name="Jo", due_on=None, by=officer
            )
        services.minutes_publish(meeting=meeting, by=officer)
        return meeting

    small = count_queries(client, published_with(2, dt.date(2026, 9, 2)).get_absolute_url())
    large = count_queries(client, published_with(20, dt.date(2026, 10, 7)).get_absolute_url())
    # meeting; the minutes as stored at publication; agenda publications (none here).
    assert small == large == 3


def test_a_stored_pdf_is_served_in_one_query(client, board, officer, chair, member):
    from meetings import services
    from tests.meetings.minutes_helpers import held_meeting, minute_it

    meeting = held_meeting(board, officer)
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    url = meeting.get_absolute_url() + "minutes.pdf"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'inline; filename="minutes-board-2026-10-07.pdf"'
    assert len(queries) == 1, [q["sql"][:90] for q in queries.captured_queries]


def test_body_meetings_list_queries_do_not_grow_with_the_number_of_meetings(client, board, officer):
    import datetime as dt

    from tests.conftest import london, make_meeting

    for n in range(3):
        make_meeting(board, london(2027, 1, 5 + n, 10), by=officer)
    small = count_queries(client, "/partnerships/testshire/board/")
    for n in range(30):
        make_meeting(board, london(2028, 1, 1, 10) + dt.timedelta(days=n), by=officer)
    with CaptureQueriesContext(connection) as queries:
        client.get("/partnerships/testshire/board/")
    large = len(queries)
    # body with partnership; count for the paginator; one page of meetings.
    assert small == large == 3, [q["sql"][:120] for q in queries.captured_queries]


def test_the_calendar_lists_what_is_coming_then_the_latest_24_past_in_bounded_queries(client, board, officer):
    """The calendar used to read every meeting the partnership ever had to show 24 of them."""
    import datetime as dt

    from django.utils import timezone

    from tests.conftest import html, make_meeting, text_of
    from tests.meetings.minutes_helpers import approve_minutes

    now = timezone.now()
    today = timezone.localdate()
    past = [
        make_meeting(
            board, timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=30 * n), dt.time(10))), by=officer
        )
        for n in range(1, 31)
    ]
    coming = [make_meeting(board, now + dt.timedelta(days=20 * n), by=officer) for n in (2, 1)]
    services.meeting_cancel(meeting=coming[0], reason="Snow", by=officer)
    approve_minutes(past[1], at_meeting=past[0], officer=officer)  # approved at the next meeting, held since
    with CaptureQueriesContext(connection) as queries:
        soup = html(client.get("/partnerships/testshire/meetings/"))
    # partnership; what is coming; the latest past.
    assert len(queries) == 3, [q["sql"][:120] for q in queries.captured_queries]
    lists = soup.select("main ul.govuk-list")
    upcoming = [a["href"] for a in lists[0].select("a")]
    assert upcoming == [coming[1].get_absolute_url(), coming[0].get_absolute_url()]  # soonest first
    assert "Cancelled" in text_of(lists[0].select("li")[1])
    recent = [a["href"] for a in lists[1].select("a")]
    assert recent == [m.get_absolute_url() for m in past[:24]]  # newest first, the latest 24
    assert "Minutes approved" in text_of(lists[1].select("li")[1])
