"""Past minutes brought over as the approved record (issue 15, section 3).

A partnership moving onto this service has years of minutes approved elsewhere. Each past
meeting is recorded as a historical record (`Meeting.historical_added_on`): date, body, start time
if known, and its approved minutes as an uploaded document (PDF, DOCX or ODT, checked by content
as papers are, its text extracted and stored for search) or as pasted text. It is published at
once as approved minutes, with no agenda and no clear-days clock, marked "Added to this site on
<date>" for openness. The minutes are rendered once into a `MinutesPublication` of kind approved,
so the public page, the PDF and the feed read them as they read any other minutes.

In bulk: a ZIP of minutes documents with a CSV index (date, body, title, file) is kept on the
server (`MinutesArchiveUpload`), previewed row by row, and confirmed all or nothing. The archive
is measured from its central directory before anything is extracted (entries, sizes, compression
ratio, names that climb out of it), and each member is read only up to the paper size limit.
"""

import csv
import datetime as dt
import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from boards.models import Body, Partnership
from core.archives import open_archive, read_member
from core.audit import save_audited
from core.dates import format_date
from core.forms import parse_date_text
from core.pdf import pdf_problem, render_pdf
from core.validators import MEETING_DATES

from ..models import AgendaPublication, Meeting, MinutesArchiveUpload, MinutesPublication, PastMinutes
from .minutes import _render_minutes
from .papers import sniff_paper_kind
from .schedule import check_body_free, london

# -- Limits ----------------------------------------------------------------------------------------

ARCHIVE_MAX_BYTES = 100 * 1024 * 1024  # the ZIP as uploaded
ARCHIVE_MAX_ENTRIES = 500  # a few years of minutes, several bodies
ARCHIVE_MAX_TOTAL = 500 * 1024 * 1024  # all members, uncompressed, as the directory declares them
ARCHIVE_MAX_RATIO = 100  # a member expanding more than this (past 1 MB) is a bomb, not a document
RATIO_CHECKED_FROM = 1024 * 1024
INDEX_MAX_BYTES = 1024 * 1024
INDEX_MAX_ROWS = 500
DOCUMENT_PART_MAX = 25 * 1024 * 1024  # word/document.xml or content.xml inside one DOCX or ODT
TEXT_MAX_CHARS = 1_000_000
PDF_MAX_PAGES = 1_000
ARCHIVE_KEPT_FOR = dt.timedelta(hours=24)
NOT_RECORDED = "Not recorded"

MINUTES_KINDS = {
    "pdf": PastMinutes.Kind.PDF,
    "docx": PastMinutes.Kind.DOCX,
    "odt": PastMinutes.Kind.ODT,
}
UNREADABLE = "The document could not be read: it may be damaged. Save it again and retry."
NOT_A_DOCUMENT = "The file must be a PDF, Word (DOCX) or OpenDocument text (ODT) document (checked by its content)."


# -- Documents: what they are, and their text ---------------------------------------------------------


def sniff_minutes_kind(data: bytes) -> str | None:
    """PDF, DOCX or ODT by content (as papers are checked), else None: a spreadsheet or anything
    renamed to .pdf is not minutes."""
    kind = sniff_paper_kind(data[:8], io.BytesIO(data))
    return MINUTES_KINDS.get(kind)


