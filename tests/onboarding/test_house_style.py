"""The partnership's house style and its bodies' contact officer, as the public reads them: item
numbers "5." or "5.0" on the meeting page, the officers' pages, the minutes and the agenda PDF; the
contact on the body's page, the meeting page and the agenda PDF."""

import io

import pytest
from pypdf import PdfReader

from boards.models import Partnership
from meetings import services
from onboarding.services import body_save, partnership_update
from tests.conftest import html, london, text_of
from tests.meetings.helpers import build_agenda

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def styled(partnership, board, officer):
    partnership.item_numbering = Partnership.ItemNumbering.DECIMAL
    partnership_update(partnership=partnership, by=officer)
    board.contact_name = "Chris Clerk"
    board.contact_email = "governance@testshire.gov.uk"
    board.contact_telephone = "01234 567890"
    body_save(body=board, by=officer)
    return partnership


def test_item_numbers_and_the_contact_follow_the_settings_on_pages_and_the_agenda_pdf(
    client, styled, officer, future_meeting
):
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer, now=london(2030, 5, 1, 9))
    page = html(client.get(future_meeting.get_absolute_url()))
    agenda = [text_of(h) for h in page.select("[data-testid=public-agenda] li[id^=item-] h3")]
    assert agenda[4] == "5.0 Child poverty strategy"
    assert "Chris Clerk" in text_of(page.select_one("[data-testid=body-contact]"))

    text = pdf_text(client.get(future_meeting.get_absolute_url() + "agenda.pdf"))
    assert "5.0 Child poverty strategy" in text
    assert "Chris Clerk, governance@testshire.gov.uk, 01234 567890" in text

    client.force_login(officer)
    staff = html(client.get(f"/manage/meetings/{future_meeting.pk}/"))
    assert any(text_of(h).startswith("5.0 Child poverty strategy") for h in staff.select("h3"))


def test_the_body_page_names_its_contact_officer_only_when_there_is_one(client, styled, board, officer):
    contact = html(client.get("/partnerships/testshire/board/")).select_one("[data-testid=body-contact]")
    assert "Chris Clerk" in text_of(contact) and "01234 567890" in text_of(contact)
    assert contact.select_one("a[href='mailto:governance@testshire.gov.uk']") is not None
    board.contact_name = board.contact_email = board.contact_telephone = ""
    body_save(body=board, by=officer)
    assert html(client.get("/partnerships/testshire/board/")).select_one("[data-testid=body-contact]") is None


def test_plain_numbering_is_unchanged(client, partnership, officer, future_meeting):
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer, now=london(2030, 5, 1, 9))
    page = html(client.get(future_meeting.get_absolute_url()))
    agenda = [text_of(h) for h in page.select("[data-testid=public-agenda] li[id^=item-] h3")]
    assert agenda[4] == "5. Child poverty strategy"
