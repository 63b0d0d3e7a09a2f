"""In the browser, signed out: from a member's page to the seven principles of public life and who
has signed the undertaking; a commission established but not yet started says so, and how it was
established; the browser's own request for /favicon.ico finds an icon."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from commissions import services as commission_services
from core.audit import save_audited
from tests.conftest import make_user, seat_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_goes_from_a_member_page_to_the_nolan_principles(live_server, page: Page, axe, board, council):
    seat_user(make_user("signed", "Sian", "Signed"), board, council)  # signed on 5 January 2026
    page.goto(f"{live_server.url}/partnerships/testshire/members/sian-signed/")
    expect(page.get_by_test_id("undertaking")).to_contain_text("Last signed on Monday 5 January 2026")
    page.get_by_role("link", name="The seven principles of public life and the undertaking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The seven principles of public life")
    principles = page.get_by_test_id("nolan-principles").get_by_role("heading", level=3)
    expect(principles).to_have_count(7)
    expect(principles.first).to_have_text("1. Selflessness")
    expect(page.get_by_test_id("nolan-principles")).to_contain_text("Holders of public office should be truthful.")
    expect(page.get_by_test_id("undertaking-text")).to_contain_text("I undertake to uphold the seven principles")
    signatories = page.get_by_test_id("signatories")
    expect(signatories).to_contain_text("Sian Signed")
    expect(signatories).to_contain_text("Monday 5 January 2026")
    axe(page)
    signatories.get_by_role("link", name="Sian Signed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sian Signed")
    page.get_by_role("contentinfo").get_by_role("link", name="The Nolan principles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The seven principles of public life")


def test_a_commission_before_its_start_date_says_when_it_starts_and_how_it_was_established(
    live_server, page: Page, axe, partnership, chair, member
):
    partnership.chair_may_establish_commissions = True
    save_audited(partnership, by=None, reason="Delegated to the chair")
    commission = commission_services.commission_propose(
        partnership=partnership,
        title="Early Help Commission",
        issue="Help comes late.",
        remit="Review early help.",
        focus_areas=list(partnership.focus_areas.all()),
        members=[member.person],
        chair=chair.person,
        starts_on=dt.date(2027, 1, 4),
        ends_on=dt.date(2027, 9, 30),
        participation_strategy="Workshops with families",
        by=chair,
    )
    commission_services.commission_establish(
        commission=commission, resolution=None, by_chair=True, established_on=dt.date(2026, 11, 16), by=chair
    )
    page.goto(f"{live_server.url}/partnerships/testshire/commissions/")
    listed = page.get_by_test_id("commission-list")
    expect(listed).to_contain_text("Established — starts on 4 January 2027")
    expect(listed).not_to_contain_text("Active")
    axe(page)
    listed.get_by_role("link", name="Early Help Commission").click()
    expect(page.get_by_test_id("status")).to_have_text("Established — starts on 4 January 2027")
    expect(page.get_by_test_id("chair")).to_have_text("Cara Chair, from 4 January 2027")
    expect(page.get_by_test_id("established")).to_contain_text("On 16 November 2026, by the chair's delegated decision")
    axe(page)


def test_the_browsers_request_for_favicon_ico_finds_an_icon(live_server, page: Page):
    response = page.goto(f"{live_server.url}/favicon.ico")
    assert response.ok and response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert response.request.redirected_from.url.endswith("/favicon.ico")
    assert response.body()[:4] == b"\x00\x00\x01\x00"
