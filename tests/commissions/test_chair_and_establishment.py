"""What clerks notice on a commission's pages: it names its chair; before its start date it is
"Established — starts on …", not "Active"; its public page says how and when it was established
(the board's resolution, linked, or the chair's delegated decision); its history names people,
focus areas and resolutions, never their ids."""

import datetime as dt
import re

import pytest

from commissions import services
from commissions.models import Commission, current_chair
from core.audit import save_audited
from meetings.services.minutes import minutes_publish, resolution_add
from members.models import Membership
from tests.commissions.helpers import make_commission
from tests.conftest import html, make_member, make_person, text_of
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db
PUBLIC = "/partnerships/testshire/commissions/"


def plain(element) -> str:
    """The text as read, a link's text running on into the full stop after it."""
    return " ".join(element.get_text().split())


def later_commission(partnership, by, **extra) -> Commission:
    """Proposed today to start on 4 January 2027, established by the chair under delegation."""
    partnership.chair_may_establish_commissions = True
    save_audited(partnership, by=None, reason="Delegated")
    commission = services.commission_propose(
        partnership=partnership,
        title="Early Help Commission",
        issue="Help comes late.",
        remit="Review early help.",
        focus_areas=list(partnership.focus_areas.all()),
        members=[],
        starts_on=dt.date(2027, 1, 4),
        ends_on=dt.date(2027, 9, 30),
        participation_strategy="Workshops with families",
        by=by,
        **extra,
    )
    return services.commission_establish(
        commission=commission, resolution=None, by_chair=True, established_on=dt.date(2026, 11, 16), by=by
    )


def test_before_its_start_date_a_commission_is_established_not_active(client, partnership, chair, officer):
    commission = later_commission(partnership, chair)
    assert commission.starts_later and commission.status_text == "Established — starts on 4 January 2027"
    listed = text_of(html(client.get(PUBLIC)).select_one("[data-testid=commission-list]"))
    assert "Established — starts on 4 January 2027" in listed and "Active" not in listed
    detail = html(client.get(commission.get_absolute_url()))
    assert text_of(detail.select_one("[data-testid=status]")) == "Established — starts on 4 January 2027"
    client.force_login(officer)
    for page in ("/manage/testshire/commissions/", f"/manage/commissions/{commission.pk}/"):
        tags = [text_of(tag) for tag in html(client.get(page)).select("main .govuk-tag")]
        assert "Established — starts on 4 January 2027" in tags and "Active" not in tags, page


def test_once_started_it_is_active(client, partnership, chair, board):
    resolution = resolution_add(item=held_meeting(board, chair).items.get(position=5), text="Establish", by=chair)
    commission = make_commission(partnership, "Started Commission", by=chair, strategy="Surveys", resolution=resolution)
    assert not commission.starts_later and commission.status_text == "Active"  # it started on 2 November 2026
    assert text_of(html(client.get(commission.get_absolute_url())).select_one("[data-testid=status]")) == "Active"


def test_the_proposal_names_the_chair_and_every_page_shows_them(client, partnership, chair, member, officer):
    client.force_login(chair)
    proposal = {
        "title": "Child Poverty Commission",
        "issue": "Poverty",
        "remit": "Investigate",
        "starts_on": "2026-11-02",
        "ends_on": "2027-06-30",
        "members": [member.person.pk, chair.person.pk],
        "chair": chair.person.pk,
        "participation_strategy": "Surveys",
    }
    assert client.post("/manage/testshire/commissions/propose/", proposal).status_code == 302
    commission = Commission.objects.get()
    seats = {seat.person.user: seat.role for seat in commission.body.memberships.all()}
    assert seats == {chair: Membership.Role.CHAIR, member: Membership.Role.MEMBER}
    staff = html(client.get(f"/manage/commissions/{commission.pk}/"))
    assert text_of(staff.select_one("[data-testid=chair]")) == "Cara Chair"
    partnership.chair_may_establish_commissions = True
    save_audited(partnership, by=None, reason="Delegated")
    services.commission_establish(
        commission=commission, resolution=None, by_chair=True, established_on=dt.date(2026, 11, 3), by=chair
    )
    public = html(client.get(commission.get_absolute_url()))
    chair_row = public.select_one("[data-testid=chair]")
    assert text_of(chair_row) == "Cara Chair"
    assert chair_row.select_one("a")["href"] == f"/partnerships/testshire/members/{chair.person.slug}/"


def test_a_commission_without_a_chair_says_so(client, partnership, chair):
    commission = later_commission(partnership, chair)
    assert text_of(html(client.get(commission.get_absolute_url())).select_one("[data-testid=chair]")) == "Not yet named"


