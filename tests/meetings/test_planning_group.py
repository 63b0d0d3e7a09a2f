"""The chair appoints the planning group; its members propose items; an officer decides."""

import pytest

from boards.models import Body
from meetings.models import AgendaProposal
from tests.conftest import html, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def planning_group(client, chair, member):
    client.force_login(chair)
    person = member.person
    page = html(client.get("/manage/testshire/planning-group/"))
    version = page.select_one("input[name=version]")["value"]  # as the page carries it
    response = client.post("/manage/testshire/planning-group/", {"people": [person.pk], "version": version})
    assert response.status_code == 302
    return Body.objects.get(kind=Body.Kind.PLANNING_GROUP)


def test_chair_appoints_the_planning_group_from_the_members(planning_group, member):
    assert [m.person.user for m in planning_group.memberships.current()] == [member]
    assert planning_group.memberships.get().history.latest().history_change_reason.startswith("Appointed")


def test_only_the_chair_appoints_the_planning_group(client, officer, member):
    for user in (officer, member):
        client.force_login(user)
        assert client.get("/manage/testshire/planning-group/").status_code == 403


def test_member_proposes_officer_accepts_onto_the_agenda(client, planning_group, member, officer, future_meeting):
    client.force_login(member)
    response = client.post(
        f"/manage/meetings/{future_meeting.pk}/propose/",
        {"title": "Youth Cabinet priorities", "purpose": "information", "details": "They asked to present."},
    )
    assert response.status_code == 302
    proposal = AgendaProposal.objects.get()
    client.force_login(officer)
    assert "Youth Cabinet priorities" in text_of(html(client.get("/manage/")))
    client.post(f"/manage/proposals/{proposal.pk}/", {"decision": "accept"})
    item = future_meeting.items.get()
    assert item.title == "Youth Cabinet priorities" and item.position == 1
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.accepted_item == item


def test_declining_needs_a_reason_that_the_proposer_sees(client, planning_group, member, officer, future_meeting):
    client.force_login(member)
    client.post(f"/manage/meetings/{future_meeting.pk}/propose/", {"title": "Another item", "purpose": "noting"})
    proposal = AgendaProposal.objects.get()
    client.force_login(officer)
    response = client.post(f"/manage/proposals/{proposal.pk}/", {"decision": "decline", "reason": ""})
    assert "Give the proposer a reason" in text_of(html(response))
    client.post(f"/manage/proposals/{proposal.pk}/", {"decision": "decline", "reason": "Covered at item 5"})
    client.force_login(member)
    assert "Declined: Covered at item 5" in text_of(html(client.get("/manage/")))


def test_people_outside_the_planning_group_cannot_propose(client, officer, member, future_meeting):
    client.force_login(member)
    assert client.get(f"/manage/meetings/{future_meeting.pk}/propose/").status_code == 403
