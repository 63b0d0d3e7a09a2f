"""In the browser: an officer pastes seed 001's minutes, checks the preview, records them and
publishes them with the minutes page's own button (three form submissions in all)."""

import os

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import CHROMIUM, axe, browser_context_args, browser_type_launch_args, fill_date  # noqa: F401
from tests.meetings.test_paste_minutes import SEED_001, needs_seed

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_seed,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("CI"), reason="Debian's chromium is not installed"
    ),
]


def test_officer_pastes_a_set_of_minutes_and_publishes_them(live_server, page: Page, axe, partnership, board, officer):  # noqa: F811
    officer.set_password("officer-password")
    officer.save()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("officer-password")
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/manage/testshire/meetings/paste-minutes/")
    axe(page)
    page.get_by_label("Which body is meeting?").select_option(label="Testshire Board")
    fill_date(page, "Date it took place", "14/09/2026")
    page.get_by_label("Time it started").fill("09:30")
    page.get_by_label("Venue").fill("Civic Offices")
    page.get_by_label("The text of the minutes").fill(SEED_001.read_text())
    page.get_by_role("button", name="Read the minutes").click()

    expect(page.get_by_role("heading", name="Check the pasted minutes")).to_be_visible()
    expect(page.get_by_test_id("paste-person")).to_have_count(16)
    expect(page.get_by_test_id("paste-item")).to_have_count(10)
    expect(page.get_by_test_id("paste-resolution")).to_have_count(10)
    axe(page)
    page.get_by_role("button", name="Record these minutes").click()

    expect(page.get_by_role("heading", name="Attendance and minutes")).to_be_visible()
    expect(page.get_by_text("Minutes recorded from the pasted text")).to_be_visible()
    expect(page.get_by_text("That the final version of the Local Area Agreement be noted.")).to_be_visible()
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_text("The minutes have been published")).to_be_visible()
