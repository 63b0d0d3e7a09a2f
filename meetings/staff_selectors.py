"""What the staff lists read: the rules of a staff page that computes, kept out of its view. Each
returns a QuerySet (ordered, with what its page shows loaded), so the view only paginates it.
The public pages' selectors are in `meetings.selectors`."""

import datetime as dt

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from boards.models import Partnership

from .models import Action, Meeting

PER_PAGE = 50


def meetings_upcoming(partnership: Partnership, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """The partnership's meetings to come (every body's), soonest first."""
    return Meeting.objects.filter(body__partnership=partnership).upcoming(now).select_related("body")


def meetings_past(partnership: Partnership, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """The partnership's meetings that have started, most recent first: all years, so paginate it."""
    return Meeting.objects.filter(body__partnership=partnership).past(now).select_related("body")


def open_actions(partnership: Partnership, today: dt.date | None = None) -> QuerySet[Action]:
    """The partnership's open actions, from its meetings and its commissions' recommendations:
    overdue first, then by due date, those with no date last; the oldest recorded first on a tie."""
    today = today or timezone.localdate()
    return (
        Action.objects.filter(
            Q(meeting__body__partnership=partnership) | Q(recommendation__commission__body__partnership=partnership),
            status=Action.Status.OPEN,
        )
        .select_related("owner", "meeting__body", "item", "recommendation__commission__body")
        .annotate(overdue=Case(When(due_on__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("overdue", F("due_on").asc(nulls_last=True), "pk")
    )


def matters_arising(meeting: Meeting) -> QuerySet[Action]:
    """The open actions from the body's earlier meetings, for the staff page of a meeting."""
    return Action.objects.filter(
        meeting__body=meeting.body, meeting__starts_at__lt=meeting.starts_at, status=Action.Status.OPEN
    ).select_related("owner", "meeting")


def matters_arising_for_member(meeting: Meeting, *, confidential: bool) -> QuerySet[Action]:
    """The open actions a member reads on a published meeting: only from minutes the public may
    read, and those on confidential items only for members entitled to them (`confidential`)."""
    actions = matters_arising(meeting).filter(meeting__status__in=Meeting.MINUTES_PUBLIC_STATUSES)
    return actions if confidential else actions.exclude(item__confidential=True)
