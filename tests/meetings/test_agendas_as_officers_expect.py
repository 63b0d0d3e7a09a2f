"""Agendas the way committee officers expect (issue 14, section 8): numbers frozen at publication,
supplements that list their changes item by item, one agenda pack with the public papers,
links to the previous minutes and an anchor per item, exempt titles, the resolution to exclude
the press and public, and titles as typed."""

import datetime as dt
import io

import pytest
from django.test import Client
from pypdf import PdfReader
from weasyprint import HTML

from meetings import services
from meetings.models import AgendaItem, Meeting
from tests.conftest import html, london, make_meeting, text_of
from tests.meetings.helpers import build_agenda, docx_bytes, upload
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db

URL = "/partnerships/testshire/board/2030-06-12/"


def real_pdf(text: str, pages: int = 1) -> bytes:
    """A paper as an officer would attach it: a real PDF with text on each page."""
    body = "".join(f'<p style="break-after: page">{text} page {n}</p>' for n in range(1, pages + 1))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def top_bookmarks(reader: PdfReader) -> list[str]:
    return [entry.title for entry in reader.outline if not isinstance(entry, list)]


def public_numbers(client) -> list[str]:
    page = html(client.get(URL))
    return [text_of(h) for h in page.select("[data-testid=public-agenda] li[id^=item-] h3")]


def item(meeting, title) -> AgendaItem:
    return meeting.items.get(title=title)


def refresh(one: AgendaItem) -> AgendaItem:
    one.refresh_from_db()
    return one


@pytest.fixture
def officer_client(client, officer, partnership):
    client.force_login(officer)
    return client


# -- Frozen numbers -------------------------------------------------------------------------------


def test_published_numbers_never_shift_and_an_item_added_between_gets_a_letter(client, officer, future_meeting):
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer)
    # A late item goes after item 5; item 2 is withdrawn.
    late = services.agenda_item_add(meeting=future_meeting, by=officer, title="Youth Cabinet report")
    services.agenda_item_move(item=refresh(late), up=True, by=officer)
    services.agenda_item_remove(item=item(future_meeting, "Declarations of interest"), by=officer)
    assert refresh(late).position == 5  # its place in the order has moved up...
    services.agenda_publish(meeting=future_meeting, by=officer, changes="Late report; declarations withdrawn")

    assert public_numbers(client) == [
        "1. Apologies for absence",
        "3. Minutes of the previous meeting",
        "4. Matters arising",
        "5. Child poverty strategy",
        "5A. Youth Cabinet report",  # ...but its number follows the published item before it
        "6. Exempt item: information relating to an individual (paragraph 1)",
    ]
    assert refresh(late).number_label == "5A"
    # An item added at the end gets the next number: never 2, nor a number once published.
    last = services.agenda_item_add(meeting=future_meeting, by=officer, title="Any other business")
    services.agenda_publish(meeting=future_meeting, by=officer, changes="Any other business")
    assert refresh(last).number_label == "7"
    assert public_numbers(client)[-1] == "7. Any other business"
    # Each item has its own public anchor, by its published number.
    page = html(client.get(URL))
    assert page.select_one("#item-5A h3") is not None and page.select_one("#item-2") is None


def test_the_report_of_a_lettered_item_has_its_own_address(client, officer, future_meeting):
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer)
    late = services.agenda_item_add(meeting=future_meeting, by=officer, title="Youth Cabinet report")
    services.report_save(item=late, loaded_version=0, by=officer, purpose="LATE-PURPOSE", recommendations="Noted.")
    services.agenda_item_move(item=refresh(late), up=True, by=officer)
    services.agenda_publish(meeting=future_meeting, by=officer, changes="Late report")
    assert "LATE-PURPOSE" in text_of(html(client.get(URL + "items/5A/")))
    for address in ("items/5B/", "items/6/", "items/99999999999999999999/", "items/5a/"):
        assert client.get(URL + address).status_code == 404


def test_a_reorder_alone_is_a_change_for_a_supplement(officer, future_meeting):
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer)
    services.agenda_item_move(item=item(future_meeting, "Matters arising"), up=True, by=officer)
    assert services.changes_since_publication(future_meeting) == 1
    supplement = services.agenda_publish(meeting=future_meeting, by=officer, changes="Reordered")
    assert [change["change"] for change in supplement.change_list] == ["reordered"]


