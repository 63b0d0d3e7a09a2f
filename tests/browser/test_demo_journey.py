"""In the browser: from the public home, the demo built for today shows the board's next meeting
with its published agenda (an exempt item's neutral line, a cover report, a supplement) and the
recent meeting's draft minutes."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.data import build_demo

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_public_home_leads_to_the_published_upcoming_agenda_and_recent_minutes(
    live_server, page: Page, axe, settings
):
    settings.DEBUG = True
    build_demo(timezone.localdate())

    page.goto(f"{live_server.url}/")
    axe(page)
    page.get_by_role("link", name="Milton Keynes Children and Families Partnership").click()
    upcoming = page.locator("table tr", has_text="Children and Families Partnership Board").first
    upcoming.get_by_role("link").click()
    axe(page)
    expect(page.get_by_role("heading", name="Agenda", exact=True)).to_be_visible()
    agenda = page.get_by_test_id("public-agenda")
    expect(agenda).to_contain_text("1. Apologies for absence")
    expect(agenda).to_contain_text("2. Declarations of interest")
    expect(agenda).to_contain_text("3. Minutes of the previous meeting")
    expect(agenda).to_contain_text("8. Short breaks service: contract award")
    expect(agenda).to_contain_text("Exempt information: information relating to the financial or business affairs")
    expect(agenda).not_to_contain_text("prices they tendered")
    expect(page.get_by_text("Supplement 1, published")).to_be_visible()
    expect(agenda.get_by_role("link", name="Annex A: Children and Young People's Plan")).to_be_visible()

    agenda.get_by_role("link", name="Children and Young People's Plan").first.click()
    expect(page.get_by_text("Councillor Sandra Clark")).to_be_visible()
    axe(page)

    page.go_back()
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Children and Families Partnership Board"
    ).click()
    axe(page)
    page.locator("main li", has_text="Draft minutes").get_by_role("link").click()
    expect(page.get_by_test_id("minutes-status")).to_have_text("Draft — subject to approval")
    expect(page.get_by_test_id("minutes")).to_contain_text("be approved as a correct record")
    axe(page)
