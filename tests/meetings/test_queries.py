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
    # meeting with body and partnership; publications; items confidential now; supplements.
    assert small == large == 4


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
