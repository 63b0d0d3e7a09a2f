"""Publishing the agenda."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core.views import attempt
from meetings import services
from meetings.access import get_agenda_for_officer
from meetings.forms.agenda import (
    PublishForm,
)
from meetings.views.schedule import meeting_url


def agenda_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_agenda_for_officer(request, pk)
    deadline = services.deadline_for(meeting)
    today = timezone.localdate()
    supplement = meeting.publications.exists()
    late = today > deadline
    exempt = meeting.items.filter(confidential=True).exists()
    change_list = services.pending_change_list(meeting) if supplement else []
    initial = {
        # As last proposed (the officer's own words), else the usual wording for the exempt items.
        "exclusion_resolution": services.proposed_exclusion_resolution(meeting),
        "changes": "; ".join(change["text"] for change in change_list),
    }
    form = PublishForm(request.POST or None, late=late, supplement=supplement, exempt=exempt, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.agenda_publish(
                meeting=meeting,
                by=request.user,
                late_reason=form.cleaned_data.get("late_reason", ""),
                changes=form.cleaned_data.get("changes", ""),
                exclusion_resolution=form.cleaned_data.get("exclusion_resolution") if exempt else None,
                site=request.build_absolute_uri("/").rstrip("/"),
            ),
        )
        if saved:
            publication = saved.result
            what = f"Supplement {publication.number}" if publication.is_supplement else "The agenda"
            messages.success(request, f"{what} has been published. The public can now read it.")
            return redirect(meeting_url(meeting))
    context = {
        "meeting": meeting,
        "partnership": meeting.body.partnership,
        "form": form,
        "deadline": deadline,
        "late": late,
        "supplement": supplement,
        "unpublished_changes": services.changes_since_publication(meeting) if supplement else 0,
        "change_list": change_list,
        "today": today,
    }
    return render(request, "meetings/manage/publish.html", context)