# -- Supplements say what changed ----------------------------------------------------------------


def test_a_supplement_lists_what_changed_item_by_item_on_the_page_and_in_its_pdf(client, officer, future_meeting):
    items = build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer)
    strategy = refresh(items["public"])
    services.agenda_item_update(
        item=strategy, loaded_version=strategy.version, by=officer, title="Child poverty strategy 2027 to 2030"
    )
    services.report_file_attach(
        item=strategy, title="Equality impact assessment", upload=upload("eia.pdf", real_pdf("EIA")), by=officer
    )
    services.report_file_remove(paper=items["public_paper"], by=officer)
    services.agenda_item_remove(item=item(future_meeting, "Matters arising"), by=officer)
    services.agenda_item_add(meeting=future_meeting, by=officer, title="Youth Cabinet report")
    secret = refresh(items["secret"])
    services.agenda_item_update(item=secret, loaded_version=secret.version, by=officer, presenter="SECRET-PRESENTER")

    supplement = services.agenda_publish(meeting=future_meeting, by=officer, changes="Revised papers")

    expected = [
        "Item 5 retitled: “Child poverty strategy” is now “Child poverty strategy 2027 to 2030”",
        "Item 5: paper added: Equality impact assessment",
        "Item 5: paper withdrawn: Strategy document",
        "Item 6: exempt papers or details changed (for members only)",
        "Item 7 added: Youth Cabinet report",
        "Item 4 withdrawn: Matters arising",
    ]
    assert [change["text"] for change in supplement.change_list] == expected
    page = html(client.get(URL))
    listed = [text_of(li) for li in page.select("[data-testid=change-list] li")]
    assert listed == expected
    assert page.select_one("[data-testid=change-list] a[href='#item-7']") is not None
    pack = client.get(URL + "agenda.pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pack)).pages)
    for line in expected:
        assert " ".join(line.split()[:3]) in " ".join(text.split())
    assert "SECRET" not in text and b"SECRET" not in pack


def test_the_publish_page_shows_the_changes_and_proposes_them_as_the_summary(officer_client, officer, future_meeting):
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer)
    services.agenda_item_add(meeting=future_meeting, by=officer, title="Youth Cabinet report")
    page = html(officer_client.get(f"/manage/meetings/{future_meeting.pk}/publish/"))
    assert [text_of(li) for li in page.select("[data-testid=change-list] li")] == ["Item 7 added: Youth Cabinet report"]
    assert page.select_one("#id_changes").text.strip() == "Item 7 added: Youth Cabinet report"
    # Published with the summary as proposed, the page and the PDF say it once, as the list.
    proposed = {
        "changes": page.select_one("#id_changes").text.strip(),
        "exclusion_resolution": page.select_one("#id_exclusion_resolution").text.strip(),
    }
    assert officer_client.post(f"/manage/meetings/{future_meeting.pk}/publish/", proposed).status_code == 302
    public = text_of(html(Client().get(URL)).select_one("[data-testid=supplement]"))
    assert public.count("Item 7 added: Youth Cabinet report") == 1
    pack = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(Client().get(URL + "agenda.pdf").content)).pages)
    assert " ".join(pack.split()).count("Item 7 added: Youth Cabinet report") == 1


# -- The agenda pack ------------------------------------------------------------------------------


