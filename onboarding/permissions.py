"""Who may set partnerships up: a platform administrator creates one; its officers do the rest
(`members.access.get_partnership_for_officer`)."""

from django.core.exceptions import PermissionDenied


def can_create_partnership(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def require_platform_administrator(user) -> None:
    if not can_create_partnership(user):
        raise PermissionDenied
