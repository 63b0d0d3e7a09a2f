"""Plant unique markers in every confidential and draft field, crawl everything an anonymous
visitor can reach from the home page (HTML, PDFs as text and bytes, papers, error pages, headers),
and fail on any marker. Then again after officers have opened every staff page (caches warm)."""

import datetime as dt
import io
import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from weasyprint import HTML

from core.audit import save_audited
from meetings import services
from meetings.models import MinutesArchiveUpload
from members import services as member_services
from members.models import NOLAN_PRINCIPLES, InterestEntry
from tests.commissions.helpers import make_commission
from tests.conftest import london, make_meeting, make_member
from tests.meetings.helpers import MINIMAL_PDF, upload

pytestmark = pytest.mark.django_db

MARK = "LEAKMARK"
NOLAN_NAMES = [name for name, _ in NOLAN_PRINCIPLES]


def marker(name: str) -> str:
    return f"{MARK}{name.upper()}"


@pytest.fixture
def planted(partnership, board, council, officer, chair, member):
    """A partnership with one of everything, each secret carrying a marker."""
    # Published agenda with a confidential item, its report and paper.
    published = make_meeting(board, london(2030, 6, 12, 14), hours=3, by=officer)
    services.agenda_start(meeting=published, by=officer)
    public_item = services.agenda_item_add(meeting=published, by=officer, title="Public strategy item")
    services.report_file_attach(item=public_item, title="Public paper", upload=upload("p.pdf", MINIMAL_PDF), by=officer)
    secret = services.agenda_item_add(
        meeting=published,
        by=officer,
        title=marker("title"),
        confidential=True,
        exempt_paragraph=1,
        exempt_reason=marker("exemptreason"),
        title_exempt=True,
    )
    # An exempt item whose title is public: all but its title stays private.
    open_title = services.agenda_item_add(
        meeting=published,
        by=officer,
        title="Home care contract",
        confidential=True,
        exempt_paragraph=3,
        exempt_reason=marker("opentitlereason"),
    )
    services.report_save(
        item=open_title, loaded_version=0, by=officer, purpose=marker("opentitlepurpose"), recommendations="Agreed."
    )
    services.report_file_attach(
        item=open_title,
        title=marker("opentitlepaper"),
        upload=upload("o.pdf", MINIMAL_PDF + marker("opentitlecontent").encode()),
        by=officer,
    )
    services.report_save(
        item=secret, loaded_version=0, by=officer, purpose=marker("reportpurpose"), recommendations=marker("reportrecs")
    )
    services.report_file_attach(
        item=secret,
        title=marker("papertitle"),
        upload=upload("s.pdf", MINIMAL_PDF + marker("papercontent").encode()),
        by=officer,
    )
    services.agenda_publish(meeting=published, by=officer)
    # Changed after publication, not yet in a supplement.
    services.agenda_item_add(meeting=published, by=officer, title=marker("unsupplemented"))
    # A draft agenda.
    draft = make_meeting(board, london(2030, 8, 14, 14), hours=3, by=officer)
    services.agenda_item_add(meeting=draft, by=officer, title=marker("draftitem"))
    # Published minutes with a confidential part, and drafted minutes not yet published.
    held = make_meeting(board, london(2026, 9, 2, 14), hours=2, by=officer)
    services.agenda_start(meeting=held, by=officer)
    minute_secret = services.agenda_item_add(
        meeting=held,
        by=officer,
        title=marker("minutedtitle"),
        confidential=True,
        exempt_paragraph=3,
        exempt_reason="commercial",
        title_exempt=True,
    )
    services.meeting_hold(meeting=held, by=officer)
    entries = [(m, "present", None) for m in services.members_expected(held)]
    services.attendance_record(meeting=held, entries=entries, by=officer)
    services.item_minutes_save(
        item=minute_secret,
        loaded_version=0,
        narrative=marker("confidentialminute"),
        public_summary="The Board considered a contract.",
        by=officer,
    )
    secret_resolution = services.resolution_add(item=minute_secret, text=marker("confidentialresolution"), by=officer)
    # A declaration, and a change of chair, on the exempt item: public, but never its title.
    services.declaration_add(
        item=minute_secret,
        person=member.person,
        nature="Director of a bidder",
        kind="pecuniary",
        left_room=True,
        took_no_part=False,
        by=officer,
    )
    services.presiding_record(
        meeting=held,
        presiding=services.Presiding(chair=None, item_chairs={minute_secret.pk: member.person}),
        by=officer,
    )
    services.meeting_close_time(meeting=held, closed_at=dt.time(15, 30), by=officer)
    services.minutes_publish(meeting=held, by=officer)
    drafting = make_meeting(board, london(2026, 10, 7, 14), hours=2, by=officer)
    services.agenda_start(meeting=drafting, by=officer)
    services.meeting_hold(meeting=drafting, by=officer)
    services.item_minutes_save(
        item=drafting.items.first(), loaded_version=0, narrative=marker("draftminute"), public_summary="", by=officer
    )
    # Private details and a sensitive interest.
    seat = make_member(board, council, "Private", "Person")
    seat.person.email, seat.person.phone = f"{marker('email').lower()}@example.org", marker("phone")
    save_audited(seat.person, by=None, reason="contact details")
    save_audited(
        InterestEntry(
            person=seat.person,
            partnership=partnership,
            category="land",
            sensitive=True,
            description=marker("sensitive"),
            registered_on=dt.date(2026, 1, 1),
        ),
        by=None,
        reason="t",
    )
    # A commission only proposed, and a planning group proposal.
    hidden = make_commission(
        partnership, "Hidden Commission", by=chair, issue=marker("commissionissue"), remit=marker("commissionremit")
    )
    # Someone seated only on that proposal, who has signed the Nolan undertaking: not on its page.
    proposed_only = make_member(hidden.body, None, "Proposed", marker("proposedonly"), basis="expertise")
    member_services.undertaking_sign(
        person=proposed_only.person, partnership=partnership, acknowledged=NOLAN_NAMES, by=None
    )
    # A commission established by a resolution on a confidential item: its page says only when.
    make_commission(partnership, "Quiet Commission", by=chair, strategy="Surveys", resolution=secret_resolution)
    # Past minutes brought over: one published (its page, PDF and document are crawled), and a ZIP
    # of past minutes awaiting its officer's confirmation, which nobody else ever sees.
    services.historical_record_create(
        body=board,
        day=dt.date(2024, 3, 14),
        title="March minutes",
        by=officer,
        upload=upload("m.pdf", HTML(string="<p>Approved minutes of March</p>").write_pdf()),
    )
    MinutesArchiveUpload.objects.create(
        partnership=partnership,
        uploaded_by=officer,
        original_name=marker("archivename"),
        data=marker("archivedata").encode(),
        expires_at=london(2030, 1, 1),
    )
    return {"published": published, "held": held}


