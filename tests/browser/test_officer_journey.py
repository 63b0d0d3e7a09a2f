"""In the browser alone: an officer schedules a year of bimonthly board meetings, builds an agenda
with a report and a confidential item, and publishes it; signed out, the public reads it."""

import re

import pytest
from playwright.sync_api import Page, expect

from meetings.models import Meeting
from tests.browser.conftest import fill_date

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_schedules_the_year_and_publishes_an_agenda(live_server, page: Page, axe, partnership, board, officer):
    officer.set_password("officer-password")
    officer.save()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("officer-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()
    axe(page)

    # Schedule six bimonthly meetings on the second Wednesday.
    page.get_by_role("link", name="Schedule a series of meetings").click()
    axe(page)
    fill_date(page, "Date of the first meeting", "09/01/2030")
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Venue").fill("Civic Offices")
    page.get_by_role("button", name="Preview the dates").click()
    expect(page.get_by_test_id("preview-row")).to_have_count(6)
    axe(page)
    expect(page.get_by_test_id("preview-row").nth(5)).to_contain_text("Wednesday 13 November 2030")
    page.get_by_role("button", name="Schedule these meetings").click()
    expect(page.get_by_text("6 meetings of the Testshire Board scheduled.")).to_be_visible()
    axe(page)
    assert Meeting.objects.count() == 6

    # Build the first meeting's agenda.
    page.get_by_role("link", name="Wednesday 9 January 2030, 2pm").click()
    page.get_by_role("button", name="Start with the standard opening items").click()
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Title").fill("Child poverty strategy")
    page.get_by_label("For decision").check()
    page.get_by_label("Expected time, in minutes").fill("40")
    page.get_by_role("button", name="Save item").click()
    page.get_by_role("link", name="Add a report for item 5").click()
    page.get_by_label("Key decision").check()
    page.get_by_label("Purpose of the report").fill("To agree the child poverty strategy.")
    page.get_by_label("Recommendations").fill("That the strategy be approved.")
    page.get_by_role("button", name="Save report").click()
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Title").fill("Staffing restructure SECRET")
    page.get_by_label("Confidential (exempt information): not for the public").check()
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_text("Choose the Schedule 12A paragraph that makes the item exempt.").first).to_be_visible()
    axe(page)  # the form with its errors
    page.get_by_label("Schedule 12A paragraph").select_option("1")
    page.get_by_label("Why the information is exempt").fill("Named members of staff")
    page.get_by_label("What the item is called is itself exempt: the public sees only the paragraph it cites").check()
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_test_id("agenda")).to_contain_text("6. Staffing restructure SECRET")
    axe(page)

    page.get_by_role("link", name="Publish the agenda").click()
    expect(page.get_by_test_id("deadline")).to_have_text("Monday 31 December 2029")
    axe(page)
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_text("The agenda has been published.")).to_be_visible()

    # Signed out, the public reads the agenda and the report; nothing of the confidential item.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/partnerships/testshire/board/2030-01-09/")
    agenda = page.get_by_test_id("public-agenda")
    expect(agenda).to_contain_text("5. Child poverty strategy")
    expect(agenda).to_contain_text("6. Exempt item: information relating to an individual (paragraph 1)")
    axe(page)
    assert "SECRET" not in page.content()
    page.get_by_role("link", name="Child poverty strategy").click()
    expect(page.get_by_text("That the strategy be approved.")).to_be_visible()
    axe(page)
    pack = page.request.get(f"{live_server.url}/partnerships/testshire/board/2030-01-09/agenda.pdf")
    assert pack.ok and pack.headers["content-type"] == "application/pdf"
    assert re.search(rb"^%PDF-", pack.body())