def _archive_problem(archive: zipfile.ZipFile, *, max_entries: int, max_total: int, max_member: int) -> str | None:
    """Why an archive is refused, judged from its central directory alone, or None."""
    members = archive.infolist()
    if len(members) > max_entries:
        return f"The ZIP file lists {len(members)} files: at most {max_entries} are accepted."
    total = 0
    for info in members:
        name = info.filename
        if name.startswith(("/", "\\")) or "\\" in name or ":" in name or ".." in name.split("/"):
            return f"The ZIP file names a file outside the archive (“{name}”): it was refused."
        if info.flag_bits & 0x1:
            return f"“{name}” in the ZIP file is encrypted: upload it without a password."
        if info.file_size > max_member:
            return f"“{name}” in the ZIP file is larger than {max_member // (1024 * 1024)} MB."
        if info.file_size > RATIO_CHECKED_FROM and info.file_size > ARCHIVE_MAX_RATIO * max(info.compress_size, 1):
            return (
                f"“{name}” in the ZIP file expands more than {ARCHIVE_MAX_RATIO} times its packed size "
                "(a “ZIP bomb”): it was refused."
            )
        total += info.file_size
        if total > max_total:
            return f"The files in the ZIP file add up to more than {max_total // (1024 * 1024)} MB unpacked."
    return None


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = []
        for number, page in enumerate(reader.pages):
            if number >= PDF_MAX_PAGES:
                break
            pages.append(page.extract_text() or "")
    except Exception:  # a damaged or odd PDF: the document is still the record, its text is not found
        return ""
    return "\n\n".join(text.strip() for text in pages if text.strip())


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(part for part in parts if part.strip())


ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _odt_text(archive: zipfile.ZipFile) -> str:
    from defusedxml import ElementTree

    content = read_member(archive, "content.xml", DOCUMENT_PART_MAX)
    if content is None:
        raise ValueError("no content")
    root = ElementTree.fromstring(content)
    blocks = []
    for element in root.iter():
        if element.tag in (f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h"):
            text = "".join(element.itertext()).strip()
            if text:
                blocks.append(text)
    return "\n".join(blocks)


def extract_minutes_text(kind: str, data: bytes) -> str:
    """The document's text for search, bounded; a ValidationError when a DOCX or ODT cannot be read
    (a PDF whose text cannot be found is still kept: it is the record)."""
    if kind == PastMinutes.Kind.PDF:
        return _pdf_text(data)[:TEXT_MAX_CHARS]
    archive = open_archive(io.BytesIO(data))
    if archive is None:
        raise ValidationError(NOT_A_DOCUMENT)
    with archive:
        problem = _archive_problem(
            archive, max_entries=5_000, max_total=4 * DOCUMENT_PART_MAX, max_member=DOCUMENT_PART_MAX
        )
        if problem:
            raise ValidationError(f"The document could not be read safely: {problem}")
        try:
            text = _docx_text(data) if kind == PastMinutes.Kind.DOCX else _odt_text(archive)
        except Exception as error:  # a malformed document: say so, keep nothing
            raise ValidationError(
                "The document could not be read: it may be damaged. Save it again and retry."
            ) from error
    return text[:TEXT_MAX_CHARS]


# -- One historical record ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """An uploaded minutes document, checked: its kind, bytes, name as given and text."""

    kind: str
    data: bytes
    original_name: str
    text: str


def read_document(upload, *, name: str = "") -> Document:
    """An uploaded file checked as minutes: size, kind by content, text extracted."""
    limit = settings.PAPER_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"The file must be smaller than {limit // (1024 * 1024)} MB.")
    upload.seek(0)
    data = upload.read(limit + 1)
    return check_document(data, name=name or getattr(upload, "name", ""))


def check_document(data: bytes, *, name: str) -> Document:
    if len(data) > settings.PAPER_MAX_BYTES:
        raise ValidationError(f"The file must be smaller than {settings.PAPER_MAX_BYTES // (1024 * 1024)} MB.")
    kind = sniff_minutes_kind(data)
    if kind is None:
        raise ValidationError(NOT_A_DOCUMENT)
    if kind == "pdf" and (problem := pdf_problem(data)):
        raise ValidationError(problem)
    return Document(
        kind=kind, data=data, original_name=posixpath.basename(name)[:255], text=extract_minutes_text(kind, data)
    )


def check_historical_day(body: Body, day: dt.date, *, now: dt.datetime) -> None:
    if day not in MEETING_DATES:
        raise ValidationError({"date": MEETING_DATES.message})
    if day >= timezone.localdate(now):
        raise ValidationError(
            {"date": "A historical record is of a meeting that has already taken place: enter a date before today."}
        )
    try:
        check_body_free(body, day)
    except ValidationError as error:
        raise ValidationError({"date": error.messages}) from None


