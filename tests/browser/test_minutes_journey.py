"""In the browser: an officer records attendance and minutes with two resolutions and publishes;
a signed-out visitor downloads the PDF and finds both resolutions in it."""

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from meetings import services
from tests.conftest import london, make_meeting

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_minutes_a_meeting_and_the_public_downloads_the_pdf(
    live_server, page: Page, axe, partnership, board, officer, chair, member
):
    officer.set_password("officer-password")
    officer.save()
    meeting = make_meeting(board, london(2026, 10, 7, 14), hours=2, by=officer)
    services.agenda_start(meeting=meeting, by=officer)

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("officer-password")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/manage/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Attendance and minutes").click()
    page.get_by_role("button", name="Record the meeting as held").click()
    axe(page)

    page.get_by_role("link", name="Record attendance").click()
    page.get_by_role("group", name="Mo Member").get_by_label("Apologies").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_test_id("present")).to_contain_text("Cara Chair")
    expect(page.get_by_test_id("apologies")).to_contain_text("Mo Member")
    axe(page)

    page.get_by_role("link", name="Write the minutes of item 4").click()
    page.get_by_label("Minutes").fill("The Board reviewed the actions from the last meeting.\n\n- All complete")
    page.get_by_role("button", name="Save minutes").click()
    for text in ["That the matters arising be noted.", "That the action log be closed."]:
        page.get_by_role("link", name="Add a resolution to item 4").click()
        page.get_by_label("RESOLVED –").fill(text)
        page.get_by_role("button", name="Add resolution").click()
    page.get_by_role("link", name="Closing time").click()
    page.get_by_label("The chair closed the meeting at").fill("15:20")
    page.get_by_role("button", name="Save closing time").click()
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_text("The minutes have been published")).to_be_visible()
    axe(page)

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/partnerships/testshire/board/2026-10-07/")
    expect(page.get_by_test_id("minutes-status")).to_have_text("Draft — subject to approval")
    axe(page)
    link = page.get_by_role("link", name="Download the minutes (PDF)")
    link.evaluate("a => a.setAttribute('download', '')")  # save it rather than open the viewer
    with page.expect_download() as download_info:
        link.click()
    pdf = download_info.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "That the matters arising be noted." in text
    assert "That the action log be closed." in text
