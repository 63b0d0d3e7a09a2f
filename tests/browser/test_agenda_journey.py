"""In the browser: an officer publishes an agenda with an exempt item (answering the prompt for the
resolution to exclude the press and public), adds a late item with a paper after publication,
moves it up, and publishes a supplement. Signed out, the public sees the published numbers
unchanged and the late item as "5A", the supplement's changes item by item linking to it, and
one agenda pack with the paper appended and bookmarked."""

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from weasyprint import HTML

from meetings import services
from tests.conftest import london, make_meeting
from tests.meetings.helpers import upload

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = "/partnerships/testshire/board/2030-06-12/"


def real_pdf(text: str) -> bytes:
    return HTML(string=f"<html><body><p>{text}</p></body></html>").write_pdf()


def test_officer_publishes_an_agenda_then_a_supplement_with_a_lettered_item(
    live_server, page: Page, axe, partnership, board, officer, tmp_path
):
    meeting = make_meeting(board, london(2030, 6, 12, 14), hours=3, by=officer)
    services.agenda_start(meeting=meeting, by=officer)
    strategy = services.agenda_item_add(meeting=meeting, by=officer, title="Child poverty strategy", purpose="decision")
    services.report_file_attach(
        item=strategy, title="Strategy document", upload=upload("s.pdf", real_pdf("STRATEGY-BODY")), by=officer
    )
    services.agenda_item_add(
        meeting=meeting,
        by=officer,
        title="Children's home contract",
        confidential=True,
        exempt_paragraph=3,
        exempt_reason="Tender prices",
    )
    officer.set_password("officer-password")
    officer.save()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("officer-password")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/manage/meetings/{meeting.pk}/")

    # Publishing an agenda with an exempt item asks for the resolution to exclude the public.
    page.get_by_role("link", name="Publish the agenda").click()
    resolution = page.get_by_label("Resolution to exclude the press and public")
    expect(resolution).to_have_value(
        "That under section 100A(4) of the Local Government Act 1972 the press and public be excluded from the "
        "meeting for item 6 on the grounds that it involves the likely disclosure of exempt information as "
        "defined in paragraph 3 of Part 1 of Schedule 12A to the Act."
    )
    resolution.fill("")
    page.get_by_role("button", name="Publish the agenda").click()
    page.get_by_role("link", name="Enter the resolution to exclude the press and public").click()
    expect(resolution).to_be_focused()
    axe(page)  # the form with its error
    resolution.fill("That the press and public be excluded for item 6 (paragraph 3).")
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.get_by_text("The agenda has been published.")).to_be_visible()

    # A late item with a paper, moved up to follow item 5.
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Title").fill("Youth Cabinet report")
    page.get_by_role("button", name="Save item").click()
    page.get_by_role("link", name="Attach a paper to item 7").click()
    page.get_by_label("Title of the paper").fill("Youth Cabinet survey")
    paper = tmp_path / "survey.pdf"
    paper.write_bytes(real_pdf("SURVEY-BODY"))
    page.get_by_label("File (PDF, DOCX, XLSX or ODT, up to 20 MB)").set_input_files(paper)
    page.get_by_role("button", name="Attach paper").click()
    page.get_by_role("button", name="Move up item 7").click()

    page.get_by_role("link", name="Publish a supplement").click()
    expect(page.get_by_test_id("change-list")).to_have_text("Item 5A added: Youth Cabinet report")
    expect(page.get_by_label("What does this supplement change?")).to_have_value("Item 5A added: Youth Cabinet report")
    axe(page)
    page.get_by_role("button", name="Publish the supplement").click()
    expect(page.get_by_text("Supplement 1 has been published.")).to_be_visible()

    # Signed out: the published numbers stand, the late item is 5A, the change list links to it.
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}{PUBLIC}")
    headings = page.get_by_test_id("public-agenda").locator("li[id^=item-] h3")
    expect(headings).to_have_text(
        [
            "1. Apologies for absence",
            "2. Declarations of interest",
            "3. Minutes of the previous meeting",
            "4. Matters arising",
            "5. Child poverty strategy",
            "5A. Youth Cabinet report",
            "6. Children's home contract",
        ]
    )
    expect(page.get_by_test_id("exclusion-resolution")).to_contain_text(
        "That the press and public be excluded for item 6 (paragraph 3)."
    )
    axe(page)
    page.get_by_role("link", name="Item 5A added: Youth Cabinet report").click()
    expect(page).to_have_url(f"{live_server.url}{PUBLIC}#item-5A")
    expect(page.locator("#item-5A")).to_contain_text("Youth Cabinet survey")
    assert "Tender prices" not in page.content()

    # One download: the agenda pack with both public papers appended, each bookmarked.
    pack = page.request.get(f"{live_server.url}{PUBLIC}agenda.pdf")
    assert pack.ok
    reader = PdfReader(io.BytesIO(pack.body()))
    bookmarks = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert bookmarks[-2:] == ["Item 5: Strategy document", "Item 5A: Youth Cabinet survey"]
    survey = reader.get_destination_page_number(reader.outline[-1])
    assert "Youth Cabinet survey" in reader.pages[survey].extract_text()
    assert "SURVEY-BODY" in reader.pages[survey + 1].extract_text()
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Item 5A added: Youth Cabinet report" in text
    assert "5A. Youth Cabinet report" in text
