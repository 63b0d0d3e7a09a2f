"""Past minutes brought over as the approved record (issue 15, section 3): one past meeting from
a PDF, DOCX, ODT or pasted text; a ZIP of documents with a CSV index, previewed and confirmed all
or nothing; hostile archives refused; a brought-over meeting's typed minutes published as
approved; and nothing reaching another partnership's officers."""

import csv
import datetime as dt
import io
import zipfile

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML

from boards.models import Body
from core.audit import save_audited
from core.dates import format_date
from meetings import services
from meetings.models import Meeting, MinutesArchiveUpload, MinutesPublication, PastMinutes
from tests.conftest import html, london, make_meeting, make_user, text_of
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db

NEW = "/manage/testshire/meetings/past-minutes/"
BULK = "/manage/testshire/meetings/past-minutes/zip/"
PAGE = "/partnerships/testshire/board/2024-03-14/"


# -- Documents as officers have them ---------------------------------------------------------------------


def pdf_bytes(text: str) -> bytes:
    return HTML(string=f"<html><body><h1>Minutes</h1><p>{text}</p></body></html>").write_pdf()


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_heading("Minutes of the board", level=1)
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(text: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        "<office:body><office:text>"
        '<text:h text:outline-level="1">Minutes of the board</text:h>'
        f"<text:p>{text}</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def index_csv(rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["date", "body", "title", "file"])
    writer.writerows(rows)
    return buffer.getvalue()


def zip_of(files: dict[str, bytes | str], rows: list[tuple] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if rows is not None:
            archive.writestr("index.csv", index_csv(rows))
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def today_text() -> str:
    return format_date(timezone.localdate(), weekday=False)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def new_record(client, **fields):
    data = {
        "body": fields.pop("body"),
        "date_day": "14",
        "date_month": "3",
        "date_year": "2024",
        "start_time": "",
        "venue": "",
        "title": "",
        "minutes_text": "",
        **fields,
    }
    return client.post(NEW, data)


@pytest.fixture
def officer_client(client, officer, partnership):
    client.force_login(officer)
    return client


def public_text(client, url: str = PAGE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return text_of(html(response))


def pdf_text(client, url: str = PAGE + "minutes.pdf") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def assert_published_as_approved(client) -> str:
    client.logout()
    text = public_text(client)
    assert "Approved minutes" in text
    assert f"Added to this site on {today_text()}" in text
    assert "Draft — subject to approval" not in text
    assert "will be published" not in text  # no agenda notice, no clear-days clock
    assert "No agenda was published" not in text
    assert "Agenda and papers" not in text
    return text


# -- One past meeting ------------------------------------------------------------------------------------


def test_a_past_meeting_from_a_pdf_is_published_at_once_as_approved_minutes(officer_client, board, officer):
    document = pdf_bytes("RESOLVED that the Early Help strategy be adopted.")
    response = new_record(
        officer_client, body=board.pk, start_time="2pm", minutes_file=upload("board-march.pdf", document)
    )
    assert response.status_code == 302 and response["Location"] == PAGE

    meeting = Meeting.objects.get(body=board)
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert meeting.historical_added_on == timezone.localdate()
    record = meeting.past_minutes
    assert record.kind == PastMinutes.Kind.PDF and record.original_name == "board-march.pdf"
    assert "Early Help strategy be adopted" in record.text  # extracted and stored for search
    assert meeting.history.first().history_user == officer

    text = assert_published_as_approved(officer_client)
    assert "Thursday 14 March 2024, 2pm" in text
    assert "Early Help strategy be adopted" in text
    assert officer_client.get(PAGE + "minutes.pdf").content == document  # the document itself is the PDF
    original = officer_client.get(PAGE + "minutes-document/")
    assert original.status_code == 200 and b"".join(original.streaming_content) == document


def test_a_past_meeting_from_a_word_document(officer_client, board):
    response = new_record(officer_client, body=board.pk, minutes_file=upload("m.docx", docx_bytes("DOCX-TEXT agreed.")))
    assert response.status_code == 302
    record = PastMinutes.objects.get(meeting__body=board)
    assert record.kind == PastMinutes.Kind.DOCX and "DOCX-TEXT agreed." in record.text

    text = assert_published_as_approved(officer_client)
    assert "DOCX-TEXT agreed." in text
    assert "Time Not recorded" in text  # no start time given: none invented
    pdf = pdf_text(officer_client)
    assert "Approved minutes" in pdf and "DOCX-TEXT agreed." in pdf and "Added to this site on" in pdf
    original = officer_client.get(PAGE + "minutes-document/")
    assert original["Content-Type"] == PastMinutes.CONTENT_TYPES["docx"]


def test_a_past_meeting_from_an_opendocument_text(officer_client, board):
    response = new_record(officer_client, body=board.pk, minutes_file=upload("m.odt", odt_bytes("ODT-TEXT noted.")))
    assert response.status_code == 302
    record = PastMinutes.objects.get(meeting__body=board)
    assert record.kind == PastMinutes.Kind.ODT and "ODT-TEXT noted." in record.text
    assert "ODT-TEXT noted." in assert_published_as_approved(officer_client)
    assert "ODT-TEXT noted." in pdf_text(officer_client)


def test_a_past_meeting_from_pasted_text_is_rendered_safely(officer_client, board, officer):
    pasted = "**Present:** Cara Chair\n\n- Budget agreed\n\n<script>alert(1)</script>"
    response = new_record(officer_client, body=board.pk, minutes_text=pasted)
    assert response.status_code == 302
    record = PastMinutes.objects.get(meeting__body=board)
    assert record.kind == PastMinutes.Kind.TEXT and not record.file
    assert record.history.first().history_user == officer

    assert_published_as_approved(officer_client)
    page = html(officer_client.get(PAGE))
    minutes = page.select_one("[data-testid=historical-text]")
    assert minutes.select_one("strong").get_text() == "Present:"
    assert page.select_one("[data-testid=minutes] script") is None
    assert officer_client.get(PAGE + "minutes-document/").status_code == 404  # nothing was uploaded
    pdf = pdf_text(officer_client)
    assert "Approved minutes" in pdf and "Budget agreed" in pdf


def test_a_file_renamed_to_pdf_is_refused_and_nothing_is_kept(officer_client, board):
    for content in (b"just some text, not a PDF", xlsx_bytes()):
        response = new_record(officer_client, body=board.pk, minutes_file=upload("minutes.pdf", content))
        assert response.status_code == 200
        errors = text_of(html(response).select_one(".govuk-error-summary"))
        assert "PDF, Word (DOCX) or OpenDocument text (ODT)" in errors
    assert not Meeting.objects.exists() and not MinutesPublication.objects.exists()


def test_a_malformed_word_document_is_refused_with_a_message(officer_client, board):
    broken = zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<not-closed"})
    response = new_record(officer_client, body=board.pk, minutes_file=upload("m.docx", broken))
    assert response.status_code == 200
    assert "could not be read" in text_of(html(response).select_one(".govuk-error-summary"))
    assert not Meeting.objects.exists()


def test_a_record_needs_a_past_free_date_and_one_source_of_minutes(officer_client, board, officer):
    make_meeting(board, london(2024, 3, 14, 10), by=officer)
    response = new_record(officer_client, body=board.pk, minutes_text="Text")
    assert "already meets on" in text_of(html(response).select_one(".govuk-error-summary"))

    response = new_record(officer_client, body=board.pk, date_year="2027", minutes_text="Text")
    assert "already taken place" in text_of(html(response).select_one(".govuk-error-summary"))

    response = new_record(officer_client, body=board.pk, date_day="15")
    assert "Upload the approved minutes" in text_of(html(response).select_one(".govuk-error-summary"))

    response = new_record(
        officer_client, body=board.pk, date_day="15", minutes_text="x", minutes_file=upload("m.pdf", pdf_bytes("x"))
    )
    assert "not both" in text_of(html(response).select_one(".govuk-error-summary"))
    assert Meeting.objects.count() == 1


# -- In bulk -----------------------------------------------------------------------------------------------


@pytest.fixture
def group(partnership, officer):
    return save_audited(
        Body(partnership=partnership, kind=Body.Kind.GROUP, name="Early Help Group", slug="early-help"),
        by=officer,
        reason="test",
    )


def post_zip(client, content: bytes, name: str = "minutes.zip"):
    return client.post(BULK, {"upload": upload(name, content)})


def test_a_zip_with_errors_previews_every_row_and_changes_nothing(officer_client, board, group, officer):
    make_meeting(board, london(2023, 5, 10, 14), by=officer)
    content = zip_of(
        {
            "a.pdf": pdf_bytes("Board in January"),
            "b.docx": docx_bytes("Group in February"),
            "c.pdf": xlsx_bytes(),
            "d.pdf": pdf_bytes("Clash"),
        },
        rows=[
            ("2023-01-11", "Testshire Board", "January", "a.pdf"),
            ("08/02/2023", "early-help", "February", "b.docx"),
            ("2023-03-08", "Unknown Committee", "March", "a.pdf"),
            ("2023-01-11", "Testshire Board", "Again", "e.pdf"),
            ("2023-04-12", "Testshire Board", "Renamed spreadsheet", "c.pdf"),
            ("2023-05-10", "Testshire Board", "Clash", "d.pdf"),
            ("2023-06-14", "Testshire Board", "Missing", "missing.pdf"),
        ],
    )
    response = post_zip(officer_client, content)
    assert response.status_code == 302
    preview = officer_client.get(response["Location"])
    page = html(preview)
    assert len(page.select("[data-testid=row-ok]")) == 2
    errors = [text_of(row) for row in page.select("[data-testid=row-error]")]
    assert len(errors) == 5
    assert "Unknown body" in errors[0] and "Duplicate" in errors[0]  # a.pdf used twice
    assert "Duplicate" in errors[1] and "missing from the ZIP" in errors[1]
    assert "PDF, Word (DOCX) or OpenDocument text (ODT)" in errors[2]
    assert "already meets on" in errors[3]
    assert "missing from the ZIP" in errors[4]
    assert page.find("button", string=lambda label: label and "Add these" in label) is None  # nothing to confirm

    confirm = officer_client.post(response["Location"])  # a forced post changes nothing either
    assert confirm.status_code == 302
    assert Meeting.objects.count() == 1 and not PastMinutes.objects.exists()


def test_a_clean_zip_creates_every_meeting_in_one_confirmed_step(officer_client, board, group):
    content = zip_of(
        # Some tools store "./b.odt": the index names it "b.odt".
        {"minutes/a.pdf": pdf_bytes("Board in January"), "./b.odt": odt_bytes("Group in February")},
        rows=[
            ("2023-01-11", "Testshire Board", "January", "minutes/a.pdf"),
            ("2023-02-08", "Early Help Group", "February", "b.odt"),
        ],
    )
    response = post_zip(officer_client, content)
    preview_url = response["Location"]
    assert len(html(officer_client.get(preview_url)).select("[data-testid=row-ok]")) == 2
    assert not Meeting.objects.exists()  # nothing until confirmed

    assert officer_client.post(preview_url).status_code == 302
    meetings = Meeting.objects.order_by("starts_at")
    assert [m.body for m in meetings] == [board, group]
    assert all(m.status == Meeting.Status.MINUTES_APPROVED and m.is_historical for m in meetings)
    assert "Group in February" in PastMinutes.objects.get(meeting__body=group).text
    assert MinutesArchiveUpload.objects.get().confirmed_at is not None
    again = officer_client.post(preview_url, follow=True)  # used once: a second confirm adds nothing
    assert "added already: nothing more was added" in text_of(html(again))
    assert Meeting.objects.count() == 2
    officer_client.logout()
    assert "Approved minutes" in public_text(officer_client, "/partnerships/testshire/early-help/2023-02-08/")


def test_all_or_nothing_when_the_records_change_between_preview_and_confirm(officer_client, board, officer):
    content = zip_of(
        {"a.pdf": pdf_bytes("one"), "b.pdf": pdf_bytes("two")},
        rows=[("2023-01-11", "Testshire Board", "", "a.pdf"), ("2023-02-08", "Testshire Board", "", "b.pdf")],
    )
    preview_url = post_zip(officer_client, content)["Location"]
    make_meeting(board, london(2023, 2, 8, 14), by=officer)  # another officer records that day meanwhile
    response = officer_client.post(preview_url, follow=True)
    assert "nothing was added" in text_of(html(response))
    assert Meeting.objects.count() == 1 and not PastMinutes.objects.exists()


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.csv", index_csv([("2023-01-11", "Testshire Board", "", "a.pdf")]))
        archive.writestr("a.pdf", b"%PDF-" + b"\0" * (15 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bomb(), "ZIP bomb"),
        (zip_of({"../evil.pdf": b"%PDF-1.4"}, rows=[]), "outside the archive"),
        (zip_of({"/etc/evil.pdf": b"%PDF-1.4"}, rows=[]), "outside the archive"),
        (zip_of({f"{n}.pdf": b"%PDF-1.4" for n in range(501)}, rows=[]), "at most 500"),
        (b"PK\x03\x04 not really a zip", "must be a ZIP archive"),
        (zip_of({"a.pdf": b"%PDF-1.4"}), "one CSV index"),
        (zip_of({"index.csv": "when,who\n1,2\n"}), "no date, body, file column"),
    ],
    ids=["bomb", "traversal", "absolute", "entries", "not-zip", "no-index", "bad-header"],
)
def test_a_hostile_or_malformed_zip_is_refused_with_a_message(officer_client, board, content, message):
    response = post_zip(officer_client, content)
    assert response.status_code == 200
    assert message in text_of(html(response).select_one(".govuk-error-summary"))
    assert not MinutesArchiveUpload.objects.exists() and not Meeting.objects.exists()


# -- Typed minutes of a past meeting brought over ------------------------------------------------------------


def test_a_brought_over_meetings_typed_minutes_are_published_as_approved(client, board, officer, chair, member):
    meeting = held_meeting(board, officer)  # recorded on this site after it took place, no agenda published
    minute_it(meeting, officer)
    client.force_login(officer)
    minutes_page = html(client.get(f"/manage/meetings/{meeting.pk}/minutes/"))
    assert minutes_page.select_one("[data-testid=record-approved] button") is not None

    response = client.post(f"/manage/meetings/{meeting.pk}/minutes/record-approved/")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED and meeting.minutes_approved_at_meeting is None
    assert meeting.historical_added_on == timezone.localdate()
    assert MinutesPublication.objects.get(meeting=meeting).kind == MinutesPublication.Kind.APPROVED

    client.logout()
    url = "/partnerships/testshire/board/2026-10-07/"
    text = public_text(client, url)
    assert "Approved minutes" in text and f"Added to this site on {today_text()}" in text
    assert "Draft — subject to approval" not in text
    assert "That the final version of the Local Area Agreement be noted." in text
    pdf = pdf_text(client, url + "minutes.pdf")
    assert "Approved minutes" in pdf and f"Added to this site on {today_text()}" in pdf
    assert "SECRET" not in text and "SECRET" not in pdf


def test_an_ordinary_meetings_minutes_are_approved_at_a_later_meeting(client, board, officer, chair, member):
    meeting = held_meeting(board, officer)
    minute_it(meeting, officer)
    # Scheduled here before it took place: an ordinary meeting of the site's own time.
    meeting.history.update(history_date=london(2026, 9, 1))
    client.force_login(officer)
    minutes_page = html(client.get(f"/manage/meetings/{meeting.pk}/minutes/"))
    assert minutes_page.select_one("[data-testid=record-approved]") is None
    with pytest.raises(ValidationError, match="approved at a later meeting"):
        services.minutes_record_as_approved(meeting=meeting, by=officer)
    client.post(f"/manage/meetings/{meeting.pk}/minutes/record-approved/")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_DRAFTED and meeting.historical_added_on is None


def test_a_meeting_after_the_partnerships_first_published_agenda_is_ordinary(board, officer, future_meeting):
    from tests.meetings.helpers import build_agenda

    build_agenda(future_meeting, officer)
    services.agenda_publish(meeting=future_meeting, by=officer)
    later = make_meeting(board, london(2026, 10, 7, 14), by=officer)
    assert services.is_brought_over(later) is True  # before the first agenda the site published
    assert services.is_brought_over(future_meeting) is False


# -- Who may -------------------------------------------------------------------------------------------------


def test_another_partnerships_officer_reaches_nothing(client, board, officer, other_officer):
    officer_upload = MinutesArchiveUpload.objects.create(
        partnership=board.partnership,
        uploaded_by=officer,
        data=zip_of({"a.pdf": pdf_bytes("x")}, rows=[("2023-01-11", "Testshire Board", "", "a.pdf")]),
        expires_at=london(2030, 1, 1),
    )
    meeting = held_meeting(board, officer)
    minute_it(meeting, officer)
    client.force_login(other_officer)
    urls = [
        NEW,
        BULK,
        f"{BULK}{officer_upload.pk}/",
        f"/manage/elsewhere/meetings/past-minutes/zip/{officer_upload.pk}/",
    ]
    for url in urls:
        assert client.get(url).status_code in (403, 404), url
        assert client.post(url, {"body": board.pk, "minutes_text": "x"}).status_code in (403, 404), url
    assert client.post(f"/manage/meetings/{meeting.pk}/minutes/record-approved/").status_code == 404
    assert not Meeting.objects.filter(historical_added_on__isnull=False).exists()
    assert MinutesArchiveUpload.objects.get().confirmed_at is None


def test_an_upload_is_its_officers_alone(client, board, officer):
    colleague = make_user("colleague")
    board.partnership.officers.add(colleague)
    client.force_login(officer)
    content = zip_of({"a.pdf": pdf_bytes("x")}, rows=[("2023-01-11", "Testshire Board", "", "a.pdf")])
    preview_url = post_zip(client, content)["Location"]
    client.force_login(colleague)
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url).status_code == 404
    assert not Meeting.objects.exists()


def test_members_and_the_public_cannot_add_past_minutes(client, board, member):
    for url in (NEW, BULK):
        assert client.get(url).status_code in (302, 403, 404)  # the public is sent to sign in
    client.force_login(member)
    for url in (NEW, BULK):
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, {"body": board.pk, "minutes_text": "x"}).status_code in (403, 404)
    assert not Meeting.objects.exists()


