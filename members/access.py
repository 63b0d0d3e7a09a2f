"""Access helpers for what belongs to a partnership as a whole, scoped by partnership: 404 to
anyone outside it, 403 to someone of it who may not change it (`permissions.refuse`)."""

from django.shortcuts import get_object_or_404

from boards.models import Body, Partnership

from . import permissions
from .models import Membership, Person


def get_partnership_for_officer(request, slug: str) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not permissions.is_officer(request.user, partnership):
        permissions.refuse(request.user, partnership)
    return partnership


def get_composition_for_user(request, slug: str) -> tuple[Partnership, Body]:
    """The partnership whose board's composition the user reads (`can_read_composition`: its
    officers and the chair), and its board."""
    partnership = get_object_or_404(Partnership, slug=slug)
    if not permissions.can_read_composition(request.user, partnership):
        permissions.refuse(request.user, partnership)
    return partnership, get_object_or_404(Body, partnership=partnership, kind=Body.Kind.BOARD)


def get_member_for_user(request, slug: str) -> tuple[Partnership, Person]:
    """The partnership and the signed-in member's own register entry, for the pages a member keeps
    (their undertaking and interests): current members only."""
    partnership = get_object_or_404(Partnership, slug=slug)
    person = permissions.person_of(request.user)
    if person is None or not permissions.is_member(request.user, partnership):
        permissions.refuse(request.user, partnership)
    return partnership, person


def get_person_for_officer(request, slug: str, pk: int) -> tuple[Partnership, Person]:
    """The partnership (its officers only) and a person of its register. A person of another
    partnership's register is a 404, as if there were none; however many seats they hold, one."""
    partnership = get_partnership_for_officer(request, slug)
    return partnership, get_object_or_404(Person, pk=pk, partnership=partnership)


def get_membership_for_officer(request, slug: str, pk: int) -> tuple[Partnership, Membership]:
    """The partnership (its officers only) and a seat on one of its bodies; any other is a 404."""
    partnership = get_partnership_for_officer(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("person", "body"), pk=pk, body__partnership=partnership
    )
    return partnership, membership
