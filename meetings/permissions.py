"""Who may do what with a meeting's minutes: small named predicates shared by views, services and
templates. The predicates about people's seats are in `members.permissions`."""

from boards.models import Partnership
from members import permissions


def can_draft_minutes(user, partnership: Partnership) -> bool:
    """Officers and the chair record attendance and write the minutes."""
    return permissions.can_manage_meetings(user, partnership) or permissions.is_chair(user, partnership)


def can_publish_minutes(user, partnership: Partnership) -> bool:
    """Only officers publish the minutes."""
    return permissions.can_manage_meetings(user, partnership)


def can_approve_minutes(user, partnership: Partnership) -> bool:
    """Only the chair approves them."""
    return permissions.is_chair(user, partnership)