def test_the_pack_appends_the_public_pdf_papers_bookmarked_and_lists_other_formats(client, officer, future_meeting):
    items = build_agenda(future_meeting, officer)
    public = items["public"]
    services.report_file_attach(
        item=public, title="Needs assessment", upload=upload("needs.pdf", real_pdf("NEEDS-BODY", 2)), by=officer
    )
    workbook = services.report_file_attach(
        item=public, title="Budget workbook", upload=upload("budget.docx", docx_bytes()), by=officer
    )
    services.report_file_attach(
        item=items["secret"], title="Posts", upload=upload("posts.pdf", real_pdf("SECRET-BODY")), by=officer
    )
    services.agenda_publish(meeting=future_meeting, by=officer, site="https://governance.example.org")

    response = client.get(URL + "agenda.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    outline = top_bookmarks(reader)
    assert outline[0] == "Testshire Board: agenda"  # the agenda's own headings come first
    assert outline[-1] == "Item 5: Needs assessment"
    start = reader.get_destination_page_number(reader.outline[-1])
    assert "Needs assessment" in reader.pages[start].extract_text()  # its title page
    assert "NEEDS-BODY page 1" in reader.pages[start + 1].extract_text()
    assert "NEEDS-BODY page 2" in reader.pages[start + 2].extract_text()
    assert len(reader.pages) == start + 3
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Needs assessment (PDF), appended to this pack" in text
    assert f"https://governance.example.org/papers/{workbook.pk}/" in text  # other formats: their link
    assert "SECRET" not in text and b"SECRET" not in response.content  # confidential papers never
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_a_paper_made_confidential_leaves_the_pack_at_once(client, officer, future_meeting):
    items = build_agenda(future_meeting, officer)
    services.report_file_attach(
        item=items["public"], title="Needs", upload=upload("needs.pdf", real_pdf("NEEDS-BODY")), by=officer
    )
    services.agenda_publish(meeting=future_meeting, by=officer)
    before = PdfReader(io.BytesIO(client.get(URL + "agenda.pdf").content))
    assert "NEEDS-BODY" in " ".join(page.extract_text() for page in before.pages)
    public = refresh(items["public"])
    services.agenda_item_update(
        item=public, loaded_version=public.version, by=officer, confidential=True, exempt_paragraph=3
    )
    reader = PdfReader(io.BytesIO(client.get(URL + "agenda.pdf").content))
    assert "NEEDS-BODY" not in " ".join(page.extract_text() for page in reader.pages)
    assert not any(title.startswith("Item ") for title in top_bookmarks(reader))


# -- Previous minutes, exempt titles, exclusion ---------------------------------------------------


def test_the_previous_minutes_item_links_to_those_minutes(client, board, officer):
    earlier = make_meeting(board, london(2030, 4, 10, 14), hours=2, by=officer)
    make_meeting(
        board,
        london(2030, 5, 8, 14),
        hours=2,
        by=officer,
        status=Meeting.Status.CANCELLED,
        cancellation_reason="No business",
    )
    meeting = make_meeting(board, london(2030, 6, 12, 14), hours=2, by=officer)
    services.agenda_start(meeting=meeting, by=officer)
    services.agenda_publish(meeting=meeting, by=officer, site="https://governance.example.org")
    link = html(client.get(URL)).select_one("#item-3 [data-testid=previous-minutes]")
    assert link["href"] == earlier.get_absolute_url() + "#minutes"
    assert text_of(link) == "The minutes of the previous meeting, Wednesday 10 April 2030"
    pack = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(URL + "agenda.pdf").content)).pages)
    assert "https://governance.example.org/partnerships/testshire/board/2030-04-10/#minutes" in pack.replace("\n", "")


