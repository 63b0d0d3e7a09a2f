"""Holding the meeting: attendance and declarations of interest."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from core.views import attempt, form_page, run_action
from meetings import services
from meetings.access import get_attendance_for_user, get_item_for_user, get_minutes_for_user
from meetings.forms.minutes import (
    AttendanceForm,
    DeclarationForm,
    OtherAttendeeForm,
)
from meetings.models import Attendance
from meetings.views.corrections import locked_minutes
from meetings.views.minutes import minutes_url
from members.models import Deputy, Person


@require_POST
def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_user(request, pk)
    run_action(request, lambda: services.meeting_hold(meeting=meeting, by=request.user), "Recorded as held.")
    return redirect(minutes_url(meeting))


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_user(request, pk)
    if locked := locked_minutes(request, meeting, title="Attendance"):
        return locked
    partnership = meeting.body.partnership
    memberships = services.members_expected(meeting)
    attendances = list(meeting.attendances.all())
    recorded = {a.person_id: a.status for a in attendances if a.person_id}
    substitutes = {a.substitute_for_id: a.person_id for a in attendances if a.substitute_for_id}
    initial = {"version": services.attendance_version(meeting)}
    for membership in memberships:
        if membership.person_id in substitutes:
            initial[f"status_{membership.pk}"] = Attendance.Status.SUBSTITUTE
            initial[f"substitute_{membership.pk}"] = substitutes[membership.person_id]
    chair = meeting.chaired_by or services.body_chair(meeting)
    initial["chair"] = chair.pk if chair else None
    initial["minutes_taken_by"] = meeting.minutes_taken_by_id
    deputies = {}
    for deputy in Deputy.objects.filter(body=meeting.body, person__partnership=partnership).select_related("person"):
        deputies.setdefault(deputy.organisation_id, []).append(deputy.person)
    form = AttendanceForm(
        request.POST or None,
        memberships=memberships,
        recorded=recorded,
        people=Person.objects.in_partnership(partnership),
        deputies=deputies,
        items=meeting.items.order_by("position"),
        partnership=partnership,
        initial=initial,
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
                presiding=form.presiding(),
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
        intro="Record each member of the body. A member with a substitute is recorded as sending apologies, "
        "and the substitute as present for them: choose one of the organisation's named deputies, anyone in the "
        "register, or add someone new to the register.",
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


@require_POST
def attendance_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    """Move one of those in attendance up or down the list in the minutes."""
    record = get_attendance_for_user(request, pk)
    run_action(
        request,
        lambda: services.attendance_move(attendance=record, up=direction == "up", by=request.user),
        f"{record.display_name} moved {direction}.",
    )
    return redirect(minutes_url(record.meeting) + "#in-attendance")


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
            return redirect(minutes_url(meeting) + f"#minutes-item-{item.pk}")
    return form_page(
        request,
        form,
        title=f"Declaration of interest on item {item.position}",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=item.title,
        intro=(
            "This item is exempt, but a declaration on it is public: who declared, which interest and what they "
            f"did, with the item named only as “{item.public_line}”. Write nothing confidential in it."
        )
        if item.confidential
        else None,
    )
