"""Holding the meeting: attendance and declarations of interest."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from core.views import attempt, form_page, run_action
from meetings import services
from meetings.access import get_item_for_user, get_minutes_for_user
from meetings.forms.minutes import (
    AttendanceForm,
    DeclarationForm,
    OtherAttendeeForm,
)
from meetings.views.corrections import locked_minutes
from meetings.views.minutes import minutes_url
from members.models import Person


@require_POST
def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_user(request, pk)
    run_action(request, lambda: services.meeting_hold(meeting=meeting, by=request.user), "Recorded as held.")
    return redirect(minutes_url(meeting))


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_user(request, pk)
    if locked := locked_minutes(request, meeting, title="Attendance"):
        return locked
    memberships = services.members_expected(meeting)
    recorded = {a.person_id: a.status for a in meeting.attendances.all() if a.person_id}
    form = AttendanceForm(
        request.POST or None,
        memberships=memberships,
        recorded=recorded,
        people=Person.objects.in_partnership(meeting.body.partnership),
        initial={"version": services.attendance_version(meeting)},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.attendance_record(
                meeting=meeting,
                entries=form.entries(),
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            ),
        )
    ):
        messages.success(request, "Attendance saved.")
        return redirect(minutes_url(meeting))
    return form_page(
        request,
        form,
        title="Attendance",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=str(meeting),
        intro="Record each member of the body. A substitute is recorded as present for the member.",
    )


def attendance_other(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_user(request, pk)
    if locked := locked_minutes(request, meeting, title="Add someone in attendance"):
        return locked
    form = OtherAttendeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form, lambda: services.attendance_add_other(meeting=meeting, by=request.user, **form.cleaned_data)
        )
        if saved:
            messages.success(request, f"{form.cleaned_data['name']} added to those in attendance.")
            return redirect(minutes_url(meeting))
    return form_page(
        request,
        form,
        title="Add someone in attendance",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=str(meeting),
        intro="Officers, advisors and guests who attended but are not members of the body.",
    )


def declaration_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk)
    meeting = get_minutes_for_user(request, item.meeting_id)
    if locked := locked_minutes(request, meeting, title=f"Declaration of interest on item {item.position}"):
        return locked
    people = Person.objects.filter(attendances__meeting=meeting).order_by("family_name")
    form = DeclarationForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form, lambda: services.declaration_add(item=item, by=request.user, **form.cleaned_data), field="person"
        )
        if saved:
            messages.success(request, "Declaration recorded.")
            return redirect(minutes_url(meeting) + f"#item-{item.pk}")
    return form_page(
        request,
        form,
        title=f"Declaration of interest on item {item.position}",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=item.title,
    )