def test_an_exempt_items_title_is_public_unless_the_title_itself_is_exempt(client, officer, future_meeting):
    services.agenda_item_add(
        meeting=future_meeting,
        by=officer,
        title="Children's home contract",
        confidential=True,
        exempt_paragraph=3,
        exempt_reason="Tender prices",
    )
    services.agenda_item_add(
        meeting=future_meeting,
        by=officer,
        title="HIDDEN-TITLE named child",
        confidential=True,
        exempt_paragraph=2,
        exempt_reason="Identity",
        title_exempt=True,
    )
    services.agenda_publish(meeting=future_meeting, by=officer)
    response = client.get(URL)
    page = html(response)
    assert public_numbers(client) == [
        "1. Children's home contract",
        "2. Exempt item: information likely to reveal the identity of an individual (paragraph 2)",
    ]
    assert "Exempt information: information relating to the financial or business affairs" in text_of(
        page.select_one("#item-1")
    )
    assert b"HIDDEN-TITLE" not in response.content and b"Tender prices" not in response.content
    pack = client.get(URL + "agenda.pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pack)).pages)
    assert "Children's home contract" in text or "Children’s home contract" in text
    assert "HIDDEN-TITLE" not in text and b"HIDDEN-TITLE" not in pack


def test_publishing_an_agenda_with_an_exempt_item_asks_for_the_exclusion_resolution(
    officer_client, officer, future_meeting
):
    build_agenda(future_meeting, officer)
    address = f"/manage/meetings/{future_meeting.pk}/publish/"
    page = html(officer_client.get(address))
    proposed = page.select_one("#id_exclusion_resolution").text.strip()
    assert proposed.startswith("That under section 100A(4) of the Local Government Act 1972")
    assert "for item 6 on the grounds" in proposed and "paragraph 1 of Part 1 of Schedule 12A" in proposed

    response = officer_client.post(address, {"exclusion_resolution": "  "})
    assert response.status_code == 200
    summary = html(response).select_one(".govuk-error-summary")
    assert "Enter the resolution to exclude the press and public" in text_of(summary)
    assert summary.select_one("a")["href"] == "#id_exclusion_resolution"
    future_meeting.refresh_from_db()
    assert future_meeting.status == Meeting.Status.SCHEDULED

    wording = "That the press and public be excluded for item 6 (paragraph 1)."
    assert officer_client.post(address, {"exclusion_resolution": wording}).status_code == 302
    future_meeting.refresh_from_db()
    assert future_meeting.exclusion_resolution == wording
    public = Client().get(URL)
    block = html(public).select_one("[data-testid=exclusion-resolution]")
    assert wording in text_of(block)
    # It comes just before the first exempt item.
    assert block.find_next_sibling("li")["id"] == "item-6"


def test_an_item_made_exempt_after_publication_is_named_in_the_proposed_exclusion(
    officer_client, officer, future_meeting
):
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer, now=london(2030, 5, 1, 9))
    item = future_meeting.items.get(position=5)
    services.agenda_item_update(
        item=item, loaded_version=item.version, by=officer, confidential=True, exempt_paragraph=3, reason="Prices"
    )
    address = f"/manage/meetings/{future_meeting.pk}/publish/"
    proposed = html(officer_client.get(address)).select_one("#id_exclusion_resolution").text.strip()
    assert "for items 5, 6 on the grounds that they involve" in proposed and "paragraphs 1, 3" in proposed
    # Published without retyping it, the supplement carries the resolution for both items.
    services.agenda_publish(meeting=future_meeting, by=officer, changes="Item 5 now exempt", now=london(2030, 5, 2, 9))
    future_meeting.refresh_from_db()
    assert "for items 5, 6" in future_meeting.exclusion_resolution
    # An officer's own words are kept as they wrote them.
    future_meeting.exclusion_resolution = "That the press and public be excluded (items 5 and 6)."
    future_meeting.save(update_fields=["exclusion_resolution"])
    assert services.proposed_exclusion_resolution(future_meeting) == future_meeting.exclusion_resolution


def test_an_agenda_without_an_exempt_item_asks_for_no_exclusion(officer_client, officer, future_meeting):
    services.agenda_start(meeting=future_meeting, by=officer)
    page = html(officer_client.get(f"/manage/meetings/{future_meeting.pk}/publish/"))
    assert page.select_one("#id_exclusion_resolution") is None
    services.agenda_publish(meeting=future_meeting, by=officer)
    future_meeting.refresh_from_db()
    assert future_meeting.exclusion_resolution == ""


def test_the_minutes_record_the_exclusion_resolution(client, board, officer, chair, member):
    meeting = make_meeting(board, london(2026, 10, 7, 14), hours=2, by=officer)
    services.agenda_start(meeting=meeting, by=officer)
    services.agenda_item_add(meeting=meeting, by=officer, title="Local Area Agreement", purpose="noting")
    services.agenda_item_add(
        meeting=meeting, by=officer, title="Staffing", confidential=True, exempt_paragraph=1, exempt_reason="Staff"
    )
    services.agenda_publish(
        meeting=meeting,
        by=officer,
        exclusion_resolution="That the press and public be excluded for item 6.",
        now=london(2026, 9, 1, 9),
    )
    meeting.refresh_from_db()
    services.meeting_hold(meeting=meeting, by=officer)
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    page = html(client.get(meeting.get_absolute_url()))
    line = text_of(page.select_one("[data-testid=minutes] [data-testid=exclusion-resolution]"))
    assert line == "Exclusion of the press and public. RESOLVED – That the press and public be excluded for item 6."
    pdf = client.get(meeting.get_absolute_url() + "minutes.pdf").content
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "RESOLVED – That the press and public be excluded for item 6." in text


# -- What the meeting page says; titles as typed --------------------------------------------------


def test_a_held_meeting_whose_agenda_was_never_published_does_not_promise_it(client, board, officer):
    meeting = held_meeting(board, officer)
    text = text_of(html(client.get(meeting.get_absolute_url())))
    assert "will be published" not in text
    assert "No agenda was published for this meeting." in text
    coming = make_meeting(board, london(2030, 6, 12, 14), by=officer)
    assert "will be published here" in text_of(html(client.get(coming.get_absolute_url())))


