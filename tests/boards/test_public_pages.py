"""What an anonymous visitor reads: the partnerships, their vision, focus areas, board and meetings."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Body, Partnership, Principle, PrincipleAim
from core.audit import delete_audited, save_audited
from meetings.models import AgendaItem, Meeting
from members.models import Membership, Organisation
from tests.conftest import html, london, make_meeting, make_member, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def _frozen_today(monkeypatch):
    """Pages compute "current" and "upcoming" from today: fix it inside the test data's range."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: london(2026, 11, 22, 12))


def test_home_lists_every_partnership(client, partnership):
    save_audited(
        Partnership(name="Derby Partnership", slug="derby", area="Derby", vision="A vision"), by=None, reason="t"
    )
    soup = html(client.get("/"))
    links = {a.get_text(strip=True): a["href"] for a in soup.select("main h2 a")}
    assert links == {
        "Derby Partnership": "/partnerships/derby/",
        "Testshire Children and Families Partnership": "/partnerships/testshire/",
    }


@pytest.mark.usefixtures("_frozen_today")
def test_partnership_page_shows_vision_focus_areas_board_by_organisation_and_upcoming_meetings(
    client, partnership, board, council
):
    police = save_audited(
        Organisation(partnership=partnership, name="Testshire Police", sector="police", duty_to_cooperate=True),
        by=None,
        reason="t",
    )
    make_member(
        board,
        council,
        "Cara",
        "Chair",
        role=Membership.Role.CHAIR,
        job_title="Corporate Director",
        starts_on=dt.date(2026, 1, 1),
    )
    make_member(board, police, "Pat", "Constable", job_title="Chief Superintendent")
    make_member(board, council, "Gone", "Before", ends_on=dt.date(2026, 3, 1))
    make_meeting(board, london(2027, 1, 13, 14))
    make_meeting(board, london(2026, 9, 9, 14))  # past: not listed as upcoming

    response = client.get("/partnerships/testshire/")
    assert response.status_code == 200
    soup = html(response)
    assert soup.select_one("h1").get_text(strip=True) == partnership.name
    assert partnership.name in soup.select_one("header").get_text()
    assert [li.get_text(strip=True) for li in soup.select("[data-testid=focus-areas] li")] == [
        "Early years",
        "Public safety",
    ]
    groups = {
        h3.get_text(strip=True): [" ".join(li.get_text().split()) for li in h3.find_next("ul").select("li")]
        for h3 in soup.select("#board-membership ~ h3")
    }
    assert groups == {
        "Testshire Council": ["Cara Chair, Corporate Director (Chair)"],
        "Testshire Police": ["Pat Constable, Chief Superintendent"],
    }
    rows = [" ".join(row.get_text(" ").split()) for row in soup.select("#upcoming-meetings + div table tbody tr")]
    assert rows == ["Wednesday 13 January 2027, 2pm Testshire Board Civic Offices"]


def test_public_pages_carry_no_private_contact_details_or_draft_agenda(client, partnership, board, council):
    seat = make_member(board, council, "Private", "Person")
    seat.person.email = "private.person@example.org"
    seat.person.phone = "01234 567890"
    save_audited(seat.person, by=None, reason="contact details")
    meeting = make_meeting(board, london(2027, 1, 13, 14))
    save_audited(AgendaItem(meeting=meeting, position=1, title="DRAFT-ITEM-MARKER"), by=None, reason="t")
    save_audited(
        AgendaItem(meeting=meeting, position=2, title="CONFIDENTIAL-MARKER", confidential=True, exempt_paragraph=1),
        by=None,
        reason="t",
    )
    for url in ["/", "/partnerships/testshire/"]:
        body = client.get(url).content.decode()
        for secret in ["private.person@example.org", "01234 567890", "DRAFT-ITEM-MARKER", "CONFIDENTIAL-MARKER"]:
            assert secret not in body, (url, secret)


def test_cancelled_meeting_stays_visible_marked_cancelled(client, partnership, board, _frozen_today):
    make_meeting(board, london(2027, 1, 13, 14), status=Meeting.Status.CANCELLED, cancellation_reason="Snow")
    soup = html(client.get("/partnerships/testshire/"))
    assert "Cancelled" in text_of(soup.select_one("#upcoming-meetings + div table"))


def test_unknown_partnership_is_a_clear_404(client, db):
    response = client.get("/partnerships/nowhere/")
    assert response.status_code == 404
    assert "Page not found" in text_of(html(response))


def add_organisations_with_members_and_meetings(partnership, numbers: range) -> None:
    board = partnership.bodies.get(kind=Body.Kind.BOARD)
    for n in numbers:
        organisation = save_audited(
            Organisation(partnership=partnership, name=f"Organisation {n}", sector="health"), by=None, reason="t"
        )
        for m in range(3):
            make_member(board, organisation, f"Given{n}x{m}", f"Family{n}x{m}")
        make_meeting(board, london(2027, 1, 1, 10) + dt.timedelta(days=7 * n))


@pytest.mark.usefixtures("_frozen_today")
def test_partnership_page_runs_the_same_queries_at_ten_times_the_size(client, partnership, board):
    principle = save_audited(Principle(partnership=partnership, number=1, title="Openness"), by=None, reason="t")
    save_audited(PrincipleAim(principle=principle, position=1, text="Build trust"), by=None, reason="t")
    add_organisations_with_members_and_meetings(partnership, range(2))
    with CaptureQueriesContext(connection) as small:
        assert client.get("/partnerships/testshire/").status_code == 200
    add_organisations_with_members_and_meetings(partnership, range(2, 20))
    with CaptureQueriesContext(connection) as large:
        assert client.get("/partnerships/testshire/").status_code == 200
    # partnership; its board's name; focus areas; principles with their aims; the board's seats
    # with people and organisations; upcoming meetings with their bodies.
    assert len(small) == len(large) == 6, [q["sql"] for q in large.captured_queries]


def test_partnership_page_lists_principles_in_order_with_their_aims(client, partnership):
    save_audited(Principle(partnership=partnership, number=2, title="Listening"), by=None, reason="t")  # no aims
    first = save_audited(Principle(partnership=partnership, number=1, title="Openness"), by=None, reason="t")
    save_audited(PrincipleAim(principle=first, position=2, text="Publish decisions"), by=None, reason="t")
    save_audited(PrincipleAim(principle=first, position=1, text="Build trust"), by=None, reason="t")
    soup = html(client.get("/partnerships/testshire/"))
    headings = [text_of(h3) for h3 in soup.select("#principles ~ h3")]
    assert headings[:2] == ["Principle 1: Openness", "Principle 2: Listening"]
    aims = soup.select_one("#principles ~ ul.govuk-list--bullet")
    assert [text_of(li) for li in aims.select("li")] == ["Build trust", "Publish decisions"]


def test_a_partnership_yet_to_set_its_focus_and_principles_shows_no_empty_sections(client, partnership, officer):
    for area in partnership.focus_areas.all():  # kept by an administrator: no service of their own
        delete_audited(area, by=officer, reason="Focus area removed")
    soup = html(client.get("/partnerships/testshire/"))
    headings = [text_of(h2) for h2 in soup.select("h2")]
    assert "What we focus on" not in headings and "Our principles" not in headings
    assert "huge impact on life chances" not in text_of(soup)
    assert "Our vision" in headings and "Upcoming meetings" in headings
