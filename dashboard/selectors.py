"""What the staff dashboard shows: plain functions over the QuerySets of meetings, members and
commissions, one per panel of the page. The view only puts them together."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from boards.models import Body, Partnership
from commissions.models import Commission
from meetings.models import AgendaProposal, Meeting
from meetings.services import deadline_for
from members import permissions
from members.models import Membership, Person
from members.register import member_statuses

DEADLINE_WARNING_DAYS = 14  # an agenda due within a fortnight is flagged
UPCOMING_MEETINGS = 8
COMMISSIONS_ENDING_DAYS = 30


def first_unsigned_partnership(user) -> Partnership | None:
    """The first partnership where the user holds a seat (not as an officer in attendance) and
    has never signed the Nolan undertaking."""
    person = permissions.person_of(user)
    if person is None:
        return None
    current = person.memberships.current().exclude(role="officer").select_related("body__partnership")
    signed = set(person.undertakings.values_list("partnership_id", flat=True))
    for membership in current:
        if membership.body.partnership_id not in signed:
            return membership.body.partnership
    return None


def upcoming_rows(partnership: Partnership, today: dt.date) -> list[dict]:
    """The partnership's next meetings, each with its agenda deadline and whether it is due or overdue."""
    upcoming = (
        Meeting.objects.filter(body__partnership=partnership, starts_at__gte=timezone.now())
        .select_related("body")
        .order_by("starts_at")[:UPCOMING_MEETINGS]
    )
    rows = []
    for meeting in upcoming:
        deadline = deadline_for(meeting)
        scheduled = meeting.status == Meeting.Status.SCHEDULED
        rows.append(
            {
                "meeting": meeting,
                "deadline": deadline,
                "days_left": (deadline - today).days,
                "due": scheduled and (deadline - today).days <= DEADLINE_WARNING_DAYS,
                "overdue": scheduled and deadline < today,
            }
        )
    return rows


@dataclass(frozen=True)
class AwaitingApproval:
    """Published minutes not yet approved, and the meeting where they can be: the body's next
    meeting (`held` once it has started; approval at any later held meeting is possible too)."""

    meeting: Meeting
    next_meeting: Meeting | None
    held: bool


def minutes_awaiting_approval(partnerships: list[Partnership]) -> list[AwaitingApproval]:
    """Two queries, however many: the minutes awaiting approval, each with the id of its body's
    next meeting, then those meetings."""
    if not partnerships:
        return []
    next_meeting = (
        Meeting.objects.filter(body=OuterRef("body"), starts_at__gt=OuterRef("starts_at"))
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .values("pk")[:1]
    )
    awaiting = list(
        Meeting.objects.filter(body__partnership__in=partnerships, status=Meeting.Status.MINUTES_PUBLISHED)
        .annotate(next_pk=Subquery(next_meeting))
        .select_related("body__partnership")
        .order_by("starts_at")
    )
    following = Meeting.objects.in_bulk([m.next_pk for m in awaiting if m.next_pk]) if awaiting else {}
    now = timezone.now()
    rows = []
    for meeting in awaiting:
        later = following.get(meeting.next_pk)
        rows.append(AwaitingApproval(meeting, later, later is not None and later.starts_at <= now))
    return rows


def officer_panel(partnership: Partnership, today: dt.date) -> dict:
    """An officer's panel for one partnership: meetings, proposals waiting, commissions ending,
    undertakings overdue and registers late."""
    proposals = AgendaProposal.objects.filter(
        meeting__body__partnership=partnership, status=AgendaProposal.Status.PROPOSED
    ).select_related("meeting__body", "proposed_by")
    ending = (
        Commission.objects.filter(body__partnership=partnership)
        .ending_within(COMMISSIONS_ENDING_DAYS, today)
        .select_related("body")
    )
    statuses = member_statuses(partnership, today)
    return {
        "undertakings_overdue": [m for m in statuses if m.undertaking_state == "overdue"],
        "registers_late": [m for m in statuses if m.register_late],
        "partnership": partnership,
        "rows": upcoming_rows(partnership, today),
        "proposals": list(proposals),
        "commissions_ending": list(ending),
        "awaiting_approval": minutes_awaiting_approval([partnership]),
    }


def officer_panels(user, today: dt.date) -> list[dict]:
    return [officer_panel(partnership, today) for partnership in user.officer_of.order_by("name")]


def meetings_to_minute(chair_of: list[Partnership]) -> list[Meeting]:
    """For a chair: the board's meetings held, with minutes being drafted (those published and
    awaiting approval are `minutes_awaiting_approval`)."""
    return list(
        Meeting.objects.filter(
            body__partnership__in=chair_of,
            status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED],
        )
        .select_related("body")
        .order_by("starts_at")
    )


def proposable_meetings(planning: list[Partnership]) -> list[Meeting]:
    """For a planning group member: the next board meetings whose agenda can still take an item."""
    return list(
        Meeting.objects.filter(
            body__partnership__in=planning,
            body__kind=Body.Kind.BOARD,
            starts_at__gte=timezone.now(),
            status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED],
        )
        .select_related("body")
        .order_by("starts_at")[:3]
    )


def published_meetings(memberships: list[Membership]) -> list[Meeting]:
    """The papers a member reads: the published agendas of their bodies, recent and to come."""
    return list(
        Meeting.objects.published()
        .filter(
            body__in={m.body_id for m in memberships},
            starts_at__gte=timezone.now() - dt.timedelta(days=62),
        )
        .select_related("body")
        .order_by("starts_at")[:10]
    )


def member_panel(person: Person | None, today: dt.date) -> dict:
    """A member's seats, and what their seats ask of them: minutes to approve as chair, items to
    propose as a planning group member, the papers of their bodies, their own proposals."""
    memberships = []
    if person is not None:
        memberships = list(person.memberships.current(today).select_related("body__partnership"))
    chair_of = [m.body.partnership for m in memberships if m.role == "chair" and m.body.kind == Body.Kind.BOARD]
    planning = [m.body.partnership for m in memberships if m.body.kind == Body.Kind.PLANNING_GROUP]
    my_proposals = list(person.proposals.select_related("meeting__body")[:20]) if person is not None else []
    return {
        "memberships": memberships,
        "chair_of": chair_of,
        "chair_minutes": meetings_to_minute(chair_of),
        "chair_awaiting_approval": minutes_awaiting_approval(chair_of),
        "proposable": proposable_meetings(planning),
        "planning": planning,
        "my_proposals": my_proposals,
        "published_meetings": published_meetings(memberships),
    }
