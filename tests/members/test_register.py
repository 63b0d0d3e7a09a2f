"""The register: composition against the constitution, undertakings, interests, and what the
public sees of a member."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Body
from core.audit import save_audited
from members import register, services
from members.models import NOLAN_PRINCIPLES, InterestEntry, Membership, Organisation
from tests.conftest import html, make_member, make_user, seat_user, text_of

pytestmark = pytest.mark.django_db
ALL = [name for name, _ in NOLAN_PRINCIPLES]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", "--quiet-sign-ins")


def gaps(board) -> list[str]:
    return [rule.name for rule in register.composition(board) if not rule.met]


def test_composition_of_the_seed_board_lists_its_gaps(demo):
    board = Body.objects.get(partnership__slug="milton-keynes", kind="board")
    assert gaps(board) == [
        "Thames Valley Probation (duty to cooperate, Children Act 2004 s.10)",
        "One representative of the Conservative Group",
        "One representative of the Labour Group",
        "One representative of the Liberal Democrat Group",
        "The chair of the Safeguarding Children Board",
        "Youth Cabinet representation",
    ]


def test_composition_on_a_board_with_gaps_and_then_complete(board, council, partnership):
    assert "Testshire Council (duty to cooperate, Children Act 2004 s.10)" in gaps(board)
    make_member(board, council, "Dee", "Director")
    party = save_audited(
        Organisation(partnership=partnership, name="Green Group", sector="political_party"), by=None, reason="t"
    )
    for given, basis, organisation in [
        ("Cab", "cabinet_member", council),
        ("Safe", "safeguarding_chair", None),
        ("Youth", "youth_cabinet", None),
        ("Party", "political_party", party),
    ]:
        make_member(board, organisation, given, "Seat", basis=basis)
    assert gaps(board) == []
    make_member(board, party, "Second", "Green", basis="political_party")
    rule = next(r for r in register.composition(board) if "Green Group" in r.name)
    assert not rule.met and rule.detail == "2 representatives: one is expected"


def test_overlapping_memberships_end_before_start_and_a_second_chair_are_refused(client, officer, board, council):
    seat = make_member(board, council, "Ann", "Seat", role="chair")
    client.force_login(officer)
    url = f"/manage/testshire/register/people/{seat.person.pk}/memberships/new/"
    base = {
        "body": board.pk,
        "role": "chair",
        "basis": "organisation",
        "organisation": council.pk,
        "voting": "on",
        "starts_on": "2026-06-01",
        "job_title": "Kept title",
    }
    response = client.post(url, base)
    soup = html(response)
    assert "already holds this role" in text_of(soup.select_one(".govuk-error-summary"))
    assert soup.select_one("#id_job_title")["value"] == "Kept title"
    assert "cannot end before it starts" in text_of(
        html(client.post(url, {**base, "role": "member", "ends_on": "2026-01-01"}))
    )
    other = make_member(board, council, "Bob", "Other")
    response = client.post(f"/manage/testshire/register/people/{other.person.pk}/memberships/new/", base)
    assert "already has a chair" in text_of(html(response))
    assert Membership.objects.filter(role="chair").count() == 1


def test_undertaking_cycle_due_overdue_renewed_and_the_signed_text_kept(partnership, board, council):
    user = make_user("newbie", "Nia", "New")
    seat = seat_user(user, board, council, signed=False)
    status = next(s for s in register.member_statuses(partnership) if s.person == seat.person)
    assert status.last_signed is None and status.undertaking_state == "overdue"  # joined 1 January 2026
    undertaking = services.undertaking_sign(
        person=seat.person, partnership=partnership, acknowledged=ALL, by=user, on=dt.date.today()
    )
    assert undertaking.text_signed.startswith("I undertake to uphold the seven principles of public life")
    status = next(s for s in register.member_statuses(partnership) if s.person == seat.person)
    assert status.undertaking_state == "signed"
    # A year on it is due again; the text signed stays as it was even if the wording changes later.
    old = services.undertaking_sign(
        person=seat.person,
        partnership=partnership,
        acknowledged=ALL,
        by=user,
        on=dt.date.today() - dt.timedelta(days=370),
    )
    # The clock moving on is asked of the register (its `on`), not simulated by removing a signature.
    a_year_on = dt.date.today() + dt.timedelta(days=370)
    status = next(s for s in register.member_statuses(partnership, on=a_year_on) if s.person == seat.person)
    assert status.undertaking_state == "overdue"
    old.refresh_from_db()
    assert (
        "Selflessness: Holders of public office should act solely in terms of the public interest." in old.text_signed
    )
    with pytest.raises(Exception, match="Acknowledge each of the seven principles: Leadership"):
        services.undertaking_sign(person=seat.person, partnership=partnership, acknowledged=ALL[:-1], by=user)


def test_new_member_is_asked_to_sign_at_first_sign_in_and_officer_can_remind(
    client, partnership, board, council, officer
):
    user = make_user("newbie", "Nia", "New")
    seat = seat_user(user, board, council, signed=False)
    seat.person.email = "nia@example.org"
    services.person_save(person=seat.person, by=officer)
    client.force_login(user)
    response = client.get("/manage/")
    assert response.status_code == 302 and response["Location"] == "/manage/testshire/undertaking/"
    client.force_login(officer)
    client.post(f"/manage/testshire/register/people/{seat.person.pk}/remind/")
    assert mail.outbox[0].to == ["nia@example.org"] and "Nolan undertaking" in mail.outbox[0].subject
    client.force_login(user)
    form = html(client.get("/manage/testshire/undertaking/"))
    assert [text_of(label) for label in form.select("label")][:1] == [
        "Selflessness: Holders of public office should act solely in terms of the public interest."
    ]
    response = client.post("/manage/testshire/undertaking/", {"acknowledged": ALL[:3]})
    assert "Acknowledge each of the seven principles" in text_of(html(response))
    client.post("/manage/testshire/undertaking/", {"acknowledged": ALL})
    assert client.get("/manage/").status_code == 200


def test_register_is_late_after_28_days_and_sensitive_interests_are_withheld_publicly(
    client, partnership, board, council, member
):
    person = member.person
    status = next(s for s in register.member_statuses(partnership) if s.person == person)
    assert status.register_late  # joined 1 January 2026, nothing confirmed
    client.force_login(member)
    client.post(
        "/manage/testshire/interests/new/",
        {
            "category": "employment",
            "description": "Trustee",
            "organisation_name": "YMCA Testshire",
            "registered_on": "2026-02-01",
        },
    )
    client.post(
        "/manage/testshire/interests/new/",
        {
            "category": "land",
            "description": "SECRET-HOME-ADDRESS 1 Secret Road",
            "sensitive": "on",
            "registered_on": "2026-02-01",
        },
    )
    client.post("/manage/testshire/interests/confirm/")
    status = next(s for s in register.member_statuses(partnership) if s.person == person)
    assert not status.register_late
    client.logout()
    page = client.get(f"/partnerships/testshire/members/{person.slug}/")
    interests = text_of(html(page).select_one("[data-testid=interests]"))
    assert "Trustee (YMCA Testshire)" in interests
    assert "a sensitive interest is registered; its details are withheld" in interests
    assert b"SECRET" not in page.content


def test_public_pages_show_no_private_contact_details(client, partnership, board, council, officer):
    seat = make_member(board, council, "Priv", "Ate")
    seat.person.email, seat.person.phone = "private@example.org", "07700 900123"
    services.person_save(person=seat.person, by=officer)
    for url in [
        "/partnerships/testshire/members/",
        "/partnerships/testshire/board/members/",
        f"/partnerships/testshire/members/{seat.person.slug}/",
        "/partnerships/testshire/",
    ]:
        body = client.get(url).content
        assert b"private@example.org" not in body and b"07700 900123" not in body, url


def test_interests_that_may_touch_an_agenda_are_shown_to_the_member(client, member, officer, future_meeting):
    from meetings import services as meeting_services

    save_audited(
        InterestEntry(
            person=member.person,
            partnership=future_meeting.body.partnership,
            category="other",
            description="Trustee",
            organisation_name="YMCA Testshire",
            registered_on=dt.date(2026, 2, 1),
        ),
        by=None,
        reason="t",
    )
    meeting_services.agenda_item_add(meeting=future_meeting, by=officer, title="YMCA youth work contract")
    meeting_services.agenda_publish(meeting=future_meeting, by=officer)
    client.force_login(member)
    shown = html(client.get(f"/manage/meetings/{future_meeting.pk}/")).select_one("[data-testid=my-interests]")
    assert shown is not None and "YMCA Testshire" in text_of(shown)


def test_officer_of_another_partnership_cannot_open_the_register(client, other_officer, member, partnership):
    client.force_login(other_officer)  # outside the partnership: for them the register does not exist
    assert client.get("/manage/testshire/register/").status_code == 404
    assert client.get(f"/manage/testshire/register/people/{member.person.pk}/").status_code == 404
    client.force_login(member)
    assert client.get("/manage/testshire/register/").status_code == 403


def test_public_membership_pages_queries_do_not_grow(client, partnership, board, council):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    first = make_member(board, council, "First", "Member")
    for n in range(2):
        make_member(board, council, f"G{n}", f"F{n}")
    urls = [
        "/partnerships/testshire/members/",
        "/partnerships/testshire/board/members/",
        f"/partnerships/testshire/members/{first.person.slug}/",
    ]
    small = [count(url) for url in urls]
    for n in range(2, 25):
        make_member(board, council, f"G{n}", f"F{n}")
    large = [count(url) for url in urls]
    # membership: partnership; bodies with their counts.
    # a body's members: body with partnership; count; the page of memberships with people and organisations.
    # member: person with partnership; memberships; interests; named deputy for; undertaking;
    # declarations; attendance counted for its pages (none here, so no page to read).
    assert small == large == [2, 3, 7]


def test_the_public_reads_each_bodys_members_fifty_to_a_page(client, partnership, board, council):
    for n in range(55):
        make_member(board, council, f"Given{n:02d}", f"Family{n:02d}")
    overview = html(client.get("/partnerships/testshire/members/"))
    row = overview.select_one("[data-testid=bodies] tbody tr")
    assert [text_of(cell) for cell in row.select("td")] == ["Testshire Board", "Partnership board", "55"]

    first = html(client.get(row.select_one("a")["href"]))
    names = [text_of(a) for a in first.select("[data-testid=membership] tbody a")]
    assert len(names) == 50 and names[0] == "Given00 Family00"
    second = html(client.get("/partnerships/testshire/board/members/" + first.select_one("a[rel=next]")["href"]))
    assert [text_of(a) for a in second.select("[data-testid=membership] tbody a")] == [
        f"Given{n} Family{n}" for n in range(50, 55)
    ]
    assert client.get("/partnerships/testshire/board/members/?page=99").status_code == 200  # the last page


def test_officer_dashboard_shows_who_is_late(client, officer, partnership, board, council):
    seat_user(make_user("late", "Lee", "Late"), board, council, signed=False)
    client.force_login(officer)
    late = text_of(html(client.get("/manage/")).select_one("[data-testid=register-late]"))
    assert "1 member overdue to sign the Nolan undertaking" in late
    assert "1 register of interests overdue (28 days from joining)" in late and late.endswith("Lee Late")


def test_officer_names_a_deputy_for_an_organisations_seat(client, officer, partnership, board, council):
    deputy = make_member(board, council, "Dep", "Uty").person
    client.force_login(officer)
    url = f"/manage/testshire/register/organisations/{council.pk}/deputies/new/"
    assert client.post(url, {"body": board.pk, "person": deputy.pk}).status_code == 302
    assert "already a named deputy" in text_of(html(client.post(url, {"body": board.pk, "person": deputy.pk})))
    page = text_of(html(client.get("/manage/testshire/register/")))
    assert "Deputies: Dep Uty (Testshire Board)" in page


def test_members_appointed_to_start_later_are_listed_from_their_start(client, partnership, board, council):
    make_member(board, council, "Serving", "Now", starts_on=dt.date(2026, 1, 1))
    make_member(board, council, "Starting", "Later", starts_on=dt.date(2099, 1, 4))
    make_member(board, council, "Gone", "Before", starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2021, 1, 1))
    page = html(client.get("/partnerships/testshire/board/members/"))
    rows = {text_of(row.select_one("a")): text_of(row) for row in page.select("[data-testid=membership] tbody tr")}
    assert set(rows) == {"Serving Now", "Starting Later"}
    assert "Since 1 January 2026" in rows["Serving Now"] and "From 4 January 2099" in rows["Starting Later"]
    overview = html(client.get("/partnerships/testshire/members/"))
    assert text_of(overview.select("[data-testid=bodies] tbody td")[-1]) == "2"


def test_officer_dashboard_names_the_first_five_late_registers_and_counts_the_rest(client, officer, board, council):
    for n in range(7):
        seat_user(make_user(f"late{n}", f"Lee{n}", "Late"), board, council, signed=False)
    client.force_login(officer)
    late = text_of(html(client.get("/manage/")).select_one("[data-testid=register-late]"))
    assert "7 registers of interests overdue" in late
    assert late.endswith("Lee0 Late, Lee1 Late, Lee2 Late, Lee3 Late, Lee4 Late and 2 more")