def test_a_historical_record_reads_well_on_every_page_that_lists_it(officer_client, board, officer):
    meeting = services.historical_record_create(
        body=board, day=dt.date(2024, 3, 14), text="Pasted minutes", title="March minutes", by=officer
    )
    for url in (
        f"/manage/meetings/{meeting.pk}/",
        f"/manage/meetings/{meeting.pk}/minutes/",
        f"/manage/meetings/{meeting.pk}/history/",
        "/manage/testshire/meetings/",
        "/partnerships/testshire/minutes.atom",
    ):
        assert officer_client.get(url).status_code == 200, url
    officer_client.logout()
    listing = public_text(officer_client, "/partnerships/testshire/board/")
    assert "Thursday 14 March 2024" in listing and "midnight" not in listing  # no start time invented
    assert "14 March 2024" in officer_client.get("/partnerships/testshire/minutes.atom").content.decode()


def test_a_post_with_nothing_the_server_keeps_asks_for_the_file(officer_client, board):
    for url in (BULK, NEW):
        response = officer_client.post(url, {})
        assert response.status_code == 200
        assert html(response).select_one(".govuk-error-summary") is not None


def test_a_word_document_that_expands_like_a_bomb_is_refused(officer_client, board):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * (8 * 1024 * 1024) + "</w:document>")
    response = new_record(officer_client, body=board.pk, minutes_file=upload("m.docx", buffer.getvalue()))
    assert response.status_code == 200
    assert "ZIP bomb" in text_of(html(response).select_one(".govuk-error-summary"))
    assert not Meeting.objects.exists()


def test_a_document_brought_over_is_kept_as_published(board, officer):
    document = pdf_bytes("Signed minutes")
    meeting = services.historical_record_create(
        body=board, day=dt.date(2024, 3, 14), upload=upload("m.pdf", document), by=officer
    )
    services.regenerate_pdfs()
    assert bytes(MinutesPublication.objects.get(meeting=meeting).pdf) == document
    with pytest.raises(ValidationError, match="brought over"):
        services.minutes_correct(meeting=meeting, text="A typo", by=officer)
    assert MinutesPublication.objects.filter(meeting=meeting).count() == 1
