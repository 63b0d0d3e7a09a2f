"""In the browser: an officer corrects a membership's end date with a reason and reads it in the
person's history; corrects an action to be due "by September 2027"; and, opening an approved
record's edit address, is told why it is locked and follows the correction route."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from meetings import services
from tests.browser.conftest import fill_date
from tests.conftest import london, make_meeting, make_member
from tests.meetings.minutes_helpers import approve_minutes, held_meeting

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, live_server, user) -> None:
    user.set_password("journey-password")
    user.save()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill("journey-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()


def test_officer_corrects_a_memberships_end_date_and_reads_why_in_the_history(
    live_server, page: Page, axe, board, council, officer
):
    seat = make_member(board, council, "Jane", "Seat", by=officer, job_title="Director", ends_on=dt.date(2027, 3, 31))
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/manage/testshire/register/people/{seat.person_id}/")
    page.get_by_role("link", name="correct the membership: Member, Testshire Board").click()
    axe(page)
    fill_date(page, "Until (optional)", "30/06/2026")
    page.get_by_role("button", name="Save the correction").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Give the reason for the correction.")
    axe(page)  # the error state
    summary.get_by_role("link", name="Give the reason for the correction.").click()
    expect(page.get_by_label("Reason for the correction")).to_be_focused()
    page.get_by_label("Reason for the correction").fill("She stood down in June; the end date was typed wrongly")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("heading", name="History of changes")).to_be_visible()
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Membership corrected: She stood down in June; the end date was typed wrongly")
    expect(history).to_contain_text("ends on: “31 March 2027” → “30 June 2026”")
    axe(page)
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_test_id("memberships")).to_contain_text("to 30 June 2026")


def test_officer_corrects_an_action_to_be_due_by_september_2027(live_server, page: Page, axe, board, officer):
    meeting = held_meeting(board, officer)
    services.action_add(
        item=meeting.items.get(position=5),
        description="Refresh the children and young people's plan",
        owner=None,
        owner_name="Ann Owner",
        due_on=dt.date(2027, 3, 1),
        by=officer,
    )
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/manage/testshire/actions/")
    page.get_by_role("link", name="Correct the action: Refresh the children").click()
    axe(page)
    due_by = page.get_by_role("group", name="Due by", exact=True)
    for part in ("Day", "Month", "Year"):
        due_by.get_by_label(part).fill("")
    page.get_by_label("Or due by the end of a month").fill("September 2027")
    page.get_by_label("Reason for the correction").fill("The board gave until the autumn")
    page.get_by_role("button", name="Save the correction").click()
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Action corrected: The board gave until the autumn")
    axe(page)
    page.goto(f"{live_server.url}/manage/testshire/actions/")
    expect(page.get_by_test_id("actions")).to_contain_text("by September 2027")
    axe(page)


def test_an_approved_record_says_why_it_is_locked_and_offers_the_correction(
    live_server, page: Page, axe, board, officer
):
    first = make_meeting(board, london(2026, 9, 2, 14), by=officer)
    services.agenda_start(meeting=first, by=officer)
    later = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    approve_minutes(first, later, officer)
    item = first.items.get(position=1)
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/manage/items/{item.pk}/minutes/")
    expect(page.get_by_test_id("locked-why")).to_contain_text("approved as a correct record")
    expect(page.locator("main form[method=post]")).to_have_count(0)
    axe(page)
    page.get_by_role("link", name="Record a correction to the approved minutes").click()
    expect(page.get_by_role("heading", name="Record a correction")).to_be_visible()
    page.get_by_label("The correction").fill("Item 1: the apologies of Jo Smith were omitted.")
    page.get_by_role("button", name="Record the correction").click()
    expect(page.get_by_test_id("corrections")).to_contain_text("the apologies of Jo Smith were omitted")
