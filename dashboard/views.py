"""The staff dashboard: what needs doing next, for each partnership the user works in."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from members import permissions

from . import selectors


def dashboard(request: HttpRequest) -> HttpResponse:
    """A member who has never signed the Nolan undertaking is asked to sign it first."""
    unsigned = selectors.first_unsigned_partnership(request.user)
    if unsigned is not None:
        messages.info(request, f"Welcome. Before you start, please sign the Nolan undertaking for {unsigned.name}.")
        return redirect("members:undertaking", slug=unsigned.slug)
    today = timezone.localdate()
    context = {
        "panels": selectors.officer_panels(request.user, today),
        **selectors.member_panel(permissions.person_of(request.user), today),
        "today": today,
    }
    return render(request, "meetings/manage/dashboard.html", context)
