"""In the browser alone, no /admin/: a platform administrator creates a partnership and invites
its officer; the invitation arrives at a real SMTP server; the officer follows the link, sets a
password, configures the board (the public sees its contact officer), imports a register of 12
organisations and 20 people from an XLSX file, pastes a set of past minutes and publishes them
as approved, and the public reads them as "Approved minutes", on the page and in the PDF: in
fewer than 15 form submissions."""

import email
import email.policy
import io
import os
import re
import shutil
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from boards.models import Body, Partnership
from members.models import Membership, Organisation, Person
from tests.browser.conftest import fill_date
from tests.conftest import make_user
from tests.members.register_files import register_xlsx

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (shutil.which("chromium") or os.path.exists("/usr/bin/chromium")) and not os.environ.get("CI"),
        reason="Debian's chromium is not installed",
    ),
]


class Inbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls this hook by name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, seconds: float = 10) -> list:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"{len(self.messages)} messages arrived, expected {count}"
        return self.messages


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server in this process, and Django's mail sent to it over SMTP."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()


def test_a_new_partnership_is_running_without_the_admin(live_server, page: Page, axe, smtp_inbox, tmp_path):
    admin = make_user("platform-admin", "Ada", "Admin")
    admin.is_staff = True
    admin.set_password("admin-password-123")
    admin.save()
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

    # The platform administrator creates the partnership and names its first officer.
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("platform-admin")
    page.get_by_label("Password").fill("admin-password-123")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Partnerships on this installation (platform administration)").click()
    axe(page)
    page.get_by_role("link", name="Create a partnership").click()
    axe(page)
    page.get_by_label("Name of the partnership").fill("Newtown Children and Families Partnership")
    page.get_by_label("Web address").fill("newtown")
    page.get_by_label("Local authority area").fill("Newtown")
    page.get_by_label("Vision").fill("Better services\nBetter outcomes")
    page.get_by_label("E-mail address of its first officer").fill("olu.officer@newtown.gov.uk")
    page.get_by_role("button", name="Create the partnership and invite its officer").click()
    expect(page.get_by_text("An invitation was sent to olu.officer@newtown.gov.uk.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Sign out").click()

    # The invitation arrives by SMTP; its link works once.
    [message] = smtp_inbox.wait_for(1)
    assert message["To"] == "olu.officer@newtown.gov.uk"
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/invitations/\d+/\S+/", body)[0]
    assert link.startswith(live_server.url)

    page.goto(link)
    axe(page)
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    page.get_by_label("Choose a password").fill("a long officer password 2026")
    page.get_by_label("Type the password again").fill("a long officer password 2026")
    page.get_by_role("button", name="Set my password and sign in").click()
    expect(page.get_by_role("heading", name="Partnership settings")).to_be_visible()
    expect(page.get_by_text("Signed in as olu.officer@newtown.gov.uk")).to_be_visible()
    axe(page)

    # The officer configures the board.
    page.get_by_role("link", name=re.compile(r"Newtown Children and Families Partnership Board")).click()
    axe(page)
    page.get_by_label("Terms of reference").fill("The board leads the partnership's work for children.")
    page.get_by_label("Meeting frequency").fill("Every two months")
    page.get_by_label("Usual start time").fill("2pm")
    page.get_by_label("Contact officer's name").fill("Chris Clerk")
    page.get_by_label("Contact officer's e-mail address").fill("governance@newtown.gov.uk")
    page.get_by_label("Contact officer's telephone number").fill("01234 567890")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Newtown Children and Families Partnership Board saved.")).to_be_visible()

    # The public sees the board's contact officer.
    page.goto(f"{live_server.url}/partnerships/newtown/board/")
    contact = page.get_by_test_id("body-contact")
    expect(contact).to_contain_text("Chris Clerk")
    expect(contact).to_contain_text("governance@newtown.gov.uk")
    expect(contact).to_contain_text("01234 567890")
    axe(page)

    # A used link is refused.
    page.goto(link)
    expect(page.get_by_role("heading", name="This invitation link cannot be used")).to_be_visible()

    board = Body.objects.get(partnership__slug="newtown", kind=Body.Kind.BOARD)
    assert board.terms_of_reference.startswith("The board leads") and board.history.first().history_user is not None
    assert Partnership.objects.get(slug="newtown").officers.get().email == "olu.officer@newtown.gov.uk"
    # Sign in, create, sign out, set the password, save the board: five form submissions.
    assert len(posts) == 5, posts

    # The register, from a spreadsheet: previewed, then imported in one step.
    workbook = tmp_path / "newtown-register.xlsx"
    register_xlsx(str(workbook), body=board.name)
    page.goto(f"{live_server.url}/manage/newtown/register/")
    page.get_by_role("link", name="Import from a spreadsheet").click()
    axe(page)
    page.get_by_label(re.compile("The register, as a CSV file")).set_input_files(str(workbook))
    page.get_by_role("button", name="Upload and preview").click()
    axe(page)
    page.get_by_role("button", name=re.compile(r"Import \d+ rows")).click()
    partnership = Partnership.objects.get(slug="newtown")
    assert Organisation.objects.filter(partnership=partnership).count() == 12
    assert Person.objects.filter(partnership=partnership).count() == 20
    assert Membership.objects.filter(body=board).count() == 20
    assert Person.objects.get(partnership=partnership, family_name="Adams").history.first().history_change_reason == (
        "Imported from newtown-register.xlsx"
    )

    # Past minutes, pasted as typed in a word processor, matched to the register just imported.
    page.goto(f"{live_server.url}/manage/newtown/meetings/")
    page.get_by_role("link", name="Paste a set of minutes").click()
    axe(page)
    page.get_by_label("Which body is meeting?").select_option(label=board.name)
    fill_date(page, "Date it took place", "15/07/2026")
    page.get_by_label("Time it started").fill("2pm")
    page.get_by_label("Venue").fill("Newtown Civic Centre")
    page.get_by_label("The text of the minutes").fill(PASTED_MINUTES)
    page.get_by_role("button", name="Read the minutes").click()
    expect(page.get_by_role("heading", name="Check the pasted minutes")).to_be_visible()
    expect(page.get_by_test_id("paste-item")).to_have_count(4)
    expect(page.get_by_test_id("paste-resolution")).to_have_count(2)
    axe(page)
    page.get_by_role("button", name="Record these minutes").click()
    expect(page.get_by_role("heading", name="Attendance and minutes")).to_be_visible()
    page.get_by_role("button", name="Publish as approved minutes").click()

    # The public reads them as the approved record, on the page and in the PDF.
    page.goto(f"{live_server.url}/partnerships/newtown/board/2026-07-15/")
    expect(page.get_by_test_id("minutes-status")).to_contain_text("Approved minutes")
    expect(page.get_by_test_id("minutes-status")).not_to_contain_text("Draft")
    minutes = page.get_by_test_id("minutes")
    expect(minutes).to_contain_text("Asha Adams")
    expect(minutes).to_contain_text("That the local offer for children with special educational needs be approved.")
    axe(page)
    pdf = page.request.get(f"{live_server.url}/partnerships/newtown/board/2026-07-15/minutes.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Approved minutes" in text and "Draft" not in text
    assert "That the local offer for children with special educational needs be approved." in text
    # Upload and import the register; paste, record and publish the minutes: ten in all.
    assert len(posts) == 10 < 15, posts


PASTED_MINUTES = """NEWTOWN CHILDREN AND FAMILIES PARTNERSHIP BOARD

Minutes of the meeting held on 15 July 2026 at 2.00 pm, Newtown Civic Centre

Present:
Asha Adams (Chair) – Director 1, Northvale Council
Ben Bell – Director 2, Northvale NHS Foundation Trust
Cara Cole – Director 3, Northvale Integrated Care Board
Cllr Liam Lowe – Director 12, Northvale Labour Group
Maya Mills – Director 13, Northvale Council

Apologies:
Dev Dunn, Ella Eze

1. APOLOGIES FOR ABSENCE
Apologies were received from Dev Dunn and Ella Eze.

2. DECLARATIONS OF INTEREST
There were no declarations of interest.

3. LOCAL OFFER FOR SEND
The Board considered the revised local offer for children with special educational needs.
RESOLVED – That the local offer for children with special educational needs be approved.
Action: Ben Bell to publish the local offer by 30 September 2026.

4. DATES OF FUTURE MEETINGS
RESOLVED – That the Board meet every two months.

The meeting closed at 3.45 pm.
"""
