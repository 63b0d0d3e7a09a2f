"""Who may do what with commissions: small named predicates shared by the access helpers (the
top of `commissions.views`), views, services and templates. The predicates about people's seats
are in `members.permissions`."""

from boards.models import Partnership
from members.permissions import is_chair, is_officer


def can_propose_commission(user, partnership: Partnership) -> bool:
    """The chair proposes commissions; an officer may do so on the chair's behalf."""
    return is_chair(user, partnership) or is_officer(user, partnership)


def can_manage_commissions(user, partnership: Partnership) -> bool:
    """Establish, staff and follow a commission: the chair and the officers."""
    return is_chair(user, partnership) or is_officer(user, partnership)


def can_establish_by_chair(user, partnership: Partnership) -> bool:
    """Only the chair establishes a commission under delegated powers."""
    return is_chair(user, partnership)
