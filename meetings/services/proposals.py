"""The planning group and the agenda items its members propose."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from boards.models import Body, Partnership
from core.audit import check_version, save_audited, version_of
from members.models import Membership, Person

from ..models import (
    AgendaItem,
    AgendaProposal,
    Meeting,
)
from .agenda import agenda_item_add
from .publication import check_agenda_open


def _planning_group_history(partnership: Partnership):
    return Membership.history.filter(body__partnership=partnership, body__kind=Body.Kind.PLANNING_GROUP)


def planning_group_version(partnership: Partnership) -> int:
    """The version of the planning group's membership: what the appointment form loaded."""
    return version_of(_planning_group_history(partnership))


@transaction.atomic
def planning_group_appoint(
    *,
    partnership: Partnership,
    people: list[Person],
    by,
    today: dt.date | None = None,
    loaded_version: int | None = None,
) -> Body:
    """The chair appoints the planning group: new people join today, people left out leave today."""
    today = today or timezone.localdate()
    Partnership.objects.select_for_update().get(pk=partnership.pk)  # one appointment at a time
    history = _planning_group_history(partnership)
    check_version(loaded_version, version_of(history), partnership, history=history)
    group = Body.objects.filter(partnership=partnership, kind=Body.Kind.PLANNING_GROUP).first()
    if group is None:
        group = save_audited(
            Body(partnership=partnership, kind=Body.Kind.PLANNING_GROUP, name="Planning Group", slug="planning-group"),
            by=by,
            reason="Planning group set up by the chair",
        )
    board = Body.objects.get(partnership=partnership, kind=Body.Kind.BOARD)
    eligible = set(board.memberships.current(today).values_list("person_id", flat=True))
    chosen = {person.pk for person in people}
    if not chosen <= eligible:
        raise ValidationError("The planning group is appointed from the partnership's current members.")
    current = {m.person_id: m for m in group.memberships.current(today).filter(role=Membership.Role.MEMBER)}
    for person_id, membership in current.items():
        if person_id not in chosen:
            membership.ends_on = max(today - dt.timedelta(days=1), membership.effective_start)
            save_audited(membership, by=by, reason="Left the planning group (appointed by the chair)")
    for person in people:
        if person.pk not in current:
            seat = board.memberships.current(today).filter(person=person).first()
            save_audited(
                Membership(
                    person=person,
                    body=group,
                    role=Membership.Role.MEMBER,
                    organisation=seat.organisation,
                    basis=seat.basis,
                    job_title=seat.job_title,
                    starts_on=today,
                ),
                by=by,
                reason="Appointed to the planning group by the chair",
            )
    return group


@transaction.atomic
def proposal_submit(*, meeting: Meeting, person: Person, title: str, purpose: str, details: str, by) -> AgendaProposal:
    check_agenda_open(meeting)
    if meeting.starts_at <= timezone.now():
        raise ValidationError("Items can be proposed only for a meeting that has not yet taken place.")
    proposal = AgendaProposal(meeting=meeting, proposed_by=person, title=title, purpose=purpose, details=details)
    return save_audited(proposal, by=by, reason="Agenda item proposed by the planning group")


@transaction.atomic
def proposal_accept(*, proposal: AgendaProposal, by) -> AgendaItem:
    # Lock the proposal and read its status again: of two accepts at once, the second waits
    # for the first and finds it decided.
    proposal.refresh_from_db(from_queryset=AgendaProposal.objects.select_for_update())
    if proposal.status != AgendaProposal.Status.PROPOSED:
        raise ValidationError("This proposal has already been decided.")
    item = agenda_item_add(
        meeting=proposal.meeting,
        by=by,
        reason="Agenda item added from a planning group proposal",
        title=proposal.title,
        purpose=proposal.purpose,
        presenter=proposal.proposed_by.full_name,
    )
    proposal.status = AgendaProposal.Status.ACCEPTED
    proposal.accepted_item = item
    save_audited(proposal, by=by, reason="Proposal accepted onto the agenda")
    return item


@transaction.atomic
def proposal_decline(*, proposal: AgendaProposal, reason: str, by) -> AgendaProposal:
    proposal.refresh_from_db(from_queryset=AgendaProposal.objects.select_for_update())
    if proposal.status != AgendaProposal.Status.PROPOSED:
        raise ValidationError("This proposal has already been decided.")
    if not reason.strip():
        raise ValidationError("Give the proposer a reason for declining.")
    proposal.status = AgendaProposal.Status.DECLINED
    proposal.decline_reason = reason.strip()
    return save_audited(proposal, by=by, reason="Proposal declined")
