"""Building agendas through the services, for tests."""

import io

from meetings import services


def _minimal_pdf() -> bytes:
    """A real PDF of one blank page (a paper is checked as a PDF that opens, with a page)."""
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer, static_id=True)
    return buffer.getvalue()


MINIMAL_PDF = _minimal_pdf()


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def docx_bytes() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def build_agenda(meeting, officer) -> dict:
    """Opening items, a public item with a report and a paper, and a confidential item with a paper."""
    services.agenda_start(meeting=meeting, by=officer)
    public = services.agenda_item_add(
        meeting=meeting, by=officer, title="Child poverty strategy", purpose="decision", expected_minutes=30
    )
    services.report_save(
        item=public,
        loaded_version=0,
        by=officer,
        key_decision=True,
        purpose="To agree the child poverty strategy.",
        recommendations="That the strategy be approved.",
        financial_implications="Within existing budgets.",
    )
    public_paper = services.report_file_attach(
        item=public, title="Strategy document", upload=upload("strategy.pdf", MINIMAL_PDF), by=officer
    )
    secret = services.agenda_item_add(
        meeting=meeting,
        by=officer,
        title="SECRET-TITLE staffing restructure",
        purpose="decision",
        confidential=True,
        exempt_paragraph=1,
        exempt_reason="Named staff",
        title_exempt=True,  # the title itself would disclose who: the public sees only the paragraph
    )
    services.report_save(
        item=secret, loaded_version=0, by=officer, purpose="SECRET-REPORT purpose", recommendations="SECRET-REC"
    )
    secret_paper = services.report_file_attach(
        item=secret, title="SECRET-PAPER list of posts", upload=upload("posts.pdf", MINIMAL_PDF), by=officer
    )
    return {"public": public, "secret": secret, "public_paper": public_paper, "secret_paper": secret_paper}
