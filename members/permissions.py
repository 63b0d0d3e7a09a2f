"""Who may do what, as small named predicates shared by views, services and templates: the ones
about a person's seats (chair, member, member of a body). The officers' predicates, which need only
the partnership, are in `boards.permissions` and are named here too, so a caller asks one module.

Roles follow the partnership: its officers (administrative support), the chair of its board,
the members of its bodies. Signing in gives nothing by itself: an officer of one partnership has
no rights in another.
"""

import datetime as dt
from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from boards.models import Body, Partnership
from boards.permissions import is_officer

from .models import Membership, Person

__all__ = [
    "belongs_to",
    "can_read_composition",
    "can_see_confidential",
    "can_see_unpublished",
    "is_body_member",
    "is_chair",
    "is_chair_or_vice_chair",
    "is_member",
    "is_officer",
    "is_planning_group_member",
    "person_of",
    "refuse",
]


def person_of(user) -> Person | None:
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


def _current_memberships(user, partnership: Partnership, on: dt.date | None = None):
    person = person_of(user)
    if person is None:
        return Membership.objects.none()
    return person.memberships.current(on or timezone.localdate()).filter(body__partnership=partnership)


def is_chair(user, partnership: Partnership) -> bool:
    """The chair of the partnership's board."""
    return _current_memberships(user, partnership).filter(body__kind=Body.Kind.BOARD, role="chair").exists()


def is_chair_or_vice_chair(user, partnership: Partnership) -> bool:
    return (
        _current_memberships(user, partnership)
        .filter(body__kind=Body.Kind.BOARD, role__in=["chair", "vice_chair"])
        .exists()
    )


def is_member(user, partnership: Partnership) -> bool:
    return _current_memberships(user, partnership).exists()


def belongs_to(user, partnership: Partnership) -> bool:
    """An officer of the partnership or a current member of one of its bodies."""
    return is_officer(user, partnership) or is_member(user, partnership)


def refuse(user, partnership: Partnership) -> NoReturn:
    """Refuse a request: 403 to someone of the partnership (they may know the page exists), 404
    to anyone else, another partnership's officers included (for them it does not exist)."""
    if belongs_to(user, partnership):
        raise PermissionDenied
    raise Http404


def is_body_member(user, body: Body) -> bool:
    return _current_memberships(user, body.partnership).filter(body=body).exists()


def is_planning_group_member(user, partnership: Partnership) -> bool:
    return _current_memberships(user, partnership).filter(body__kind=Body.Kind.PLANNING_GROUP).exists()


def can_see_unpublished(user, partnership: Partnership) -> bool:
    """Draft agendas and unpublished papers: the officers, the chair and the vice-chair."""
    return is_officer(user, partnership) or is_chair_or_vice_chair(user, partnership)


def can_see_confidential(user, body: Body) -> bool:
    """Exempt items and their papers: officers, the chair, and members of the body that meets."""
    return can_see_unpublished(user, body.partnership) or is_body_member(user, body)


def can_read_composition(user, partnership: Partnership) -> bool:
    """The board's composition and attendance by organisation: the officers and the chair."""
    return is_officer(user, partnership) or is_chair(user, partnership)
