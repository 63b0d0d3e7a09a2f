"""Locked records: an edit page of a record that can no longer change answers with why it is
locked and the correction route (`core.views.locked_page`), never with its form."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from core.views import locked_page
from meetings import services
from meetings.models import Meeting


def _locked(request: HttpRequest, meeting: Meeting, lock, *, title: str, back: str) -> HttpResponse | None:
    if lock is None:
        return None
    return locked_page(
        request,
        lock,
        title=title,
        back_url=reverse(back, args=[meeting.pk]),
        partnership=meeting.body.partnership,
        caption=str(meeting),
    )


def locked_minutes(request: HttpRequest, meeting: Meeting, *, title: str) -> HttpResponse | None:
    """The locked page when the meeting's minutes are published or approved, else None."""
    return _locked(request, meeting, services.minutes_lock(meeting), title=title, back="manage:minutes")


def locked_agenda(request: HttpRequest, meeting: Meeting, *, title: str) -> HttpResponse | None:
    """The locked page when the meeting has been held or cancelled, else None."""
    return _locked(request, meeting, services.agenda_lock(meeting), title=title, back="manage:meeting")


def locked_schedule(request: HttpRequest, meeting: Meeting, *, title: str) -> HttpResponse | None:
    """The locked page when the meeting has been held or cancelled (it can no longer be moved,
    postponed or cancelled), else None."""
    return _locked(request, meeting, services.schedule_lock(meeting), title=title, back="manage:meeting")
