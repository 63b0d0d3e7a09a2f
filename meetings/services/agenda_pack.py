"""The agenda pack: one PDF of the agenda, its public reports and its public PDF papers.

WeasyPrint renders the agenda and reports (tagged PDF/UA), and one title page per public PDF
paper; pypdf then appends each paper behind its title page and bookmarks it by its item and
title, after the bookmarks WeasyPrint makes of the agenda's headings. Papers in other formats
(and a PDF that cannot be read, or is encrypted) are listed in the pack with their public
address instead.

Only papers the public snapshot lists are ever read here, and each is looked up again as a paper
of a non-confidential item of this meeting: a confidential paper never reaches the public pack.
"""

import io
import logging
from dataclasses import dataclass

from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from core.pdf import PdfRenderError, render_pdf

from ..models import AgendaPublication, Meeting, ReportFile

logger = logging.getLogger(__name__)


@dataclass
class PackPaper:
    """A public paper as the pack shows it: appended (a readable PDF) or listed with its link."""

    id: int
    item_number: str
    title: str
    kind: str
    url: str
    reader: PdfReader | None = None

    @property
    def appended(self) -> bool:
        return self.reader is not None

    @property
    def bookmark(self) -> str:
        return f"Item {self.item_number}: {self.title}"


def _readable_pdf(paper: ReportFile) -> PdfReader | None:
    """The paper as a PDF to append, or None when it cannot be appended (no pages, encrypted,
    damaged, or its file is gone)."""
    try:
        with paper.file.open("rb") as stored:
            reader = PdfReader(io.BytesIO(stored.read()))
        if reader.is_encrypted or len(reader.pages) == 0:
            return None
        return reader
    except Exception as error:  # an uploaded file may be anything that starts with %PDF-
        logger.info("Paper %s is listed, not appended, in the agenda pack: %s", paper.pk, error)
        return None


def pack_papers(meeting: Meeting, items: list[dict], site: str = "") -> list[PackPaper]:
    """The public papers of the frozen agenda, in agenda order."""
    listed = [(entry, paper) for entry in items if not entry["exempt"] for paper in entry.get("files", [])]
    stored = ReportFile.objects.filter(
        pk__in=[paper["id"] for _, paper in listed], item__meeting=meeting, item__confidential=False
    ).in_bulk()
    papers = []
    for entry, paper in listed:
        found = stored.get(paper["id"])
        reader = _readable_pdf(found) if found is not None and found.kind == ReportFile.Kind.PDF else None
        papers.append(
            PackPaper(
                id=paper["id"],
                item_number=str(entry["number"]),
                title=paper["title"],
                kind=paper["kind"],
                url=site.rstrip("/") + reverse("paper", args=[paper["id"]]),
                reader=reader,
            )
        )
    return papers


def _append_papers(pack: bytes, titles: bytes, papers: list[PackPaper]) -> bytes:
    """After the agenda and reports, each appended paper behind its title page (one page each,
    in order, in `titles`), each bookmarked after the agenda's own bookmarks (its headings)."""
    appended = [paper for paper in papers if paper.appended]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pack)))
    title_pages = PdfReader(io.BytesIO(titles))
    for index, paper in enumerate(appended):
        start = len(writer.pages)
        writer.merge(None, title_pages, pages=[index], import_outline=False)
        writer.merge(None, paper.reader, import_outline=False)
        for inserted in writer.pages[start:]:
            # The inserted pages' own structure trees are not carried over: drop dangling references.
            if "/StructParents" in inserted:
                del inserted[NameObject("/StructParents")]
        writer.add_outline_item(title=paper.bookmark, page_number=start)
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def render_agenda_pack(publication: AgendaPublication, meeting: Meeting | None = None) -> bytes:
    """The pack of one publication, from its frozen snapshot, the papers appended."""
    meeting = meeting or publication.meeting
    earlier = list(
        meeting.publications.filter(number__lt=publication.number)
        .defer("pdf", "snapshot", "restricted")
        .order_by("number")
    )
    snapshot = publication.snapshot
    papers = pack_papers(meeting, snapshot["items"], snapshot.get("site", ""))
    by_id = {paper.id: paper for paper in papers}
    items = [  # copies: the stored snapshot is not written to
        {**entry, "files": [{**f, "appended": by_id[f["id"]].appended, "url": by_id[f["id"]].url} for f in files]}
        if not entry["exempt"] and (files := entry.get("files"))
        else entry
        for entry in snapshot["items"]
    ]
    pack = render_pdf(
        "meetings/pdf/agenda_pack.html",
        {
            "meeting": meeting,
            "publication": publication,
            "earlier": earlier,
            "items": items,
            "exclusion_resolution": snapshot.get("exclusion_resolution", ""),
            "exclusion_before": snapshot.get("exclusion_before"),
            "site": snapshot.get("site", ""),
            "papers": papers,
            "appended": [paper for paper in papers if paper.appended],
        },
    )
    appended = [paper for paper in papers if paper.appended]
    if not appended:
        return pack
    titles = render_pdf("meetings/pdf/agenda_pack_papers.html", {"meeting": meeting, "papers": appended})
    try:
        return _append_papers(pack, titles, papers)
    except Exception as error:
        logger.exception("Appending the papers to the agenda pack of %s failed", meeting)
        raise PdfRenderError from error