def test_a_chair_from_another_register_is_refused(client, partnership, chair, other_officer):
    stranger = make_person("Al", "Ien", partnership=other_officer.officer_of.get())
    client.force_login(chair)
    proposal = {"title": "T", "issue": "i", "remit": "r", "starts_on": "2026-11-02", "ends_on": "2027-06-30"}
    response = client.post("/manage/testshire/commissions/propose/", {**proposal, "chair": stranger.pk})
    assert response.status_code == 200
    assert "from the list" in text_of(html(response).select_one(".govuk-error-summary"))
    with pytest.raises(Exception, match="another partnership"):
        later_commission(partnership, chair, chair=stranger)
    assert not Commission.objects.exists()


def test_the_chair_is_the_one_serving_now_or_the_next_appointed(board, council):
    ended = make_member(
        board, council, "Old", "Chair", role="chair", starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2021, 1, 1)
    )
    later = make_member(board, council, "Next", "Chair", role="chair", starts_on=dt.date(2099, 1, 1))
    assert current_chair([ended, later]) == later
    now = make_member(board, council, "Now", "Member", starts_on=dt.date(2026, 1, 1))
    now.role = Membership.Role.CHAIR
    assert current_chair([ended, later, now]) == now
    assert current_chair([]) is None


def test_public_page_says_it_was_established_by_the_chairs_delegated_decision(client, partnership, chair):
    commission = later_commission(partnership, chair)
    established = text_of(html(client.get(commission.get_absolute_url())).select_one("[data-testid=established]"))
    assert established.startswith("On 16 November 2026, by the chair's delegated decision")


def test_public_page_links_the_resolution_once_the_minutes_are_public(client, partnership, chair, board, officer):
    meeting = held_meeting(board, officer)
    resolution = resolution_add(item=meeting.items.get(position=5), text="That it be established.", by=officer)
    commission = make_commission(partnership, "Child Poverty Commission", by=chair, strategy="S", resolution=resolution)

    row = html(client.get(commission.get_absolute_url())).select_one("[data-testid=established]")
    assert plain(row) == "On 3 November 2026, by a resolution of the Testshire Board meeting on 7 October 2026."
    assert row.select_one("a")["href"] == "/partnerships/testshire/board/2026-10-07/"

    minute_it(meeting, officer)
    minutes_publish(meeting=meeting, by=officer)
    row = html(client.get(commission.get_absolute_url())).select_one("[data-testid=established]")
    assert plain(row) == "On 3 November 2026, by resolution 1 of the Testshire Board meeting on 7 October 2026."
    link = row.select_one("a")["href"]
    assert link == f"/partnerships/testshire/board/2026-10-07/#minutes-item-{resolution.item_id}"
    minutes = html(client.get(link.split("#")[0]))
    assert minutes.select_one(f"#minutes-item-{resolution.item_id}") is not None


def test_a_resolution_on_a_confidential_item_is_not_named_publicly(client, partnership, chair, board, officer):
    meeting = held_meeting(board, officer)
    secret = resolution_add(item=meeting.items.get(position=6), text="SECRET That it be established.", by=officer)
    commission = make_commission(partnership, "Quiet Commission", by=chair, strategy="S", resolution=secret)
    minute_it(meeting, officer)
    minutes_publish(meeting=meeting, by=officer)
    page = html(client.get(commission.get_absolute_url()))
    assert plain(page.select_one("[data-testid=established]")) == (
        "On 3 November 2026, by a resolution of the Testshire Board meeting on 7 October 2026."
    )
    assert "SECRET" not in text_of(page)


def test_history_names_people_focus_areas_and_resolutions_never_ids(
    client, partnership, chair, board, officer, council
):
    resolution = resolution_add(item=held_meeting(board, officer).items.get(position=5), text="Establish", by=officer)
    commission = make_commission(
        partnership,
        "Child Poverty Commission",
        by=chair,
        strategy="Surveys",
        focus_areas=partnership.focus_areas.all(),
        resolution=resolution,
    )
    seat = services.commission_member_add(
        commission=commission,
        person=make_member(board, council, "First", "Person").person,
        role=Membership.Role.MEMBER,
        voting=True,
        starts_on=dt.date(2026, 11, 2),
        ends_on=None,
        by=officer,
    )
    seat.person = make_member(board, council, "Second", "Person").person
    save_audited(seat, by=officer, reason="Wrong person corrected")
    client.force_login(officer)
    history = html(client.get(f"/manage/commissions/{commission.pk}/")).select_one("#history + div table")
    changes = [text_of(li) for li in history.select("[data-testid=changes] li")]
    assert "focus areas: “” → “Early years, Public safety”" in changes
    assert "established by resolution: “” → “Resolution 1”" in changes
    assert "established on: “” → “3 November 2026”" in changes
    assert "person: “First Person” → “Second Person”" in changes
    assert not [change for change in changes if re.search(r"“\d+”", change)], changes
