"""In the browser: the chair proposes a commission, a board resolution establishes it, an officer
adds a co-opted member, and a signed-out visitor finds it on the public commissions page."""

import pytest
from playwright.sync_api import Page, expect

from meetings import services
from tests.browser.conftest import fill_date
from tests.meetings.minutes_helpers import held_meeting

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, live_server, user, password: str) -> None:
    user.set_password(password)
    user.save()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_chair_proposes_board_establishes_officer_staffs_public_reads(
    live_server, page: Page, axe, partnership, board, officer, chair, member
):
    meeting = held_meeting(board, officer)
    services.resolution_add(
        item=meeting.items.get(position=5), text="That an Early Help Commission be established.", by=officer
    )

    sign_in(page, live_server, chair, "chair-password")
    page.get_by_role("link", name="Commissions of Testshire Children and Families Partnership").click()
    page.get_by_role("link", name="Propose a commission").click()
    axe(page)
    page.get_by_label("Title").fill("Early Help Commission")
    page.get_by_label("The issue identified").fill("Families get help too late.")
    page.get_by_label("Remit (terms of reference)").fill("Review early help and recommend changes.")
    page.get_by_label("Early years").check()
    page.get_by_label("Mo Member").check()
    fill_date(page, "Start date", "02/11/2026")
    fill_date(page, "End date (the time limit)", "31/07/2027")
    page.get_by_label("How children, young people and families will be heard").fill(
        "Sessions with the Youth Cabinet and a survey of parents."
    )
    page.get_by_role("button", name="Propose the commission").click()
    expect(page.get_by_text("Early Help Commission proposed.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, officer, "officer-password")
    page.get_by_role("link", name="Commissions").first.click()
    page.get_by_role("link", name="Early Help Commission").click()
    page.get_by_role("link", name="Establish the commission").click()
    page.get_by_label("The board's resolution").select_option(index=1)  # the only resolution, after the blank
    page.get_by_role("button", name="Establish the commission").click()
    expect(page.get_by_text("Early Help Commission is established and active.")).to_be_visible()
    page.get_by_role("link", name="Add a member, advisor or co-opted member").click()
    page.get_by_label("Or someone new to co-opt: first name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Role or expertise").fill("Researcher in early help")
    page.get_by_label("Co-opted member").check()
    page.get_by_role("button", name="Add to the commission").click()
    expect(page.get_by_test_id("commission-members")).to_contain_text("Priya Shah — Co-opted member")
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server.url}/partnerships/testshire/")
    page.get_by_role("link", name="Commissions").click()
    page.get_by_role("link", name="Early Help Commission").click()
    expect(page.get_by_test_id("remit")).to_have_text("Review early help and recommend changes.")
    expect(page.get_by_test_id("participation")).to_contain_text("Youth Cabinet")
    expect(page.get_by_test_id("commission-members")).to_contain_text("Priya Shah — Co-opted member")
    expect(page.get_by_test_id("commission-members")).to_contain_text("Mo Member — Member")
    axe(page)