def crawl(client, start: str = "/", limit: int = 600) -> dict[str, bytes]:
    """Every same-site address reachable from `start`, with the bytes a visitor receives."""
    seen: dict[str, bytes] = {}
    queue = deque([start, "/no-such-page/", "/partnerships/testshire/board/2099-01-01/"])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        content = b"" if response.streaming else response.content
        if response.streaming:
            content = b"".join(response.streaming_content)
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items()).encode()
        seen[url] = content + b"\n" + headers
        if response.status_code in (301, 302):
            queue.append(urlparse(response["Location"]).path)
            continue
        content_type = response.get("Content-Type", "")
        if content_type.startswith("application/pdf") and not url.startswith("/papers/"):  # our own PDFs
            seen[url] += " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).encode()
            continue
        if not content_type.startswith("text/html"):
            continue
        for link in BeautifulSoup(content, "html.parser").select("a[href]"):
            target = urlparse(urljoin(url, link["href"]))
            if target.netloc or target.scheme in ("mailto", "javascript"):
                continue
            if target.path.startswith("/static/"):
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            if path not in seen:
                queue.append(path)
    return seen


def assert_no_markers(pages: dict[str, bytes]) -> None:
    leaks = {url: sorted(set(re.findall(rb"LEAKMARK[A-Z]+", body))) for url, body in pages.items()}
    leaks = {url: found for url, found in leaks.items() if found}
    assert not leaks, leaks


def test_anonymous_crawl_finds_no_confidential_or_draft_material(client, planted):
    pages = crawl(client)
    assert any(url.endswith("agenda.pdf") for url in pages), "the crawl reached the agenda pack"
    assert any(url.endswith("minutes.pdf") for url in pages), "the crawl reached the minutes PDF"
    assert any(url.startswith("/papers/") for url in pages), "the crawl reached a public paper"
    assert "/partnerships/testshire/members/private-person/" in pages, "the crawl reached a member's page"
    declared = [url for url, body in pages.items() if b"Director of a bidder" in body]
    assert any("/members/" in url for url in declared), "the crawl reached a declaration on an exempt item"
    assert "/partnerships/testshire/commissions/" in pages
    assert "/partnerships/testshire/nolan-principles/" in pages, "the crawl reached the Nolan principles"
    assert "/partnerships/testshire/commissions/quiet-commission/" in pages
    assert "/partnerships/testshire/meetings.ics" in pages and "/partnerships/testshire/minutes.atom" in pages
    assert b"Home care contract" in pages["/partnerships/testshire/board/2030-06-12/"], "an exempt title is public"
    assert_no_markers(pages)


@pytest.mark.parametrize("cached", [False, True], ids=["no page cache", "page cache on"])
def test_crawl_again_after_officers_opened_every_staff_page(client, planted, officer, chair, cached, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 300 if cached else 0
    cache.clear()
    client.cookies.clear()
    assert_no_markers(crawl(client))  # fills the cache
    for user in (officer, chair):
        client.force_login(user)
        staff_pages = crawl(client, "/manage/", limit=300)
        assert any(MARK.encode() in body for body in staff_pages.values()), "staff do see the planted material"
    client.logout()
    client.cookies.clear()
    assert_no_markers(crawl(client))
    cache.clear()
