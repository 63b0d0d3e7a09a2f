"""In the browser: an officer meets a form's errors (each summary link lands on its field and
names it), types a date into GOV.UK's day, month and year boxes as "13/01/2027" and a time as
"9:30am", and is asked before an agenda item is removed."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from meetings import services
from meetings.models import AgendaItem, Meeting
from tests.browser.conftest import fill_date

pytestmark = pytest.mark.django_db(transaction=True)


def test_dates_times_errors_and_a_removal_that_asks_first(live_server, page: Page, axe, partnership, board, officer):
    officer.set_password("officer-password")
    officer.save()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("officer-password")
    page.get_by_role("button", name="Sign in").click()

    # Submitted empty: every line of the summary names its field and lands on it.
    page.goto(f"{live_server.url}/manage/testshire/meetings/new/")
    page.get_by_role("button", name="Save meeting").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the meeting")
    expect(summary).to_contain_text("Enter the start time")
    expect(summary).not_to_contain_text("This field is required")
    axe(page)  # the error state
    summary.get_by_role("link", name="Enter the date of the meeting").click()
    expect(page.locator("#id_date_day")).to_be_focused()

    # A date in the past is refused with a reason; then 13/01/2027 at 9:30am is what is saved.
    fill_date(page, "Date of the meeting", "13/01/2020")
    page.get_by_label("Start time").fill("9:30am")
    page.get_by_label("Venue").fill("Civic Offices")
    page.get_by_role("button", name="Save meeting").click()
    expect(summary).to_contain_text("The date of the meeting must be today or in the future")
    axe(page)
    fill_date(page, "Date of the meeting", "13/01/2027")
    page.get_by_role("button", name="Save meeting").click()
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == dt.datetime(2027, 1, 13, 9, 30)

    # Removing an item asks first; "No, keep it" keeps it, "Yes" removes it.
    services.agenda_item_add(meeting=meeting, by=officer, title="Youth Cabinet report")
    page.goto(f"{live_server.url}/manage/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Remove item 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove item 1, “Youth Cabinet report”?")
    axe(page)
    page.get_by_role("link", name="No, keep it").click()
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1
    page.get_by_role("button", name="Remove item 1").click()
    page.get_by_role("button", name="Yes, remove the item").click()
    expect(page.get_by_text("Item “Youth Cabinet report” removed")).to_be_visible()
    assert AgendaItem.objects.filter(meeting=meeting).count() == 0
