"""A crawler for the leak tests: every address a visitor can reach, and every marker in what they
receive (HTML, headers, PDF text and bytes, papers, calendar feeds).

Addresses come from two places: every URL pattern of the project reversed with every object id
in the database (`addresses`), and the links of every page received (same site, GET only; never
the sign-out address, never a form). PDF text is read once per distinct file (`pdf_text` is
cached by content), so a stored PDF served to six roles is parsed once."""

import hashlib
import html
import io
import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlparse

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

SKIP_PREFIXES = ("/static/", "/admin/", "/sign-out/", "/media/")
SIGN_IN = "/sign-in/"
_PDF_TEXT: dict[str, str] = {}
_WHITESPACE = re.compile(rb"\s+")


def pdf_text(content: bytes) -> str:
    """The text of a PDF, parsed once per distinct file; empty for one pypdf cannot read."""
    key = hashlib.sha1(content).hexdigest()
    if key not in _PDF_TEXT:
        try:
            _PDF_TEXT[key] = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
        except Exception:  # a paper is whatever was uploaded: its bytes are still searched
            _PDF_TEXT[key] = ""
    return _PDF_TEXT[key]


def body_of(response) -> bytes:
    if response.streaming:
        # Reading it to the end closes it the way the test client means to; calling close() here
        # would fire request_finished, which closes the database connection mid-test (PostgreSQL).
        return b"".join(response.streaming_content)
    return response.content


def searchable(url: str, response, content: bytes) -> bytes:
    """What a marker is looked for in: the body and headers, the text of a PDF with its spacing
    removed (a line break may fall inside a marker), a calendar with its folded lines joined;
    never the address that was asked for (a 404 page or a sign-in redirect may repeat it)."""
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items()).encode()
    parts = [content, headers]
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/pdf") or content.startswith(b"%PDF-"):
        parts.append(_WHITESPACE.sub(b"", pdf_text(content).encode()))
    if content_type.startswith("text/calendar"):
        parts.append(content.replace(b"\r\n ", b"").replace(b"\r\n\t", b""))
    haystack = b"\n".join(parts)
    for asked in {url, quote(url, safe=""), quote(url)}:
        haystack = haystack.replace(asked.encode(), b"")
    return haystack


HREF = re.compile(rb"""<(?:a|link)\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def links_in(url: str, content: bytes) -> list[str]:
    """Same-site GET links of an HTML page: `<a href>` and `<link href>` (feeds), without fragments."""
    found = []
    for double, single in HREF.findall(content):
        target = urlparse(urljoin(url, html.unescape((double or single).decode())))
        if target.netloc or target.scheme not in ("", "http", "https"):
            continue
        path = target.path + (f"?{target.query}" if target.query else "")
        if path.startswith(SKIP_PREFIXES):
            continue
        found.append(path)
    return found


@dataclass
class CrawlResult:
    statuses: dict[str, int] = field(default_factory=dict)
    markers: dict[str, set[str]] = field(default_factory=dict)  # marker → addresses it was found at
    server_errors: list[str] = field(default_factory=list)
    truncated: bool = False  # the limit was reached with addresses still to visit

    def record(self, url: str, status: int, found: Iterable[str]) -> None:
        self.statuses[url] = status
        if status >= 500:
            self.server_errors.append(f"{url} answered {status}")
        for marker in found:
            self.markers.setdefault(marker, set()).add(url)


def answered_for_every_object(response) -> bool:
    """Whether a pattern's first address answered for itself alone: a 405 (the pattern takes POST
    only) or a redirect to sign in (LoginRequiredMiddleware, which decides by the view, before
    any object is looked up) answers the same for every address of the pattern."""
    if response.status_code == 405:
        return False
    return not (response.status_code == 302 and urlparse(response["Location"]).path == SIGN_IN)


def crawl(
    client: Client,
    groups: Iterable[list[str]],
    find: Callable[[bytes], set[str]],
    *,
    limit: int = 3000,
    depth: int = 2,
) -> CrawlResult:
    """Request every address of `groups` (each group one URL pattern's addresses; see
    `answered_for_every_object`), then follow links breadth first up to `depth`."""
    result = CrawlResult()
    queue: deque[tuple[str, int]] = deque()

    def fetch(url: str, level: int):
        response = client.get(url)
        content = body_of(response)
        result.record(url, response.status_code, find(searchable(url, response, content)))
        if level >= depth:
            return response
        if response.status_code in (301, 302, 303, 307, 308):
            target = urlparse(urljoin(url, response["Location"]))
            if not target.netloc or target.netloc == "testserver":
                path = target.path  # the sign-in page once, whatever `next` it is given
                if target.query and target.path != SIGN_IN:
                    path += f"?{target.query}"
                if not path.startswith(SKIP_PREFIXES):
                    queue.append((path, level + 1))
        elif response.status_code == 200 and content and response.get("Content-Type", "").startswith("text/html"):
            queue.extend((link, level + 1) for link in links_in(url, content))
        return response

    for group in groups:
        for url in group:
            if url in result.statuses:
                continue
            if not answered_for_every_object(fetch(url, 0)):
                break
    while queue:
        url, level = queue.popleft()
        if url in result.statuses:
            continue
        if len(result.statuses) >= limit:
            result.truncated = True
            break
        fetch(url, level)
    return result


# -- Every address of the project -----------------------------------------------------------------

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def url_patterns(resolver=None, namespace: str = "", prefix: str = "") -> list[tuple[str, str]]:
    """(name, route) for every named URL pattern, the route with its include prefixes."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            found += url_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((f"{namespace}:{pattern.name}".strip(":"), route))
    return found


def pk_segment(route: str) -> str:
    """The word before `<int:pk>` in a route: what kind of object the id names."""
    before = route.split("<int:pk>")[0].rstrip("/").split("/")
    return before[-1]


def addresses(
    values: Callable[[str, list[str], str], list[dict]], skip: Callable[[str], bool] = lambda name: False
) -> dict[str, list[str]]:
    """Every named pattern reversed with every set of values `values(name, parameters, route)`
    gives for it, by name."""
    found = {}
    for name, route in url_patterns():
        if skip(name):
            continue
        parameters = sorted(m["name"] for m in PARAMETER.finditer(route))
        found[name] = sorted({reverse(name, kwargs=kwargs) for kwargs in values(name, parameters, route)})
    return found


def demo_meeting_being_minuted():
    """In the demo, a board meeting held yesterday whose minutes are still being written (the
    demo's own held meetings have published, locked minutes), so the attendance and closing-time
    forms can be reached."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from boards.models import Body
    from meetings import services

    officer = get_user_model().objects.get(username="officer")
    board = Body.objects.get(kind=Body.Kind.BOARD, partnership__slug="milton-keynes")
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    meeting = services.meeting_record_past(
        body=board, starts_at=yesterday, ends_at=yesterday + dt.timedelta(hours=2), venue="Civic Offices", by=officer
    )
    services.meeting_hold(meeting=meeting, by=officer)
    return meeting
