"""Access helpers for what belongs to a partnership as a whole, scoped by partnership: 404 to
anyone outside it, 403 to someone of it who may not change it (`permissions.refuse`)."""

from django.shortcuts import get_object_or_404

from boards.models import Partnership

from . import permissions


def get_partnership_for_officer(request, slug: str) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not permissions.is_officer(request.user, partnership):
        permissions.refuse(request.user, partnership)
    return partnership
