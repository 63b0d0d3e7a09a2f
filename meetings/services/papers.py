"""Papers attached to an agenda item: checked for what they are, attached and removed."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.archives import open_archive, read_member
from core.audit import delete_audited, save_audited
from core.pdf import pdf_problem

from ..models import (
    AgendaItem,
    ReportFile,
)
from .publication import check_editable


def sniff_paper_kind(head: bytes, data: io.BufferedIOBase) -> str | None:
    """The kind of paper by its content, never its name: PDF, DOCX, XLSX or ODT, else None."""
    if head.startswith(b"%PDF-"):
        return ReportFile.Kind.PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    # Bounded: an archive can declare a million members or expand a megabyte into gigabytes.
    archive = open_archive(data)
    if archive is None:
        return None
    with archive:
        names = set(archive.namelist())
        if (read_member(archive, "mimetype", 100) or b"").strip() == b"application/vnd.oasis.opendocument.text":
            return ReportFile.Kind.ODT
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return ReportFile.Kind.DOCX
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return ReportFile.Kind.XLSX
    return None


@transaction.atomic
def report_file_attach(*, item: AgendaItem, title: str, upload: UploadedFile, by) -> ReportFile:
    check_editable(item.meeting)
    limit = settings.PAPER_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"The file must be smaller than {limit // (1024 * 1024)} MB.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = sniff_paper_kind(head, upload)
    upload.seek(0)
    if kind is None:
        raise ValidationError("The file must be a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT) file.")
    if kind == "pdf":
        problem = pdf_problem(upload.read(limit + 1))
        upload.seek(0)
        if problem:
            raise ValidationError(problem)
    paper = ReportFile(item=item, title=title.strip(), kind=kind, size=upload.size)
    paper.file.save(f"paper.{kind}", upload, save=False)
    return save_audited(paper, by=by, reason="Paper attached")


@transaction.atomic
def report_file_remove(*, paper: ReportFile, by) -> None:
    check_editable(paper.item.meeting)
    stored = paper.file
    delete_audited(paper, by=by, reason="Paper removed")
    transaction.on_commit(lambda: stored.storage.delete(stored.name))
