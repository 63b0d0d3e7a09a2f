"""In the browser: minutes approval never strands, and resolutions record how they were decided.

The officer publishes November's minutes while October's still await approval (the page warns,
asks, and is told “not yet”); the chair finds October's minutes on the dashboard, with the
November meeting where they can be approved, and approves them there; the public reads the
approval added to November's published minutes, and October's marked approved. Then a resolution
carried by a vote, proposed and seconded, in the web page and the PDF."""

import datetime as dt
import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from meetings import services
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, url: str, user, password: str) -> None:
    user.set_password(password)
    user.save()
    page.goto(f"{url}/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_publishing_november_before_october_is_approved_then_approving_october_at_november(
    live_server, page: Page, axe, partnership, board, officer, chair, member
):
    october = held_meeting(board, officer, day=dt.date(2026, 10, 7))
    minute_it(october, officer)
    services.minutes_publish(meeting=october, by=officer)
    november = held_meeting(board, officer, day=dt.date(2026, 11, 4))
    minute_it(november, officer)

    sign_in(page, live_server.url, officer, "officer-password")
    page.goto(f"{live_server.url}/manage/meetings/{november.pk}/minutes/")
    expect(page.get_by_test_id("previous-unapproved")).to_contain_text("Wednesday 7 October 2026")
    axe(page)
    page.get_by_role("link", name="Publish the minutes").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("have not yet been approved as a correct record")
    page.get_by_role("button", name="Publish the minutes").click()  # no answer: an error, linked to its field
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say whether this meeting agreed")
    axe(page)
    page.get_by_label("No, they still await approval").check()
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_text("The minutes have been published")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, chair, "chair-password")
    page.goto(f"{live_server.url}/manage/")
    awaiting = page.get_by_test_id("chair-awaiting-approval")
    expect(awaiting).to_contain_text(
        "Testshire Board, Wednesday 7 October 2026 — can be approved as a correct record at the meeting held on "
        "Wednesday 4 November 2026"
    )
    axe(page)
    awaiting.get_by_role("link", name="record the approval").click()
    expect(page.get_by_label("Testshire Board, Wednesday 4 November 2026")).to_be_checked()
    axe(page)
    page.get_by_role("button", name="Approve and sign as a correct record").click()
    expect(page.get_by_text("The minutes are approved as a correct record and locked.")).to_be_visible()
    page.goto(f"{live_server.url}/manage/")
    awaiting = page.get_by_test_id("chair-awaiting-approval")  # November's own, now; October's are done
    expect(awaiting).to_contain_text(
        "Wednesday 4 November 2026 — to be approved as a correct record at the next meeting"
    )
    expect(awaiting).not_to_contain_text("7 October")
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server.url}{november.get_absolute_url()}")
    expect(page.get_by_test_id("corrections")).to_contain_text(
        "Added after these minutes were published: the minutes of the meeting held on Wednesday 7 October 2026 "
        "were approved as a correct record at this meeting"
    )
    expect(page.get_by_test_id("minutes")).to_contain_text(
        "That the minutes of the meeting held on Wednesday 7 October 2026 be approved as a correct record."
    )
    axe(page)
    page.goto(f"{live_server.url}{october.get_absolute_url()}")
    expect(page.get_by_test_id("minutes-status")).to_have_text(
        "Approved as a correct record at the meeting held on Wednesday 4 November 2026."
    )


def test_a_resolution_carried_by_a_vote_is_shown_in_the_web_and_pdf_minutes(
    live_server, page: Page, axe, partnership, board, officer, chair, member
):
    meeting = held_meeting(board, officer, day=dt.date(2026, 10, 7))
    minute_it(meeting, officer)
    sign_in(page, live_server.url, officer, "officer-password")
    page.goto(f"{live_server.url}/manage/meetings/{meeting.pk}/minutes/")
    page.get_by_role("link", name="Add a resolution to item 5").click()
    page.get_by_label("RESOLVED –").fill("That the partnership fund the pilot.")
    page.get_by_label("By a vote").check()
    page.get_by_label("Votes for").fill("1")
    page.get_by_label("Votes against").fill("2")
    page.get_by_label("Abstentions").fill("1")
    page.get_by_label("Proposed by (optional)").select_option(label="Cara Chair")
    page.get_by_label("Seconded by (optional)").select_option(label="Mo Member")
    page.get_by_role("button", name="Add resolution").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The votes for cannot be fewer than the votes against")
    axe(page)
    page.locator(".govuk-error-summary").get_by_role("link").first.click()
    expect(page.get_by_label("Votes for")).to_be_focused()
    page.get_by_label("Votes against").fill("0")
    page.get_by_role("button", name="Add resolution").click()
    decision = "Carried by 1 vote to 0, with 1 abstention. Proposed by Cara Chair, seconded by Mo Member."
    expect(page.get_by_test_id("resolution-decision")).to_have_text(decision)
    axe(page)
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_text("The minutes have been published")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    expect(page.get_by_test_id("resolution-decision")).to_have_text(decision)
    axe(page)
    link = page.get_by_role("link", name="Download the minutes (PDF)")
    link.evaluate("a => a.setAttribute('download', '')")
    with page.expect_download() as download_info:
        link.click()
    assert decision in pdf_text(download_info.value.path().read_bytes())
