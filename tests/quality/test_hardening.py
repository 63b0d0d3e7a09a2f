"""Hardening found by an outside test (issue 12): impossible days, archive bombs, the sign-in
lockout behind a proxy, private pages never stored by a browser or proxy, a bounded page cache,
OPTIONS and TRACE, and a failing PDF renderer."""

import io
import re
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.cache import cache

from meetings import services
from meetings.models import Meeting, ReportFile
from tests.conftest import html, london, make_meeting, text_of
from tests.meetings.helpers import docx_bytes, upload
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

EXTREME_DAYS = ["0001-01-01", "9999-12-31"]


def error_summary(response) -> str:
    summary = html(response).select_one(".govuk-error-summary")
    return text_of(summary) if summary else ""


# -- Impossible days ------------------------------------------------------------------------------


@pytest.fixture
def minuted(board, officer, chair, member) -> Meeting:
    """A meeting with its agenda and minutes published: every public address below it exists."""
    meeting = make_meeting(board, london(2026, 8, 5, 14), hours=2, by=officer)
    services.agenda_start(meeting=meeting, by=officer)
    services.agenda_item_add(meeting=meeting, by=officer, title="Local Area Agreement", purpose="noting")
    services.agenda_item_add(
        meeting=meeting, by=officer, title="Staffing", confidential=True, exempt_paragraph=1, exempt_reason="Staff"
    )
    services.agenda_publish(meeting=meeting, by=officer, late_reason="Urgent business")
    services.meeting_hold(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    return meeting


@pytest.mark.parametrize("day", [*EXTREME_DAYS, "1899-12-31", "2101-01-01", "0000-01-01", "10000-01-01"])
def test_a_public_address_naming_an_impossible_day_is_not_found(client, minuted, day):
    for below in ["", "agenda.pdf", "minutes.pdf", "items/1/"]:
        response = client.get(f"/partnerships/testshire/board/{day}/{below}")
        assert response.status_code == 404, below
    for below in ["", "agenda.pdf", "minutes.pdf"]:  # the real day still answers
        assert client.get(f"/partnerships/testshire/board/2026-08-05/{below}").status_code == 200, below


@pytest.mark.parametrize(("day", "at"), [("9999-12-31", "23:00"), ("0001-01-01", "00:00"), ("1999-12-31", "14:00")])
def test_a_meeting_outside_the_years_meetings_are_held_is_refused_on_the_form(client, officer, board, day, at):
    client.force_login(officer)
    form = {"body_choice": board.pk, "date": day, "start_time": at, "duration": "180", "venue": "Hall"}
    response = client.post("/manage/testshire/meetings/new/", form)
    assert response.status_code == 200
    assert "Date of the meeting must be between 1 January 2000 and 31 December 2100" in error_summary(response)
    assert not Meeting.objects.exists()


def test_a_series_running_past_the_last_year_is_refused_before_the_preview(client, officer, board):
    client.force_login(officer)
    series = {"body": board.pk, "first_date": "2099-01-14", "every_months": "12", "rule": "same_weekday"}
    series |= {"count": "24", "start_time": "14:00", "duration": "120", "venue": "Hall"}
    response = client.post("/manage/testshire/meetings/schedule/", series)
    assert response.status_code == 200
    assert "after 31 December 2100" in error_summary(response)


def test_a_membership_may_have_started_long_ago_but_not_in_year_one(client, officer, board, council, member):
    client.force_login(officer)
    person = member.person
    url = f"/manage/testshire/register/people/{person.pk}/memberships/new/"
    seat = {"body": board.pk, "role": "member", "basis": "organisation", "organisation": council.pk}
    seat |= {"job_title": "Director", "starts_on": "0001-01-01"}
    response = client.post(url, seat)
    assert response.status_code == 200
    assert "must be between 1 January 1900 and 31 December 2100" in error_summary(response)


# -- Archive bombs --------------------------------------------------------------------------------

MEBIBYTE = 2**20


def odt_bomb(mebibytes: int = 200, *, declared: int | None = None) -> bytes:
    """An ODT whose `mimetype` member is `mebibytes` of zeros, deflated to a few hundred KB;
    `declared` overwrites the size the central directory declares for it (a lying archive)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("mimetype", "w") as member:
        member.write(b"application/vnd.oasis.opendocument.text")
        for _ in range(mebibytes):
            member.write(bytes(MEBIBYTE))
    data = bytearray(buffer.getvalue())
    if declared is not None:
        entry = data.rfind(b"PK\x01\x02")  # the one central directory entry; its size at +24
        data[entry + 24 : entry + 28] = struct.pack("<I", declared)
    return bytes(data)


def docx_with_members(count: int) -> bytes:
    """A real DOCX's two members and `count` empty ones: a central directory of megabytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for index in range(count):
            archive.writestr(f"m/{index}", b"")
    return buffer.getvalue()


def attach_measured(item, officer, name: str, content: bytes):
    """Attach a paper through the service: what it raised, its peak memory (bytes) and seconds."""
    paper = upload(name, content)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        services.report_file_attach(item=item, title="Paper", upload=paper, by=officer)
        outcome = None
    except Exception as error:  # what the service raised is what the test looks at
        outcome = error
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return outcome, peak, seconds


@pytest.mark.parametrize("declared", [None, 39], ids=["honest", "lying-about-its-size"])
def test_an_odt_bomb_is_refused_without_expanding_it(officer, future_meeting, declared):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Bombed")
    refused, peak, seconds = attach_measured(item, officer, "paper.odt", odt_bomb(declared=declared))
    assert "must be a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT)" in str(refused)
    assert peak < 10 * MEBIBYTE, f"peak memory {peak / MEBIBYTE:.0f} MiB"
    assert seconds < 5
    assert not ReportFile.objects.exists()


def test_an_archive_of_a_hundred_thousand_members_is_refused_without_reading_its_directory(officer, future_meeting):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Crowded")
    content = docx_with_members(100_000)
    refused, peak, _ = attach_measured(item, officer, "paper.docx", content)
    assert "must be a PDF, Word (DOCX)" in str(refused)
    assert peak < 2 * len(content), f"peak memory {peak / MEBIBYTE:.0f} MiB for {len(content) / MEBIBYTE:.0f} MiB"
    assert not ReportFile.objects.exists()


def test_real_papers_are_still_recognised(officer, future_meeting):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Fine")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    odt = services.report_file_attach(item=item, title="ODT", upload=upload("a.odt", buffer.getvalue()), by=officer)
    docx = services.report_file_attach(item=item, title="DOCX", upload=upload("a.docx", docx_bytes()), by=officer)
    assert (odt.kind, docx.kind) == (ReportFile.Kind.ODT, ReportFile.Kind.DOCX)


def test_an_officer_uploading_a_bomb_is_told_what_files_are_accepted(client, officer, future_meeting):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Bombed")
    client.force_login(officer)
    response = client.post(
        f"/manage/items/{item.pk}/papers/new/", {"title": "Paper", "upload": upload("paper.odt", odt_bomb(50))}
    )
    assert response.status_code == 200
    assert "must be a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT)" in error_summary(response)


# -- The sign-in lockout behind a proxy ------------------------------------------------------------

PROXY = "10.0.0.2"


def attempt(client, password, *, forwarded_for=None, remote=PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded_for:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post("/sign-in/", {"username": "officer", "password": password}, **extra)


def test_behind_the_proxy_an_attacker_elsewhere_cannot_lock_an_officer_out(client, officer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(10):  # a client-supplied address before the proxy's own is not trusted
        attempt(client, "wrong", forwarded_for="192.0.2.1, 203.0.113.5")
    assert attempt(client, "pw-officer", forwarded_for="203.0.113.5").status_code == 429
    assert attempt(client, "pw-officer", forwarded_for="198.51.100.7").status_code == 302


def test_without_a_trusted_proxy_the_forwarded_address_is_ignored(client, officer, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    for index in range(10):  # a different invented address each time does not escape the lock
        attempt(client, "wrong", forwarded_for=f"203.0.113.{index}", remote="192.0.2.50")
    assert attempt(client, "pw-officer", forwarded_for="198.51.100.7", remote="192.0.2.50").status_code == 429
    assert attempt(client, "pw-officer", remote="192.0.2.51").status_code == 302


def test_the_trusted_proxy_setting_is_checked_and_documented():
    from tests.partnership.test_settings import run_manage

    result = run_manage("check", DJANGO_TRUSTED_PROXY_COUNT="two")
    assert result.returncode != 0 and "DJANGO_TRUSTED_PROXY_COUNT" in result.stderr
    readme = (ROOT / "README.md").read_text()
    settings_source = (ROOT / "partnership" / "settings.py").read_text()
    for variable in sorted(set(re.findall(r"\"(DJANGO_[A-Z_]+)\"", settings_source))):
        assert f"`{variable}`" in readme, f"{variable} is not in the README's settings table"


# -- Private pages, the page cache, OPTIONS and TRACE ----------------------------------------------


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_staff_pages_and_signed_in_responses_are_never_stored(client, officer, partnership, future_meeting):
    assert {"private", "no-store"} <= directives(client.get("/sign-in/"))
    assert {"private", "no-store"} <= directives(client.get("/manage/"))  # the redirect to sign in too
    client.force_login(officer)
    for url in ["/manage/", f"/manage/meetings/{future_meeting.pk}/", "/partnerships/testshire/", "/"]:
        assert {"private", "no-store"} <= directives(client.get(url)), url


def test_public_pages_for_anonymous_visitors_keep_their_caching(client, partnership):
    assert "no-store" not in directives(client.get("/partnerships/testshire/"))


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_the_page_cache_stores_only_the_query_strings_a_page_uses(client, page_cache, board):
    for url in ["/partnerships/testshire/board/", "/partnerships/testshire/board/?page=1"]:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url
    for url in [
        "/partnerships/testshire/?flood=1",
        "/partnerships/testshire/board/?page=1&flood=2",
        "/partnerships/testshire/board/?page=x",
        "/partnerships/testshire/board/?page=123456789",
    ]:
        client.get(url)
        again = client.get(url)
        assert again.status_code == 200 and "X-Page-Cache" not in again, url


def test_options_and_trace_never_return_a_page(client, partnership):
    for url in ["/partnerships/testshire/", "/", "/manage/"]:
        trace = client.generic("TRACE", url)
        assert trace.status_code == 405 and trace.content == b"", url
        options = client.options(url)
        assert options.status_code == 200 and options.content == b"", url
        assert set(options["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS", "POST"}


# -- A failing PDF renderer -------------------------------------------------------------------------

RENDERER_FAILED = "The PDF could not be made, so nothing was published"


@pytest.fixture
def broken_renderer(monkeypatch):
    from weasyprint import HTML

    def broken(*args, **kwargs):
        raise RuntimeError("Pango is missing")

    monkeypatch.setattr(HTML, "write_pdf", broken)


def test_a_failing_renderer_when_publishing_an_agenda_is_a_message_not_a_server_error(
    client, officer, future_meeting, broken_renderer
):
    services.agenda_item_add(meeting=future_meeting, by=officer, title="An item")
    client.force_login(officer)
    response = client.post(f"/manage/meetings/{future_meeting.pk}/publish/", {"submit": "Publish the agenda"})
    assert response.status_code == 200
    assert RENDERER_FAILED in error_summary(response)
    assert not future_meeting.publications.exists()
    future_meeting.refresh_from_db()
    assert future_meeting.agenda_published_at is None


def test_a_failing_renderer_when_publishing_minutes_is_a_message_not_a_server_error(
    client, board, officer, chair, member, broken_renderer
):
    meeting = held_meeting(board, officer)
    minute_it(meeting, officer)
    client.force_login(officer)
    response = client.post(f"/manage/meetings/{meeting.pk}/minutes/publish/", follow=True)
    assert response.status_code == 200
    assert RENDERER_FAILED in text_of(html(response))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_DRAFTED and not meeting.minutes_publications.exists()


def test_a_failing_renderer_when_approving_or_correcting_minutes_is_a_message(
    client, board, officer, chair, member, monkeypatch
):
    from weasyprint import HTML

    meeting = held_meeting(board, officer)
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    next_meeting = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    monkeypatch.setattr(HTML, "write_pdf", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    client.force_login(chair)
    approve = {"at_meeting": next_meeting.pk, "corrections": ""}
    response = client.post(f"/manage/meetings/{meeting.pk}/minutes/approve/", approve)
    assert response.status_code == 200 and RENDERER_FAILED in error_summary(response)
    meeting.refresh_from_db()
    assert meeting.status != Meeting.Status.MINUTES_APPROVED and meeting.minutes_publications.count() == 1
    monkeypatch.undo()
    services.minutes_approve(meeting=meeting, at_meeting=next_meeting, corrections=[], by=chair)
    monkeypatch.setattr(HTML, "write_pdf", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    client.force_login(officer)
    response = client.post(f"/manage/meetings/{meeting.pk}/minutes/correct/", {"text": "Item 5: read “three”"})
    assert response.status_code == 200 and RENDERER_FAILED in error_summary(response)
    assert meeting.minutes_publications.count() == 2  # published, approved: no correction


def test_a_query_string_with_too_many_fields_is_a_plain_400_even_with_debug_on(client, partnership, settings):
    """Django's debug error page read the over-long query string again and failed: a 500 in `make run`."""
    settings.DEBUG = True
    flood = "&".join(f"a{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 500))
    for address in ("/partnerships/testshire/", "/manage/", "/sign-in/"):
        response = client.get(f"{address}?{flood}")
        assert response.status_code == 400, address
        assert b"Too many fields" in response.content
