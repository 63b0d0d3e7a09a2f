"""In the browser: an officer moves a meeting whose agenda is published, then postpones it with a
reason; the public, following the old address from the agenda it was sent, is sent on (301) to the
new page, which says where the meeting moved from, or that it was postponed and why."""

import pytest
from playwright.sync_api import Page, expect

from meetings import services
from tests.browser.conftest import fill_date
from tests.conftest import london, make_meeting

pytestmark = pytest.mark.django_db(transaction=True)

OLD = "/partnerships/testshire/board/2030-06-12/"


def follow(page: Page, address: str) -> int:
    """Open `address` as a visitor would and return the status of the redirect followed, if any."""
    response = page.goto(address)
    first = response.request.redirected_from
    return first.response().status if first is not None else response.status


def test_moving_a_published_meeting_and_following_the_old_address(
    live_server, page: Page, axe, browser, browser_context_args, board, officer
):
    meeting = make_meeting(board, london(2030, 6, 12, 14), hours=2, by=officer)
    services.agenda_start(meeting=meeting, by=officer)
    services.agenda_publish(meeting=meeting, by=officer)
    officer.set_password("officer-password")
    officer.save()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("officer-password")
    page.get_by_role("button", name="Sign in").click()

    # Move it a week later.
    page.goto(f"{live_server.url}/manage/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Move or change the meeting").click()
    fill_date(page, "Date of the meeting", "19/06/2030")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_test_id("moved-from")).to_contain_text("Moved from Wednesday 12 June 2030")

    public = browser.new_context(**browser_context_args).new_page()
    assert follow(public, f"{live_server.url}{OLD}") == 301
    assert public.url == f"{live_server.url}/partnerships/testshire/board/2030-06-19/"
    expect(public.get_by_role("heading", level=1)).to_have_text("Wednesday 19 June 2030, 2pm")
    expect(public.get_by_test_id("moved-from")).to_contain_text("Moved from Wednesday 12 June 2030.")
    expect(public.get_by_text("The meeting has moved from Wednesday 12 June 2030")).to_be_visible()
    axe(public)

    # Then postpone it, for a reason the public sees; without one the form says what is missing.
    page.get_by_role("link", name="Postpone the meeting").click()
    fill_date(page, "New date", "26/06/2030")
    page.get_by_role("button", name="Postpone the meeting").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Give the reason the meeting is postponed")
    axe(page)  # the form with its error
    summary.get_by_role("link", name="Give the reason the meeting is postponed").click()
    expect(page.get_by_label("Why is the meeting postponed?")).to_be_focused()
    page.get_by_label("Why is the meeting postponed?").fill("The chair is unwell.")
    page.get_by_role("button", name="Postpone the meeting").click()
    expect(page.get_by_text("Meeting postponed.")).to_be_visible()

    for address in (OLD, "/partnerships/testshire/board/2030-06-19/"):
        assert follow(public, f"{live_server.url}{address}") == 301, address
        assert public.url == f"{live_server.url}/partnerships/testshire/board/2030-06-26/"
    banner = public.get_by_test_id("moved-from")
    expect(banner).to_contain_text("Postponed from Wednesday 19 June 2030.")
    expect(banner).to_contain_text("The chair is unwell.")
    axe(public)
