"""Who may do what with meetings, agendas, the planning group and the minutes: small named
predicates shared by the access helpers (`meetings.access`), views, services and templates. The
predicates about people's seats are in `members.permissions`, the officers' in `boards.permissions`."""

from boards.models import Partnership
from members import permissions


def can_manage_meetings(user, partnership: Partnership) -> bool:
    """Schedule, move and cancel meetings, build agendas, attach papers: the officers."""
    return permissions.is_officer(user, partnership)


def can_publish_agenda(user, partnership: Partnership) -> bool:
    """Only officers publish an agenda (and its supplements)."""
    return can_manage_meetings(user, partnership)


def can_manage_planning_group(user, partnership: Partnership) -> bool:
    """The chair appoints the planning group."""
    return permissions.is_chair(user, partnership)


def can_propose_items(user, partnership: Partnership) -> bool:
    """The planning group's members propose agenda items."""
    return permissions.is_planning_group_member(user, partnership)


def can_decide_proposals(user, partnership: Partnership) -> bool:
    """The officers accept or decline proposed items."""
    return permissions.is_officer(user, partnership)


def can_manage_actions(user, partnership: Partnership) -> bool:
    """The officers keep the list of open actions and mark them done."""
    return can_manage_meetings(user, partnership)


def can_draft_minutes(user, partnership: Partnership) -> bool:
    """Officers and the chair record attendance and write the minutes."""
    return can_manage_meetings(user, partnership) or permissions.is_chair(user, partnership)


def can_publish_minutes(user, partnership: Partnership) -> bool:
    """Only officers publish the minutes."""
    return can_manage_meetings(user, partnership)


def can_approve_minutes(user, partnership: Partnership) -> bool:
    """Only the chair approves them."""
    return permissions.is_chair(user, partnership)
