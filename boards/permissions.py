"""Who may do what, as small named predicates shared by views, services and templates: the ones
that need only the partnership (its officers). Predicates about people's seats are in
`members.permissions`.

Roles follow the partnership: its officers (administrative support), the chair of its board,
the members of its bodies. Signing in gives nothing by itself: an officer of one partnership has
no rights in another.
"""

from .models import Partnership


def is_officer(user, partnership: Partnership) -> bool:
    if not user.is_authenticated:
        return False
    return partnership.officers.filter(pk=user.pk).exists()
