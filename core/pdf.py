"""The one PDF renderer: a template in, tagged PDF/UA bytes out.

The renderer fetches nothing but the project's own static files (and `data:` URLs): text that
users wrote must never make the server fetch an arbitrary address. PDFs are rendered once, when
a document is published, and stored; they are never rendered per request.
"""

import io
import logging
import mimetypes
from pathlib import Path

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


def _static_roots() -> list[Path]:
    return [Path(p).resolve() for p in settings.STATICFILES_DIRS]


class StaticOnlyFetcher(URLFetcher):
    """Serves files under the static directories; refuses every other URL."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            path = Path(url.removeprefix("file://").split("?")[0].split("#")[0]).resolve()
            for root in _static_roots():
                if path.is_relative_to(root) and path.is_file():
                    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})
        raise ValueError(f"The PDF renderer fetches only the project's static files, not {url!r}")


class PdfRenderError(ValidationError):
    """The renderer failed. A ValidationError, so the service publishing the document rolls back
    and the page that asked shows the message, as it shows any refusal."""

    def __init__(self) -> None:
        super().__init__(
            "The PDF could not be made, so nothing was published. Try again in a few minutes, or "
            "contact support if it happens again."
        )


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_to_string(template_name, context)
    base_url = _static_roots()[0].as_uri() + "/"
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher())
        return mark_page_margins_as_artifacts(document.write_pdf(pdf_variant="pdf/ua-1"))
    except Exception as error:  # whatever failed inside the renderer (fonts, Pango, memory, a disk)
        logger.exception("Rendering %s as a PDF failed", template_name)
        raise PdfRenderError from error


def mcids_in_structure_tree(struct_root: pikepdf.Dictionary) -> set[tuple[tuple[int, int], int]]:
    """(page, MCID) pairs that the document's structure tree reaches from its root."""
    reached: set[tuple[tuple[int, int], int]] = set()
    stack = [(struct_root, None)]
    while stack:
        node, page = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        page = node.get("/Pg", page)
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int) and page is not None:
                reached.add((page.objgen, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                reached.add((kid.get("/Pg", page).objgen, int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary):
                stack.append((kid, page))
    return reached


def mark_page_margins_as_artifacts(pdf_bytes: bytes) -> bytes:
    """PDF/UA wants a page's running header and footer marked as artifacts, so a screen reader
    does not read "Page 3 of 12" between two paragraphs. WeasyPrint (70) tags the content of
    the page margins as spans that its structure tree never reaches (WeasyPrint issue #1836);
    this rewrites exactly that content as pagination artifacts and drops it from the parent
    tree. Everything the structure tree does reach is left as it is."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    struct_root = pdf.Root.get("/StructTreeRoot")
    if struct_root is None:
        return pdf_bytes
    reached = mcids_in_structure_tree(struct_root)
    changed = False
    for page in pdf.pages:
        instructions = pikepdf.parse_content_stream(page)
        rewritten = []
        orphans = []
        for operands, operator in instructions:
            if (
                str(operator) == "BDC"
                and isinstance(operands[1], pikepdf.Dictionary)
                and "/MCID" in operands[1]
                and (page.objgen, int(operands[1].MCID)) not in reached
            ):
                orphans.append(int(operands[1].MCID))
                operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
            rewritten.append(pikepdf.ContentStreamInstruction(operands, operator))
        if not orphans:
            continue
        changed = True
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))
        parent_tree_key = page.obj.get("/StructParents")
        parent_tree = struct_root.get("/ParentTree")
        if parent_tree_key is not None and parent_tree is not None:
            nums = parent_tree.get("/Nums", [])
            for index in range(0, len(nums), 2):
                if int(nums[index]) == int(parent_tree_key):
                    for mcid in orphans:
                        if mcid < len(nums[index + 1]):
                            nums[index + 1][mcid] = None
    if not changed:
        return pdf_bytes
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/Rendition", "/GoToE"}
ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/RichMedia", "/XFA"}


def pdf_problem(data: bytes) -> str | None:
    """Why an uploaded PDF cannot be published as it stands, or None: it must open as a PDF with
    at least one page, and carry no scripts, launch actions or embedded files (it is served
    to the public as the partnership's own document)."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
        pages = len(pdf.pages)
    except Exception:  # whatever pikepdf makes of a damaged file
        return "The PDF could not be read: it may be damaged. Save it again as a PDF and upload that."
    if pages == 0:
        return "The PDF has no pages."
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        keys = set(obj.keys())
        if keys & ACTIVE_KEYS or str(obj.get("/S", "")) in ACTIVE_ACTIONS or obj.get("/Type") == "/EmbeddedFile":
            return (
                "The PDF contains scripts, actions or embedded files, which are not published. Save it again "
                "as a plain PDF (for example, print it to PDF) and upload that."
            )
    return None
