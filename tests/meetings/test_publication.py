"""Publishing the agenda: the deadline, late publication, supplements, and what the public sees."""

import datetime as dt
import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from core.pdf import mcids_in_structure_tree
from meetings import services
from meetings.models import Meeting
from tests.conftest import html, london, make_meeting, text_of
from tests.meetings.helpers import build_agenda

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_public_sees_no_agenda_before_publication(client, officer, future_meeting):
    build_agenda(future_meeting, officer)
    page = client.get(future_meeting.get_absolute_url())
    assert page.status_code == 200
    body = text_of(html(page))
    assert "Child poverty strategy" not in body
    assert "will be published here" in body
    assert client.get(future_meeting.get_absolute_url() + "agenda.pdf").status_code == 404
    assert client.get(future_meeting.get_absolute_url() + "items/5/").status_code == 404


def test_published_agenda_shows_public_items_and_only_a_neutral_line_for_the_confidential_one(
    client, officer, future_meeting
):
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer, now=london(2030, 5, 1, 9))
    response = client.get(future_meeting.get_absolute_url())
    page = html(response)
    agenda = [text_of(h) for h in page.select("[data-testid=public-agenda] li[id^=item-] h3")]
    assert agenda[4] == "5. Child poverty strategy"
    assert agenda[5] == "6. Exempt item: information relating to an individual (paragraph 1)"
    assert b"SECRET" not in response.content
    report = client.get(future_meeting.get_absolute_url() + "items/5/")
    assert "That the strategy be approved." in text_of(html(report))
    assert client.get(future_meeting.get_absolute_url() + "items/6/").status_code == 404


def test_agenda_pack_is_one_tagged_pdf_with_the_public_reports_and_nothing_confidential(
    client, officer, future_meeting
):
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer, now=london(2030, 5, 1, 9))
    response = client.get(future_meeting.get_absolute_url() + "agenda.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Child poverty strategy" in text
    assert "That the strategy be approved." in text
    assert "Page 1 of 2" in text
    assert "Testshire Children and Families Partnership" in text
    assert "SECRET" not in text
    assert b"SECRET" not in response.content
    pdf = pikepdf.open(io.BytesIO(response.content))
    assert pdf.Root.MarkInfo.Marked
    assert str(pdf.Root.Lang) == "en-GB"
    assert "/StructTreeRoot" in pdf.Root


def test_publishing_after_the_deadline_needs_a_reason_shown_on_the_public_agenda(client, officer, board):
    meeting = make_meeting(board, london(2030, 6, 12, 14), by=officer)
    build_agenda(meeting, officer)
    deadline = services.deadline_for(meeting)
    assert deadline == dt.date(2030, 6, 4)
    late = london(2030, 6, 7, 9)
    with pytest.raises(ValidationError, match="deadline for publishing this agenda was Tuesday 4 June 2030"):
        services.agenda_publish(meeting=meeting, by=officer, now=late)
    services.agenda_publish(meeting=meeting, by=officer, now=late, late_reason="Report delayed by the audit")
    meeting.refresh_from_db()
    assert meeting.late_publication_reason == "Report delayed by the audit"
    assert meeting.history.latest().history_change_reason == "Agenda published late"
    page = html(client.get(meeting.get_absolute_url()))
    assert "Report delayed by the audit" in text_of(page.select_one("[data-testid=late-reason]"))


def test_on_time_publication_needs_no_reason_and_records_the_time(officer, future_meeting):
    build_agenda(future_meeting, officer)
    when = london(2030, 5, 1, 9, 15)
    publication = services.agenda_publish(meeting=future_meeting, by=officer, now=when)
    future_meeting.refresh_from_db()
    assert future_meeting.status == Meeting.Status.AGENDA_PUBLISHED
    assert future_meeting.agenda_published_at == when
    assert publication.number == 0
    assert timezone.localtime(publication.published_at).date() <= publication.deadline  # on time


def test_changes_after_publication_reach_the_public_only_in_a_numbered_supplement(client, officer, future_meeting):
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer)
    services.agenda_item_add(meeting=future_meeting, by=officer, title="Youth Cabinet report LATE-ITEM")
    assert services.changes_since_publication(future_meeting) == 1
    assert b"LATE-ITEM" not in client.get(future_meeting.get_absolute_url()).content
    with pytest.raises(ValidationError, match="Say what the supplement changes"):
        services.agenda_publish(meeting=future_meeting, by=officer)
    supplement = services.agenda_publish(meeting=future_meeting, by=officer, changes="Item 7 added: Youth Cabinet")
    assert supplement.number == 1
    page = client.get(future_meeting.get_absolute_url())
    assert b"LATE-ITEM" in page.content
    assert "Supplement 1" in text_of(html(page)) and "Item 7 added: Youth Cabinet" in text_of(html(page))
    assert "LATE-ITEM" in pdf_text(client.get(future_meeting.get_absolute_url() + "agenda.pdf"))


