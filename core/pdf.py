"""The one PDF renderer: a template in, tagged PDF/UA bytes out.

The renderer fetches nothing but the project's own static files (and `data:` URLs): text that
users wrote must never make the server fetch an arbitrary address. PDFs are rendered once, when
a document is published, and stored; they are never rendered per request.
"""

import logging
import mimetypes
from pathlib import Path

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
        return document.write_pdf(pdf_variant="pdf/ua-1")
    except Exception as error:  # whatever failed inside the renderer (fonts, Pango, memory, a disk)
        logger.exception("Rendering %s as a PDF failed", template_name)
        raise PdfRenderError from error
