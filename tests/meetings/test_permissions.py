"""What each role may see and do in the officers' pages."""

import pytest

from meetings import services
from tests.conftest import html, text_of
from tests.meetings.helpers import build_agenda

pytestmark = pytest.mark.django_db


def get_status(client, user, url, method="get", data=None):
    client.logout()
    if user:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


def test_anonymous_visitors_are_sent_to_sign_in(client, future_meeting):
    for url in ["/manage/", "/manage/testshire/meetings/", f"/manage/meetings/{future_meeting.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url


def test_members_and_other_partnerships_officers_cannot_manage_meetings(client, member, other_officer, future_meeting):
    # A member may know the officers' pages exist (403); for another partnership's officer they do not (404).
    for user, refused in ((member, 403), (other_officer, 404)):
        assert get_status(client, user, "/manage/testshire/meetings/") == refused
        assert get_status(client, user, "/manage/testshire/meetings/schedule/") == refused
        # An unpublished meeting of another partnership does not exist for them.
        assert get_status(client, user, f"/manage/meetings/{future_meeting.pk}/") == 404
        assert (
            get_status(client, user, f"/manage/meetings/{future_meeting.pk}/items/new/", "post", {"title": "x"}) == 404
        )


def test_chair_can_see_the_draft_agenda_but_not_change_it(client, chair, officer, future_meeting):
    build_agenda(future_meeting, officer)
    client.force_login(chair)
    page = html(client.get(f"/manage/meetings/{future_meeting.pk}/"))
    assert "SECRET-TITLE" in text_of(page)
    assert get_status(client, chair, f"/manage/meetings/{future_meeting.pk}/items/new/") == 403
    assert get_status(client, chair, f"/manage/meetings/{future_meeting.pk}/publish/", "post") == 403
    assert future_meeting.items.count() == 6


def test_member_sees_published_agenda_with_confidential_items_but_other_officer_does_not(
    client, member, other_officer, officer, future_meeting
):
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer)
    client.force_login(member)
    assert "SECRET-TITLE" in text_of(html(client.get(f"/manage/meetings/{future_meeting.pk}/")))
    client.force_login(other_officer)
    response = client.get(f"/manage/meetings/{future_meeting.pk}/")
    assert response.status_code == 404 and b"SECRET" not in response.content


def test_officer_dashboard_shows_upcoming_meetings_with_their_deadlines(client, officer, future_meeting):
    client.force_login(officer)
    page = html(client.get("/manage/"))
    row = text_of(page.select_one("table tbody tr"))
    assert "Wednesday 12 June 2030, 2pm" in row
    assert "Tuesday 4 June 2030" in row


def test_history_page_shows_who_changed_what(client, officer, future_meeting):
    items = build_agenda(future_meeting, officer)
    services.agenda_item_update(
        item=items["public"], loaded_version=items["public"].version, by=officer, title="Renamed strategy"
    )
    client.force_login(officer)
    page = text_of(html(client.get(f"/manage/meetings/{future_meeting.pk}/history/")))
    assert "Olive" in page
    assert "title: “Child poverty strategy” → “Renamed strategy”" in page
    assert "Paper attached" in page
