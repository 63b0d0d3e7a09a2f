"""In the browser: a named deputy substitutes for a member; the vice-chair presides and the chair
takes one item; a declaration on an exempt item reaches the public minutes and the member's page."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from core.audit import save_audited
from meetings import services
from members.models import Membership, Organisation
from tests.conftest import make_member, make_person
from tests.meetings.minutes_helpers import held_meeting

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, live_server, officer) -> None:
    officer.set_password("officer-password")
    officer.save()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("officer-password")
    page.get_by_role("button", name="Sign in").click()


def test_a_named_deputy_substitutes_for_a_member(live_server, page: Page, axe, partnership, board, officer, chair):
    police = save_audited(
        Organisation(partnership=partnership, name="Thames Valley Police", sector=Organisation.Sector.POLICE),
        by=officer,
        reason="test",
    )
    make_member(board, police, "John", "Liversidge", job_title="Chief Superintendent")
    make_person("Jane", "Doe", partnership=partnership)
    meeting = held_meeting(board, officer)
    sign_in(page, live_server, officer)

    page.goto(f"{live_server.url}/manage/testshire/register/")
    page.get_by_role("link", name="name a deputy for Thames Valley Police").click()
    page.get_by_label("Deputy").select_option(label="Jane Doe")
    page.get_by_role("button", name="Name the deputy").click()
    page.get_by_role("link", name="Thames Valley Police", exact=True).click()
    expect(page.get_by_test_id("deputies")).to_contain_text("Jane Doe, deputy on the Testshire Board")
    axe(page)

    page.goto(f"{live_server.url}/manage/meetings/{meeting.pk}/minutes/")
    page.get_by_role("link", name="Record attendance").click()
    page.get_by_role("group", name="John Liversidge").get_by_label("Substitute").check()
    substitute = page.get_by_label("Substitute for John Liversidge", exact=True)
    expect(substitute.locator("optgroup").first).to_have_attribute("label", "Named deputies for Thames Valley Police")
    substitute.select_option(label="Jane Doe")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_test_id("present")).to_contain_text(
        "Jane Doe (substitute for John Liversidge, Thames Valley Police)"
    )
    expect(page.get_by_test_id("apologies")).to_contain_text("John Liversidge")
    axe(page)


def test_the_vice_chair_presides_and_the_chair_takes_one_item(
    live_server, page: Page, axe, partnership, board, council, officer, chair
):
    make_member(board, council, "Vera", "Vice", role=Membership.Role.VICE_CHAIR, job_title="Director")
    make_person("Clara", "Clerk", partnership=partnership)
    meeting = held_meeting(board, officer)
    sign_in(page, live_server, officer)

    page.goto(f"{live_server.url}/manage/meetings/{meeting.pk}/attendance/")
    chair_field = page.get_by_label("Who was in the chair?")
    expect(chair_field.locator("option:checked")).to_have_text("Cara Chair")  # the body's chair by default
    page.get_by_role("group", name="Cara Chair").get_by_label("Apologies").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("link", name="Cara Chair is not recorded as present")).to_be_visible()
    axe(page)

    page.get_by_role("group", name="Cara Chair").get_by_label("Present").check()
    chair_field.select_option(label="Vera Vice")
    page.get_by_label("In the chair for item 5").select_option(label="Cara Chair")
    page.get_by_label("Who took the minutes?").select_option(label="Clara Clerk")
    page.get_by_role("button", name="Save attendance").click()
    present = page.get_by_test_id("present")
    expect(present).to_contain_text("Vera Vice — Director — Testshire Council (Chair)")
    expect(present).to_contain_text("Cara Chair — Chair — Testshire Council (In the chair for item 5)")
    expect(page.get_by_test_id("item-chair")).to_have_text("In the chair for item 5: Cara Chair.")
    expect(page.get_by_test_id("minutes-taken-by")).to_have_text("Minutes taken by Clara Clerk.")
    axe(page)


def test_a_declaration_on_an_exempt_item_is_public(live_server, page: Page, axe, board, officer, chair, member):
    meeting = held_meeting(board, officer)
    entries = [(m, "present", None) for m in services.members_expected(meeting)]
    services.attendance_record(meeting=meeting, entries=entries, by=officer)
    services.meeting_close_time(meeting=meeting, closed_at=dt.time(15, 40), by=officer)
    sign_in(page, live_server, officer)

    page.goto(f"{live_server.url}/manage/meetings/{meeting.pk}/minutes/")
    page.get_by_role("link", name="Record a declaration on item 6").click()
    page.get_by_label("Who declared an interest?").select_option(label="Mo Member")
    page.get_by_label("Disclosable pecuniary interest").check()
    page.get_by_label("The nature of the interest").fill("Director of a bidding company")
    page.get_by_label("Left the room for this item").check()
    page.get_by_role("button", name="Record the declaration").click()
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_text("The minutes have been published")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/partnerships/testshire/board/2026-10-07/")
    exempt = page.get_by_test_id("minutes-item").filter(has_text="Exempt item:")
    expect(exempt).to_contain_text("Exempt item: information relating to an individual (paragraph 1)")
    expect(exempt.get_by_test_id("declaration")).to_have_text(
        "Mo Member declared a disclosable pecuniary interest: Director of a bidding company, "
        "and left the room for this item."
    )
    expect(page.locator("body")).not_to_contain_text("SECRET")
    axe(page)
    page.goto(f"{live_server.url}/partnerships/testshire/members/{member.person.slug}/")
    declarations = page.get_by_test_id("declarations")
    expect(declarations).to_contain_text("item 6 (Exempt item: information relating to an individual (paragraph 1))")
    expect(declarations).to_contain_text("Director of a bidding company; left the room")
    expect(page.locator("body")).not_to_contain_text("SECRET")
    axe(page)