@transaction.atomic
def historical_record_create(
    *,
    body: Body,
    day: dt.date,
    by,
    start_time: dt.time | None = None,
    venue: str = "",
    title: str = "",
    upload=None,
    text: str = "",
    document: Document | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """Record a past meeting with its approved minutes (a document, or pasted text), published at
    once as approved minutes with no agenda and no clear-days clock."""
    now = now or timezone.now()
    text = (text or "").strip()
    check_historical_day(body, day, now=now)
    if document is None and upload is not None:
        try:
            document = read_document(upload)
        except ValidationError as error:
            raise ValidationError({"minutes_file": error.messages}) from None
    if document is not None and text:
        raise ValidationError({"minutes_text": "Upload the minutes or paste them, not both."})
    if document is None and not text:
        raise ValidationError({"minutes_file": "Upload the approved minutes (PDF, DOCX or ODT) or paste their text."})
    starts_at = london(day, start_time or dt.time(0, 0))
    meeting = Meeting(
        body=body,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        venue=venue.strip() or NOT_RECORDED,
        status=Meeting.Status.MINUTES_APPROVED,
        minutes_published_at=now,
        minutes_approved_at=now,
        minutes_future_meetings=[],
        historical_added_on=timezone.localdate(now),
        start_time_recorded=start_time is not None,
    )
    save_audited(meeting, by=by, reason="Past meeting brought over with its approved minutes")
    record = PastMinutes(meeting=meeting, title=title.strip()[:200], added_at=now)
    if document is not None:
        record.kind = document.kind
        record.original_name = document.original_name
        record.size = len(document.data)
        record.text = document.text
        record.file.save(f"minutes.{document.kind}", ContentFile(document.data), save=False)
    else:
        record.kind = PastMinutes.Kind.TEXT
        record.text = text
    save_audited(record, by=by, reason="Approved minutes brought over")
    _publish_historical(meeting, record, document, by=by, now=now)
    return meeting


def _publish_historical(meeting: Meeting, record: PastMinutes, document, *, by, now: dt.datetime) -> None:
    context = {"meeting": meeting, "record": record, "partnership": meeting.body.partnership}
    if document is not None and document.kind == PastMinutes.Kind.PDF:
        pdf = document.data  # the approved minutes as they were signed: the document itself
    else:
        pdf = render_pdf("meetings/pdf/historical_minutes.html", context)
    publication = MinutesPublication(
        meeting=meeting,
        number=meeting.minutes_publications.count(),
        kind=MinutesPublication.Kind.APPROVED,
        published_at=now,
        published_by=by,
        pdf=pdf,
        html=render_to_string("meetings/historical_minutes_body.html", context),
    )
    save_audited(publication, by=by, reason="Approved minutes brought over and published")


# -- Structured minutes of a past meeting, published as approved -------------------------------------------


def is_brought_over(meeting: Meeting) -> bool:
    """A past meeting brought over: a historical record, or one recorded here only after it took
    place, with no agenda published here, from before the partnership published any agenda on
    this site. Its minutes were approved elsewhere; any other meeting's minutes are approved at a
    later meeting of its body."""
    if meeting.is_historical:
        return True
    if meeting.agenda_published_at is not None or meeting.publications.exists():
        return False
    first = meeting.history.order_by("history_date").values_list("history_date", flat=True).first()
    if first is None or first < meeting.starts_at:
        return False
    partnership_id = meeting.body.partnership_id
    return not AgendaPublication.objects.filter(
        meeting__body__partnership_id=partnership_id, meeting__starts_at__lte=meeting.starts_at
    ).exists()


@transaction.atomic
def minutes_record_as_approved(*, meeting: Meeting, by, now: dt.datetime | None = None) -> MinutesPublication:
    """Publish the drafted minutes of a past meeting brought over (items, resolutions, attendance,
    typed or pasted) at once as approved minutes, marked "Added to this site on <date>": they
    were approved before the partnership used this service. Refused for an ordinary meeting,
    whose minutes are approved at a later meeting of its body."""
    meeting = Meeting.objects.select_for_update().select_related("body__partnership").get(pk=meeting.pk)
    now = now or timezone.now()
    if meeting.status != Meeting.Status.MINUTES_DRAFTED:
        raise ValidationError("Only drafted minutes can be recorded as approved.")
    if not is_brought_over(meeting):
        raise ValidationError(
            "These minutes are approved at a later meeting of the "
            f"{meeting.body.name}: publish them as a draft, subject to approval. Only a past meeting "
            "brought over from before the partnership used this site is recorded as approved at once."
        )
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_published_at = now
    meeting.minutes_approved_at = now
    meeting.historical_added_on = timezone.localdate(now)
    if meeting.minutes_future_meetings is None:
        meeting.minutes_future_meetings = []
    save_audited(meeting, by=by, reason="Past minutes brought over and recorded as approved")
    return _render_minutes(meeting, kind=MinutesPublication.Kind.APPROVED, by=by, now=now)


# -- In bulk: a ZIP of documents with a CSV index ------------------------------------------------------

INDEX_COLUMNS = ("date", "body", "title", "file")


@dataclass
class ArchiveRow:
    """One line of the index, as it will be created or why it cannot be."""

    line: int
    date_text: str
    body_text: str
    title: str
    file: str
    day: dt.date | None = None
    body: Body | None = None
    kind: str = ""
    errors: list[str] = field(default_factory=list)
    document: Document | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ArchivePreview:
    rows: list[ArchiveRow]
    problem: str = ""  # the archive as a whole refused

    @property
    def errors(self) -> list[ArchiveRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def valid(self) -> bool:
        return not self.problem and bool(self.rows) and not self.errors


def _open_checked(data: bytes) -> zipfile.ZipFile:
    archive = open_archive(io.BytesIO(data))
    if archive is None:
        raise ValidationError(
            "The file must be a ZIP archive of minutes documents with an index.csv, "
            f"listing at most {ARCHIVE_MAX_ENTRIES} files."
        )
    problem = _archive_problem(
        archive, max_entries=ARCHIVE_MAX_ENTRIES, max_total=ARCHIVE_MAX_TOTAL, max_member=settings.PAPER_MAX_BYTES
    )
    if problem:
        archive.close()
        raise ValidationError(problem)
    return archive


def _index_name(archive: zipfile.ZipFile) -> str:
    names = [name for name in archive.namelist() if not name.endswith("/")]
    if "index.csv" in names:
        return "index.csv"
    csvs = [name for name in names if name.lower().endswith(".csv")]
    if len(csvs) == 1:
        return csvs[0]
    raise ValidationError("The ZIP file must contain one CSV index, index.csv, with columns date, body, title, file.")


def _read_index(archive: zipfile.ZipFile) -> list[dict]:
    raw = read_member(archive, _index_name(archive), INDEX_MAX_BYTES)
    if raw is None:
        raise ValidationError(f"The CSV index must be smaller than {INDEX_MAX_BYTES // 1024} KB.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        reader = csv.reader(io.StringIO(text))
        lines = list(reader)
    except csv.Error as error:
        raise ValidationError(f"The CSV index could not be read: {error}.") from None
    if not lines:
        raise ValidationError(
            "The CSV index is empty: give a header row (date, body, title, file) and one row a meeting."
        )
    header = [cell.strip().lower() for cell in lines[0]]
    missing = [column for column in ("date", "body", "file") if column not in header]
    if missing:
        raise ValidationError(
            f"The CSV index has no {', '.join(missing)} column: its header row must be date, body, title, file."
        )
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(header)}
        rows.append({"line": number, **{column: values.get(column, "") for column in INDEX_COLUMNS}})
    if len(rows) > INDEX_MAX_ROWS:
        raise ValidationError(f"The CSV index has {len(rows)} rows: at most {INDEX_MAX_ROWS} are accepted at once.")
    if not rows:
        raise ValidationError("The CSV index lists no meetings.")
    return rows


def _find_body(partnership: Partnership, text: str) -> Body | None:
    wanted = " ".join(text.split()).casefold()
    for body in Body.objects.filter(partnership=partnership).meeting_bodies():
        if wanted in (body.name.casefold(), body.slug.casefold()):
            return body
    return None


def archive_preview(partnership: Partnership, data: bytes, *, now: dt.datetime | None = None) -> ArchivePreview:
    """Every row to be created, every row in error with its reason; nothing is written."""
    now = now or timezone.now()
    try:
        archive = _open_checked(data)
    except ValidationError as error:
        return ArchivePreview(rows=[], problem=" ".join(error.messages))
    with archive:
        try:
            index = _read_index(archive)
        except ValidationError as error:
            return ArchivePreview(rows=[], problem=" ".join(error.messages))
        # The name as the index gives it ("a.pdf") → the member's own name ("./a.pdf" from some tools).
        names = {name.removeprefix("./"): name for name in archive.namelist()}
        seen_meetings: dict[tuple, int] = {}
        seen_files: dict[str, int] = {}
        rows = []
        for entry in index:
            row = ArchiveRow(
                line=entry["line"],
                date_text=entry["date"],
                body_text=entry["body"],
                title=entry["title"][:200],
                file=entry["file"].removeprefix("./"),
            )
            rows.append(row)
            row.day = parse_date_text(row.date_text)
            if row.day is None:
                row.errors.append(f"“{row.date_text}” is not a date: write it as 2024-03-14 or 14/03/2024.")
            row.body = _find_body(partnership, row.body_text) if row.body_text else None
            if row.body is None:
                row.errors.append(f"Unknown body “{row.body_text}”: use the name of one of the partnership's bodies.")
            if row.day and row.body:
                try:
                    check_historical_day(row.body, row.day, now=now)
                except ValidationError as error:
                    row.errors.extend(error.messages)
                key = (row.body.pk, row.day)
                if key in seen_meetings:
                    row.errors.append(f"Duplicate: line {seen_meetings[key]} is the same body on the same date.")
                seen_meetings.setdefault(key, row.line)
            if not row.file:
                row.errors.append("No file named: give the document's name in the ZIP file.")
            elif row.file in seen_files:
                row.errors.append(f"Duplicate: line {seen_files[row.file]} uses the same file.")
            elif row.file not in names:
                row.errors.append(f"The file “{row.file}” is missing from the ZIP file.")
            else:
                seen_files[row.file] = row.line
                content = read_member(archive, names[row.file], settings.PAPER_MAX_BYTES)
                if content is None:
                    row.errors.append(f"The file “{row.file}” could not be read, or is larger than the limit.")
                else:
                    try:
                        row.document = check_document(content, name=row.file)
                        row.kind = row.document.kind
                    except ValidationError as error:
                        row.errors.append(f"“{row.file}”: {' '.join(error.messages)}")
    return ArchivePreview(rows=rows)


@transaction.atomic
def archive_upload(*, partnership: Partnership, upload, by, now: dt.datetime | None = None) -> MinutesArchiveUpload:
    """Keep the ZIP on the server for its preview and confirmation. An archive refused as a whole
    (not a ZIP, a bomb, names outside it, no index) is refused here, with the reason."""
    now = now or timezone.now()
    if upload.size > ARCHIVE_MAX_BYTES:
        raise ValidationError({"upload": f"The ZIP file must be smaller than {ARCHIVE_MAX_BYTES // (1024 * 1024)} MB."})
    upload.seek(0)
    data = upload.read(ARCHIVE_MAX_BYTES + 1)
    try:
        with _open_checked(data) as archive:
            _read_index(archive)
    except ValidationError as error:
        raise ValidationError({"upload": error.messages}) from None
    MinutesArchiveUpload.objects.filter(expires_at__lt=now).delete()  # nothing kept past its day
    return save_audited(
        MinutesArchiveUpload(
            partnership=partnership,
            uploaded_by=by,
            original_name=posixpath.basename(getattr(upload, "name", ""))[:255],
            data=data,
            uploaded_at=now,
            expires_at=now + ARCHIVE_KEPT_FOR,
        ),
        by=by,
        reason="ZIP of past minutes uploaded for its preview",
    )


def archive_for_officer(partnership: Partnership, user, pk: int, *, now: dt.datetime | None = None):
    """The upload, if it is this officer's in this partnership, unconfirmed and unexpired."""
    return MinutesArchiveUpload.objects.filter(
        pk=pk,
        partnership=partnership,
        uploaded_by=user,
        confirmed_at__isnull=True,
        expires_at__gt=now or timezone.now(),
    ).first()


@transaction.atomic
def archive_confirm(*, upload: MinutesArchiveUpload, by, now: dt.datetime | None = None) -> list[Meeting]:
    """Create every historical meeting in the index, or none: the preview is worked out again
    from the stored archive, and any row in error refuses the lot."""
    now = now or timezone.now()
    upload = MinutesArchiveUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.confirmed_at is not None or upload.expires_at <= now:
        raise ValidationError("This upload has already been used or has expired: upload the ZIP file again.")
    preview = archive_preview(upload.partnership, bytes(upload.data), now=now)
    if preview.problem:
        raise ValidationError(preview.problem)
    if preview.errors:
        raise ValidationError(
            f"{len(preview.errors)} row{'s' if len(preview.errors) != 1 else ''} of the index "
            "cannot be created: nothing was added. Correct the index and upload the ZIP file again."
        )
    meetings = [
        historical_record_create(body=row.body, day=row.day, title=row.title, document=row.document, by=by, now=now)
        for row in preview.rows
    ]
    upload.confirmed_at = now
    upload.data = b""
    save_audited(upload, by=by, reason=f"ZIP of past minutes confirmed: {len(meetings)} meetings added")
    return meetings


def added_on_text(meeting: Meeting) -> str:
    return f"Added to this site on {format_date(meeting.historical_added_on, weekday=False)}"