def test_item_titles_appear_as_typed_in_the_minutes_page_and_pdf(client, board, officer, chair, member):
    meeting = held_meeting(board, officer, day=dt.date(2026, 10, 7))
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    page = html(client.get(meeting.get_absolute_url()))
    headings = [text_of(section.h2) for section in page.select("[data-testid=minutes-item]")]
    assert "5. Local Area Agreement" in headings
    pdf = client.get(meeting.get_absolute_url() + "minutes.pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Local Area Agreement" in text and "LOCAL AREA AGREEMENT" not in text


# -- Agendas published before numbers were frozen ------------------------------------------------


def test_agendas_published_before_this_release_keep_their_numbers_and_withheld_titles(officer, future_meeting):
    from importlib import import_module

    from django.apps import apps as django_apps

    from core.audit import save_audited

    items = build_agenda(future_meeting, officer)
    publication = services.agenda_publish(meeting=future_meeting, by=officer)
    # As stored before: numbers as integers, no label, every exempt title withheld by rule.
    publication.snapshot = {
        "items": [
            {
                k: v
                for k, v in {**entry, "number": int(entry["number"])}.items()
                if k not in ("title_withheld", "exempt_description")
            }
            for entry in publication.snapshot["items"]
        ]
    }
    publication.save(update_fields=["snapshot"])
    for one in future_meeting.items.all():
        one.number_label, one.title_exempt = "", False
        save_audited(one, by=officer, reason="Test: as stored before")

    import_module("meetings.migrations.0014_agendas_keep_exempt_titles_and_numbers").keep(django_apps, None)

    secret = refresh(items["secret"])
    assert secret.title_exempt and secret.number_label == "6"
    assert secret.history.latest().history_change_reason == (
        "Title kept exempt, as published before titles could be public; published number frozen"
    )
    assert refresh(items["public"]).number_label == "5" and not refresh(items["public"]).title_exempt
    assert services.changes_since_publication(future_meeting) == 0  # nothing to publish but a real change


def test_marking_a_published_exempt_items_title_exempt_withholds_it_at_once(client, officer, future_meeting):
    contract = services.agenda_item_add(
        meeting=future_meeting,
        by=officer,
        title="NAMED-PROVIDER contract",
        confidential=True,
        exempt_paragraph=3,
        exempt_reason="Tender",
    )
    services.agenda_publish(meeting=future_meeting, by=officer)
    assert b"NAMED-PROVIDER" in client.get(URL).content
    contract.refresh_from_db()
    services.agenda_item_update(item=contract, loaded_version=contract.version, by=officer, title_exempt=True)
    response = client.get(URL)
    assert b"NAMED-PROVIDER" not in response.content
    assert "1. Exempt item: information relating to the financial or business affairs" in text_of(html(response))
    pack = client.get(URL + "agenda.pdf").content
    assert "NAMED-PROVIDER" not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pack)).pages)


def test_an_item_whose_title_is_withheld_after_a_supplement_leaves_its_list_of_changes_too(
    client, officer, future_meeting
):
    """Added after publication, published in a supplement ("Item 7 added: …"), then made exempt
    with its title withheld: no page or PDF names it any more, the supplement's list included."""
    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer, now=london(2030, 5, 1, 9))
    late = services.agenda_item_add(meeting=future_meeting, by=officer, title="NAMED-CHILD placement")
    summary = "; ".join(change["text"] for change in services.pending_change_list(future_meeting))
    assert "NAMED-CHILD" in summary
    services.agenda_publish(meeting=future_meeting, by=officer, changes=summary, now=london(2030, 5, 2, 9))
    late.refresh_from_db()
    services.agenda_item_update(
        item=late,
        loaded_version=late.version,
        by=officer,
        confidential=True,
        exempt_paragraph=1,
        exempt_reason="A child",
        title_exempt=True,
    )
    page = Client().get(URL)
    assert b"NAMED-CHILD" not in page.content
    assert "Exempt item: information relating to an individual (paragraph 1)" in text_of(html(page))
    pack = Client().get(URL + "agenda.pdf").content
    assert "NAMED-CHILD" not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pack)).pages)
