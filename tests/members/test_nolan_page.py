"""The public page of the seven principles of public life: the principles with their
descriptions, the undertaking in the partnership's words, and who has signed it and when."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Body
from commissions import services as commission_services
from core.audit import save_audited
from members import services
from members.models import NOLAN_PRINCIPLES, Membership
from tests.conftest import html, make_member, make_user, seat_user, text_of

pytestmark = pytest.mark.django_db
ALL = [name for name, _ in NOLAN_PRINCIPLES]
URL = "/partnerships/testshire/nolan-principles/"


def sign(person, partnership, on=dt.date(2026, 2, 3)):
    return services.undertaking_sign(person=person, partnership=partnership, acknowledged=ALL, by=None, on=on)


def test_the_page_sets_out_the_seven_principles_with_the_committees_descriptions(client, partnership):
    page = html(client.get(URL))
    assert text_of(page.select_one("h1")) == "The seven principles of public life"
    listed = [text_of(h) for h in page.select("[data-testid=nolan-principles] h3")]
    assert listed == [
        "1. Selflessness",
        "2. Integrity",
        "3. Objectivity",
        "4. Accountability",
        "5. Openness",
        "6. Honesty",
        "7. Leadership",
    ]
    descriptions = [text_of(p) for p in page.select("[data-testid=nolan-principles] p")]
    assert descriptions[0] == "Holders of public office should act solely in terms of the public interest."
    assert descriptions[5] == "Holders of public office should be truthful."
    assert "Committee on Standards in Public Life" in text_of(page)


def test_the_undertaking_is_the_partnerships_own_words_and_is_what_members_sign(client, partnership, board, council):
    standard = text_of(html(client.get(URL)).select_one("[data-testid=undertaking-text]"))
    assert standard.startswith("I undertake to uphold the seven principles of public life")
    assert partnership.name in standard

    partnership.nolan_undertaking = "As a member of the Testshire partnership I will uphold these principles."
    save_audited(partnership, by=None, reason="Undertaking worded")
    page = html(client.get(URL))
    assert text_of(page.select_one("[data-testid=undertaking-text]")) == partnership.nolan_undertaking
    seat = make_member(board, council, "Sam", "Signer")
    signed = sign(seat.person, partnership)
    assert signed.text_signed.startswith(partnership.nolan_undertaking)


def test_members_who_signed_are_listed_with_the_day_they_last_signed(client, partnership, board, council):
    seat_user(make_user("ann", "Ann", "Able"), board, council)  # signed on 5 January 2026
    again = make_member(board, council, "Ben", "Bright")
    sign(again.person, partnership, on=dt.date(2026, 2, 3))
    sign(again.person, partnership, on=dt.date(2026, 11, 30))
    make_member(board, council, "Cal", "Unsigned")
    page = html(client.get(URL))
    table = page.select("[data-testid=signatories] tbody tr")
    rows = [[text_of(cell) for cell in row.select("th, td")] for row in table]
    assert rows == [["Ann Able", "Monday 5 January 2026"], ["Ben Bright", "Monday 30 November 2026"]]
    link = page.select_one("[data-testid=signatories] tbody a")["href"]
    assert link == "/partnerships/testshire/members/ann-able/"


def test_no_one_the_public_may_not_read_about_is_listed(client, partnership, board, council, officer, other_officer):
    gone = make_member(board, council, "Gone", "Before", starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2021, 1, 1))
    sign(gone.person, partnership)
    commission = commission_services.commission_propose(
        partnership=partnership,
        title="Secret Proposal Commission",
        issue="i",
        remit="r",
        focus_areas=[],
        members=[],
        starts_on=dt.date(2027, 1, 4),
        ends_on=dt.date(2027, 6, 30),
        participation_strategy="",
        by=officer,
    )
    proposed = make_member(commission.body, None, "Pro", "Posed", basis=Membership.Basis.EXPERTISE)
    sign(proposed.person, partnership)
    elsewhere = Body.objects.get(partnership__slug="elsewhere")
    outside = make_member(elsewhere, None, "Else", "Where", basis=Membership.Basis.EXPERTISE)
    sign(outside.person, elsewhere.partnership)
    page = text_of(html(client.get(URL)))
    assert "No member has signed the undertaking yet." in page
    for name in ("Gone Before", "Pro Posed", "Else Where"):
        assert name not in page
    assert "Else Where" in text_of(html(client.get("/partnerships/elsewhere/nolan-principles/")))


def test_member_pages_the_partnership_page_and_the_footer_link_to_it(client, partnership, board, council):
    seat = make_member(board, council, "Ann", "Able")
    member_page = html(client.get(f"/partnerships/testshire/members/{seat.person.slug}/"))
    undertaking = member_page.select_one("[data-testid=undertaking]")
    assert undertaking.select_one("a")["href"] == URL
    partnership_page = html(client.get("/partnerships/testshire/"))
    assert URL in [a["href"] for a in partnership_page.select("main a")]
    assert URL in [a["href"] for a in partnership_page.select("footer a")]


def test_an_unknown_partnership_has_no_such_page(client, partnership):
    assert client.get("/partnerships/nowhere/nolan-principles/").status_code == 404


def test_the_page_reads_the_same_queries_however_many_have_signed(client, partnership, board, council):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    for n in range(3):
        sign(make_member(board, council, f"Early{n}", "Signer").person, partnership)
    small = queries()
    for n in range(60):
        sign(make_member(board, council, f"Late{n:02d}", "Signer").person, partnership)
    # partnership; the signatories counted for the pages; the page of signatories.
    assert small == queries() == 3
    second = html(client.get(URL + "?page=2"))
    assert len(second.select("[data-testid=signatories] tbody tr")) == 13
