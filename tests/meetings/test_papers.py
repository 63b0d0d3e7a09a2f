"""Papers: type checked by content, size limited, stored outside static files, served after a check."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from meetings import services
from tests.conftest import html, text_of
from tests.meetings.helpers import MINIMAL_PDF, build_agenda, docx_bytes, upload

pytestmark = pytest.mark.django_db


def test_papers_are_recognised_by_content_not_name(officer, future_meeting):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Item")
    pdf = services.report_file_attach(item=item, title="A", upload=upload("misnamed.docx", MINIMAL_PDF), by=officer)
    assert pdf.kind == "pdf"
    docx = services.report_file_attach(item=item, title="B", upload=upload("report.bin", docx_bytes()), by=officer)
    assert docx.kind == "docx"
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.STATICFILES_DIRS[0]))
    assert pdf.file.path.startswith(str(settings.MEDIA_ROOT))


def test_a_file_pretending_to_be_a_pdf_is_refused_with_a_clear_message(client, officer, partnership, future_meeting):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Item")
    client.force_login(officer)
    response = client.post(
        f"/manage/items/{item.pk}/papers/new/",
        {"title": "Looks like a PDF", "upload": upload("evil.pdf", b"MZ\x90\x00 this is an executable")},
    )
    assert response.status_code == 200
    soup = html(response)
    assert "must be a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT)" in text_of(soup)
    assert soup.select_one("#id_title")["value"] == "Looks like a PDF"
    assert not item.files.exists()


def test_a_file_over_the_size_limit_is_refused(settings, officer, future_meeting):
    from django.core.exceptions import ValidationError

    settings.PAPER_MAX_BYTES = 100
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Item")
    with pytest.raises(ValidationError, match="smaller than"):
        services.report_file_attach(item=item, title="Big", upload=upload("big.pdf", MINIMAL_PDF * 10), by=officer)


def test_who_may_download_which_paper(client, officer, chair, member, other_officer, future_meeting):
    papers = build_agenda(future_meeting, officer)
    public, secret = f"/papers/{papers['public_paper'].pk}/", f"/papers/{papers['secret_paper'].pk}/"

    def status(user, url):
        client.logout()
        if user:
            client.force_login(user)
        return client.get(url).status_code

    # Before publication: officers and the chair only.
    assert [status(u, public) for u in (None, member, other_officer, officer, chair)] == [404, 404, 404, 200, 200]
    services.agenda_publish(meeting=future_meeting, by=officer)
    # After: the public paper for everyone; the confidential one for officers, the chair and members.
    assert [status(u, public) for u in (None, member, other_officer)] == [200, 200, 200]
    assert [status(u, secret) for u in (None, other_officer, member, officer, chair)] == [404, 404, 200, 200, 200]
    client.logout()
    response = client.get(public)
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def _pdf_with_a_script() -> bytes:
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_a_pdf_with_a_script_or_that_does_not_open_is_refused(officer, future_meeting):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Budget")
    with pytest.raises(ValidationError, match="scripts, actions or embedded files"):
        services.report_file_attach(item=item, title="A", upload=upload("a.pdf", _pdf_with_a_script()), by=officer)
    with pytest.raises(ValidationError, match="could not be read"):
        services.report_file_attach(
            item=item, title="B", upload=upload("b.pdf", b"%PDF-1.4\n<html><script>x</script></html>"), by=officer
        )
    assert not item.files.exists()
