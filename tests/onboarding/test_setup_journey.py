"""In the browser alone, no /admin/: a platform administrator creates a partnership and invites
its officer; the invitation arrives at a real SMTP server; the officer follows the link, sets a
password, configures the board, and the public sees the board's contact officer."""

import email
import email.policy
import os
import re
import shutil
import socket
import time

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import Page, expect

from boards.models import Body, Partnership
from tests.conftest import make_user

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


def test_a_new_partnership_is_running_without_the_admin(live_server, page: Page, axe, smtp_inbox):
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
