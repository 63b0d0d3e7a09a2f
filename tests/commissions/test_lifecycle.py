"""A commission's life: proposed, established, staffed, time-limited, recommending, reporting, closed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissions import services
from commissions.models import Commission, Recommendation
from core.audit import save_audited
from meetings.services.minutes import minutes_publish, resolution_add
from members.models import Membership
from tests.commissions.helpers import make_commission
from tests.conftest import html, make_member, text_of
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "title": "Child Poverty Commission",
    "issue": "Too many children grow up in poverty.",
    "remit": "Investigate and recommend.",
    "starts_on": "2026-11-02",
    "ends_on": "2027-06-30",
    "participation_strategy": "",
}


@pytest.fixture
def resolution(board, officer):
    meeting = held_meeting(board, officer)
    return resolution_add(
        item=meeting.items.get(position=5), text="That a Child Poverty Commission be established.", by=officer
    )


def propose(partnership, chair, *, strategy: str = "", **extra):
    """The chair's proposal, through the service (a strategy is written into the proposal: no
    service changes it afterwards)."""
    return make_commission(
        partnership,
        "Child Poverty Commission",
        by=chair,
        issue="Poverty",
        remit="Investigate",
        focus_areas=partnership.focus_areas.all(),
        strategy=strategy,
        **extra,
    )


@pytest.fixture
def proposed(partnership, chair):
    return propose(partnership, chair)


def test_chair_proposes_a_commission_and_bad_input_is_reported_and_kept(client, partnership, chair, member):
    client.force_login(chair)
    response = client.post("/manage/testshire/commissions/propose/", {**PROPOSAL, "ends_on": "2026-10-01"})
    soup = html(response)
    assert "The end date must be after the start date." in text_of(soup.select_one(".govuk-error-summary"))
    assert soup.select_one("#id_title")["value"] == "Child Poverty Commission"
    response = client.post("/manage/testshire/commissions/propose/", {**PROPOSAL, "members": [member.person.pk]})
    assert response.status_code == 302
    commission = Commission.objects.get()
    assert commission.status == Commission.Status.PROPOSED
    assert commission.body.kind == "commission" and commission.body.slug == "child-poverty-commission"
    assert [m.person.user for m in commission.body.memberships.all()] == [member]
    assert commission.history.latest().history_user == chair


def test_members_and_other_partnerships_cannot_propose(client, partnership, member, other_officer):
    # A member may know the page exists (403); for another partnership's officer it does not (404).
    for user, refused in ((member, 403), (other_officer, 404)):
        client.force_login(user)
        assert client.get("/manage/testshire/commissions/propose/").status_code == refused


def test_it_cannot_become_active_without_a_participation_strategy(client, proposed, resolution, officer):
    client.force_login(officer)
    response = client.post(
        f"/manage/commissions/{proposed.pk}/establish/", {"resolution": resolution.pk, "established_on": "2026-11-10"}
    )
    assert "without a strategy for hearing the voice of children, young people and their families" in text_of(
        html(response).select_one(".govuk-error-summary")
    )
    proposed.refresh_from_db()
    assert proposed.status == Commission.Status.PROPOSED


def test_a_board_resolution_establishes_it(partnership, resolution, officer, chair):
    proposed = propose(partnership, chair, strategy="Youth Cabinet sessions and a survey of families")
    services.commission_establish(
        commission=proposed, resolution=resolution, by_chair=False, established_on=dt.date(2026, 11, 10), by=officer
    )
    proposed.refresh_from_db()
    assert proposed.status == Commission.Status.ACTIVE
    assert proposed.established_by_resolution == resolution


def test_the_chair_alone_only_where_the_board_has_delegated(partnership, chair):
    proposed = propose(partnership, chair, strategy="Surveys")
    with pytest.raises(ValidationError, match="has not delegated"):
        services.commission_establish(
            commission=proposed, resolution=None, by_chair=True, established_on=dt.date(2026, 11, 10), by=chair
        )
    partnership.chair_may_establish_commissions = True  # the constitution, kept by an administrator
    save_audited(partnership, by=None, reason="Constitution: the chair may establish commissions")
    services.commission_establish(
        commission=proposed, resolution=None, by_chair=True, established_on=dt.date(2026, 11, 10), by=chair
    )
    assert Commission.objects.get().established_by_chair


def test_members_advisors_and_co_opted_members_with_clear_errors(client, proposed, officer, member):
    client.force_login(officer)
    url = f"/manage/commissions/{proposed.pk}/members/new/"
    base = {"role": "co_opted", "voting": "on", "starts_on": "2026-11-02"}
    response = client.post(url, {**base, "given_name": "Priya", "family_name": "Shah", "job_title": "Researcher"})
    assert response.status_code == 302
    co_opted = proposed.body.memberships.get(person__family_name="Shah")
    assert co_opted.role == Membership.Role.CO_OPTED and co_opted.job_title == "Researcher"
    client.post(url, {**base, "person": member.person.pk, "role": "member"})
    response = client.post(url, {**base, "person": member.person.pk, "role": "advisor"})
    assert "Mo Member is already a member of this commission." in text_of(html(response))
    response = client.post(url, {**base, "person": co_opted.person.pk, "role": "chair", "ends_on": "2026-10-01"})
    assert "The end date must be on or after the start date." in text_of(html(response))
    response = client.post(url, {**base, "role": "advisor"})
    assert "Choose a person, or give the name of someone new to co-opt." in text_of(html(response))


def test_recommendation_to_resolution_to_action_to_outcome_is_visible_in_one_place(
    client, partnership, resolution, officer, chair
):
    proposed = propose(partnership, chair, strategy="Youth Cabinet")
    services.commission_establish(
        commission=proposed, resolution=resolution, by_chair=False, established_on=dt.date(2026, 11, 10), by=officer
    )
    recommendation = services.recommendation_add(
        commission=proposed, text="Free school meals for all", addressed_to=None, by=officer
    )
    with pytest.raises(ValidationError, match="accepted recommendation"):
        services.recommendation_progress(recommendation=recommendation, status="in_progress", outcome="", by=officer)
    services.recommendation_decide(
        recommendation=recommendation,
        status=Recommendation.Status.ACCEPTED,
        resolution=resolution,
        response="Agreed from September.",
        by=officer,
    )
    services.recommendation_action_add(
        recommendation=recommendation,
        description="Cost the scheme",
        owner=None,
        owner_name="Finance lead",
        due_on=dt.date(2027, 2, 1),
        by=officer,
    )
    services.recommendation_progress(
        recommendation=recommendation, status="implemented", outcome="Every primary pupil now eats free.", by=officer
    )
    page = text_of(html(client.get(proposed.get_absolute_url())).select_one("[data-testid=recommendations]"))
    for part in [
        "Free school meals for all",
        "Implemented",
        "resolution 1 of the meeting on Wednesday 7 October 2026",
        "Agreed from September.",
        "Cost the scheme — Finance lead, by Monday 1 February 2027",
        "Every primary pupil now eats free.",
    ]:
        assert part in page, part


def test_time_limit_dashboard_extension_report_and_close(client, partnership, resolution, officer, chair):
    # Ends within 30 days of today, or overdue: listed either way.
    proposed = propose(partnership, chair, strategy="Surveys", ends_on=dt.date(2026, 12, 1))
    services.commission_establish(
        commission=proposed, resolution=resolution, by_chair=False, established_on=dt.date(2026, 11, 10), by=officer
    )
    client.force_login(officer)
    ending = html(client.get("/manage/")).select_one("[data-testid=commissions-ending]")
    assert ending is not None and "Child Poverty Commission" in text_of(ending)
    extend = f"/manage/commissions/{proposed.pk}/extend/"
    version = html(client.get(extend)).select_one("input[name=version]")["value"]  # as the page carries it
    response = client.post(extend, {"new_end": "2027-03-31", "reason": "", "version": version})
    assert "Give the reason for the extension." in text_of(html(response))
    client.post(extend, {"new_end": "2027-03-31", "reason": "More time to hear from families", "version": version})
    proposed.refresh_from_db()
    assert proposed.ends_on == dt.date(2027, 3, 31)
    assert proposed.extensions.get().previous_end == dt.date(2026, 12, 1)
    assert proposed.history.latest().history_change_reason == "Time limit extended: More time to hear from families"
    with pytest.raises(ValidationError, match="recommendations before it reports"):
        services.commission_report(commission=proposed, final_report="Our findings", by=officer)
    recommendation = services.recommendation_add(commission=proposed, text="Do more", addressed_to=None, by=officer)
    services.commission_report(commission=proposed, final_report="Our findings", by=officer)
    with pytest.raises(ValidationError, match="not yet decided every recommendation"):
        services.commission_close(commission=proposed, by=officer)
    services.recommendation_decide(
        recommendation=recommendation, status="rejected", resolution=resolution, response="Not affordable", by=officer
    )
    services.commission_close(commission=proposed, by=officer)
    assert Commission.objects.get().status == Commission.Status.CLOSED


def test_public_pages_show_established_commissions_only(client, partnership, resolution, officer, chair):
    proposed = propose(partnership, chair, strategy="Youth Cabinet sessions")
    assert client.get(proposed.get_absolute_url()).status_code == 404
    assert "Child Poverty Commission" not in text_of(html(client.get("/partnerships/testshire/commissions/")))
    services.commission_establish(
        commission=proposed, resolution=resolution, by_chair=False, established_on=dt.date(2026, 11, 10), by=officer
    )
    soup = html(client.get("/partnerships/testshire/commissions/"))
    assert "Child Poverty Commission" in text_of(soup.select_one("[data-testid=commission-list]"))
    page = html(client.get(proposed.get_absolute_url()))
    assert text_of(page.select_one("[data-testid=participation]")) == "Youth Cabinet sessions"
    assert text_of(page.select_one("[data-testid=remit]")) == "Investigate"


def test_public_commission_pages_query_counts_do_not_grow(client, partnership, board, council, officer, resolution):
    def grow(n0, n1):
        for n in range(n0, n1):
            commission = make_commission(
                partnership, f"Commission {n}", by=officer, strategy="p", resolution=resolution
            )
            for m in range(3):
                person = make_member(board, council, f"G{n}x{m}", f"F{n}x{m}").person
                services.commission_member_add(
                    commission=commission,
                    person=person,
                    role="member",
                    voting=True,
                    starts_on=dt.date(2026, 11, 2),
                    ends_on=None,
                    by=officer,
                )
                services.recommendation_add(commission=commission, text=f"R{m}", addressed_to=None, by=officer)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    grow(0, 2)
    small = (count("/partnerships/testshire/commissions/"), count("/partnerships/testshire/commissions/commission-0/"))
    grow(2, 20)
    large = (count("/partnerships/testshire/commissions/"), count("/partnerships/testshire/commissions/commission-0/"))
    # list: partnership; commissions. detail: commission with body and partnership; focus areas;
    # sessions; extensions; members; meetings with minutes; recommendations; their actions; the
    # resolution that established it, if the public may read it; else the meeting that resolved it.
    assert small == large == (2, 10)


def test_every_change_to_a_commission_is_in_its_history(client, partnership, resolution, officer, chair):
    proposed = propose(partnership, chair, strategy="Surveys")
    services.commission_establish(
        commission=proposed, resolution=resolution, by_chair=False, established_on=dt.date(2026, 11, 10), by=officer
    )
    services.commission_extend(
        commission=proposed, new_end=dt.date(2027, 9, 30), reason="More evidence", resolution=None, by=officer
    )
    client.force_login(officer)
    history = text_of(html(client.get(f"/manage/commissions/{proposed.pk}/")).select_one("#history + div table"))
    assert "Commission proposed" in history and "Cara Chair" in history
    assert "Time limit extended: More evidence" in history
    assert "ends on: “30 June 2027” → “30 September 2027”" in history


def test_establish_form_without_delegated_powers_lays_out_only_its_fields(client, proposed, officer, caplog):
    """The chair's delegated-powers box is removed when the board has not delegated; the layout
    used to name it still (crispy forms logged a KeyError on every rendering)."""
    client.force_login(officer)
    with caplog.at_level("WARNING"):
        response = client.get(f"/manage/commissions/{proposed.pk}/establish/")
    assert response.status_code == 200
    assert b'name="by_chair"' not in response.content
    assert "by_chair" not in caplog.text


def manage_links(response) -> set[str]:
    return {a["href"] for a in html(response).select("main a[href^='/manage/']")}


def test_the_chair_is_offered_only_links_the_chair_may_follow(client, partnership, board, officer, chair, resolution):
    """The chair reads a commission's page and a meeting's minutes page but does not schedule
    meetings or read the audit history: no link on those pages leads the chair to a refusal."""
    commission = propose(partnership, chair, strategy="Young people co-design the inquiry.")
    services.commission_establish(
        commission=commission, resolution=resolution, by_chair=False, established_on=dt.date(2026, 11, 10), by=officer
    )
    meeting = resolution.item.meeting
    minute_it(meeting, officer)
    minutes_publish(meeting=meeting, by=officer)
    client.force_login(chair)
    pages = [f"/manage/commissions/{commission.pk}/", f"/manage/meetings/{meeting.pk}/minutes/"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        for link in manage_links(response):
            assert client.get(link).status_code not in (403, 404), f"{page} links {link}"