def test_item_made_confidential_after_publication_disappears_from_the_public_page_at_once(
    client, officer, future_meeting
):
    items = build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer, now=london(2030, 5, 1, 9))
    public = items["public"]
    public.refresh_from_db()
    services.agenda_item_update(
        item=public,
        loaded_version=public.version,
        by=officer,
        confidential=True,
        exempt_paragraph=3,
        exempt_reason="Commercial",
        title_exempt=True,
    )
    response = client.get(future_meeting.get_absolute_url())
    assert b"Child poverty strategy" not in response.content
    assert client.get(future_meeting.get_absolute_url() + "items/5/").status_code == 404
    assert client.get(f"/papers/{items['public_paper'].pk}/").status_code == 404


def _marked_text_of(page) -> list[tuple[str, str]]:
    """(innermost marked-content tag, text shown) for every text-showing operator of the page."""
    shown, tags = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BMC", "BDC"):
            tags.append(str(operands[0]))
        elif name == "EMC" and tags:
            tags.pop()
        elif name in ("Tj", "TJ"):
            shown.append((tags[-1] if tags else "", str(operands)))
    return shown


def _marked_text(pdf: pikepdf.Pdf) -> list[tuple[str, str]]:
    return [shown for page in pdf.pages for shown in _marked_text_of(page)]


def test_agenda_pack_running_header_and_page_numbers_are_artifacts_and_all_else_is_in_the_tag_tree(
    client, officer, future_meeting
):
    """PDF/UA (and a screen reader user) needs the running header and "Page N of M" marked as
    artifacts, and every other piece of marked content reachable from the structure tree."""
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer, now=london(2030, 5, 1, 9))
    pack = client.get(future_meeting.get_absolute_url() + "agenda.pdf").content
    pdf = pikepdf.open(io.BytesIO(pack))
    shown = _marked_text(pdf)
    assert shown and all(tag for tag, _ in shown), "every piece of text is marked, as content or as artifact"
    # The agenda's first page carries the running title and "Page 1 of N", both as artifacts (the
    # appended papers are as their authors made them).
    first_page = _marked_text_of(pdf.pages[0])
    assert [tag for tag, _ in first_page].count("/Artifact") >= 2
    reached = mcids_in_structure_tree(pdf.Root.StructTreeRoot)
    # The agenda's own pages, before the papers appended after it (their bookmarks say "Item …").
    reader = PdfReader(io.BytesIO(pack))
    papers_from = min(
        (
            reader.get_destination_page_number(mark)
            for mark in reader.outline
            if not isinstance(mark, list) and mark.title.startswith("Item ")
        ),
        default=len(reader.pages),
    )
    assert papers_from >= 2
    for page in list(pdf.pages)[:papers_from]:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and "/MCID" in operands[1]:
                assert (page.objgen, int(operands[1].MCID)) in reached
