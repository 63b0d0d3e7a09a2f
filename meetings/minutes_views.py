"""Officers' and the chair's pages for attendance and minutes, under /manage/."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from boards import permissions
from core.audit import StaleEdit, record_version
from core.views import form_error, form_page, run_action
from members.models import Person

from . import minutes as services
from .access import get_item_for_user, get_meeting_for_user, get_partnership_for_officer
from .minutes_forms import (
    ActionForm,
    ApproveForm,
    AttendanceForm,
    CloseTimeForm,
    CorrectionForm,
    DeclarationForm,
    ItemMinutesForm,
    OtherAttendeeForm,
    ResolutionForm,
)
from .models import Action, ItemMinutes, Meeting, Resolution
from .public_minutes import public_minutes
from .views import _save_versioned


def _minutes_url(meeting: Meeting) -> str:
    return reverse("manage:minutes", args=[meeting.pk])


def get_meeting_for_minutes(request, pk: int, *, approve: bool = False) -> Meeting:
    """Officers and the chair draft minutes; only officers publish; only the chair approves."""
    meeting = get_meeting_for_user(request, pk)
    partnership = meeting.body.partnership
    if approve:
        allowed = permissions.is_chair(request.user, partnership)
    else:
        allowed = permissions.can_manage_meetings(request.user, partnership) or permissions.is_chair(
            request.user, partnership
        )
    if not allowed:
        raise PermissionDenied
    return meeting


def minutes_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_minutes(request, pk)
    partnership = meeting.body.partnership
    context = {
        "meeting": meeting,
        "partnership": partnership,
        "minutes": public_minutes(meeting, confidential=True),
        "quorum": services.quorum(meeting),
        "drafting": meeting.status in services.DRAFTING_STATUSES,
        "can_publish": permissions.can_manage_meetings(request.user, partnership),
        "can_approve": permissions.is_chair(request.user, partnership),
        "approval_meetings": services.approval_meetings(meeting),
        "started": meeting.starts_at <= timezone.now(),
    }
    return render(request, "meetings/manage/minutes.html", context)


@require_POST
def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_minutes(request, pk)
    run_action(request, lambda: services.meeting_hold(meeting=meeting, by=request.user), "Recorded as held.")
    return redirect(_minutes_url(meeting))


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_minutes(request, pk)
    memberships = services.members_expected(meeting)
    recorded = {a.person_id: a.status for a in meeting.attendances.all() if a.person_id}
    form = AttendanceForm(
        request.POST or None,
        memberships=memberships,
        recorded=recorded,
        people=Person.objects.in_partnership(meeting.body.partnership),
        initial={"version": services.attendance_version(meeting)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                meeting=meeting,
                entries=form.entries(),
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            )
        except StaleEdit as stale:
            form.add_error(None, stale.message)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, "Attendance saved.")
            return redirect(_minutes_url(meeting))
    return form_page(
        request,
        form,
        title="Attendance",
        partnership=meeting.body.partnership,
        back_url=_minutes_url(meeting),
        caption=str(meeting),
        intro="Record each member of the body. A substitute is recorded as present for the member.",
    )


def attendance_other(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_minutes(request, pk)
    form = OtherAttendeeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_add_other(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} added to those in attendance.")
            return redirect(_minutes_url(meeting))
    return form_page(
        request,
        form,
        title="Add someone in attendance",
        partnership=meeting.body.partnership,
        back_url=_minutes_url(meeting),
        caption=str(meeting),
        intro="Officers, advisors and guests who attended but are not members of the body.",
    )


def item_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk)
    meeting = get_meeting_for_minutes(request, item.meeting_id)
    existing = ItemMinutes.objects.filter(item=item).first()
    initial = (
        {"narrative": existing.narrative, "public_summary": existing.public_summary, "version": existing.version}
        if existing
        else {"version": 0}
    )
    form = ItemMinutesForm(request.POST or None, initial=initial, confidential=item.confidential)

    def save(*, loaded_version: int, narrative: str, public_summary: str = "") -> None:
        services.item_minutes_save(
            item=item,
            loaded_version=loaded_version,
            narrative=narrative,
            public_summary=public_summary,
            by=request.user,
        )

    if request.method == "POST" and form.is_valid() and _save_versioned(form, save):
        messages.success(request, f"Minutes of item {item.position} saved.")
        return redirect(_minutes_url(meeting) + f"#item-{item.pk}")
    return form_page(
        request,
        form,
        title=f"Minutes of item {item.position}: {item.title}",
        partnership=meeting.body.partnership,
        back_url=_minutes_url(meeting),
        caption=str(meeting),
    )


def resolution_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk)
    meeting = get_meeting_for_minutes(request, item.meeting_id)
    form = ResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resolution = services.resolution_add(item=item, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, f"Resolution {resolution.number} recorded.")
            return redirect(_minutes_url(meeting) + f"#item-{item.pk}")
    return form_page(
        request,
        form,
        title=f"Add a resolution to item {item.position}",
        partnership=meeting.body.partnership,
        back_url=_minutes_url(meeting),
        caption=item.title,
    )


@require_POST
def resolution_remove(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = get_object_or_404(Resolution, pk=pk)
    meeting = get_meeting_for_minutes(request, resolution.meeting_id)
    run_action(
        request,
        lambda: services.resolution_remove(resolution=resolution, by=request.user),
        "Resolution removed; the others have been renumbered.",
    )
    return redirect(_minutes_url(meeting))


def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk)
    meeting = get_meeting_for_minutes(request, item.meeting_id)
    form = ActionForm(request.POST or None, people=Person.objects.in_partnership(meeting.body.partnership))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, "Action recorded.")
            return redirect(_minutes_url(meeting) + f"#item-{item.pk}")
    return form_page(
        request,
        form,
        title=f"Add an action arising from item {item.position}",
        partnership=meeting.body.partnership,
        back_url=_minutes_url(meeting),
        caption=item.title,
    )


def declaration_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk)
    meeting = get_meeting_for_minutes(request, item.meeting_id)
    people = Person.objects.filter(attendances__meeting=meeting).order_by("family_name")
    form = DeclarationForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_add(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error, "person")
        else:
            messages.success(request, "Declaration recorded.")
            return redirect(_minutes_url(meeting) + f"#item-{item.pk}")
    return form_page(
        request,
        form,
        title=f"Declaration of interest on item {item.position}",
        partnership=meeting.body.partnership,
        back_url=_minutes_url(meeting),
        caption=item.title,
    )


def close_time(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_minutes(request, pk)
    form = CloseTimeForm(
        request.POST or None, initial={"closed_at": meeting.closed_at, "version": record_version(meeting)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_close_time(
                meeting=meeting,
                closed_at=form.cleaned_data["closed_at"],
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            )
        except StaleEdit as stale:
            form.add_error(None, stale.message)
        except ValidationError as error:
            form_error(form, error, "closed_at")
        else:
            messages.success(request, "Closing time saved.")
            return redirect(_minutes_url(meeting))
    return form_page(
        request,
        form,
        title="When did the chair close the meeting?",
        partnership=meeting.body.partnership,
        back_url=_minutes_url(meeting),
        caption=str(meeting),
    )


@require_POST
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_minutes(request, pk)
    if not permissions.can_manage_meetings(request.user, meeting.body.partnership):
        raise PermissionDenied
    run_action(
        request,
        lambda: services.minutes_publish(meeting=meeting, by=request.user),
        "The minutes have been published, marked “Draft — subject to approval”.",
    )
    return redirect(_minutes_url(meeting))


def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_minutes(request, pk, approve=True)
    candidates = services.approval_meetings(meeting)
    form = ApproveForm(
        request.POST or None,
        meetings=Meeting.objects.filter(pk__in=[m.pk for m in candidates]).select_related("body"),
        initial={"at_meeting": candidates[0].pk if candidates else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_approve(
                meeting=meeting,
                at_meeting=form.cleaned_data["at_meeting"],
                corrections=form.cleaned_data["corrections"].splitlines(),
                by=request.user,
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, "The minutes are approved as a correct record and locked.")
            return redirect(_minutes_url(meeting))
    if not candidates and request.method == "GET":
        messages.info(request, "Minutes are approved at the next meeting of the body, once it has started.")
        return redirect(_minutes_url(meeting))
    return form_page(
        request,
        form,
        title="Approve the minutes as a correct record",
        partnership=meeting.body.partnership,
        back_url=_minutes_url(meeting),
        caption=str(meeting),
    )


def minutes_correct(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_minutes(request, pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_correct(meeting=meeting, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            form_error(form, error, "text")
        else:
            messages.success(request, "Correction recorded and published with the minutes.")
            return redirect(_minutes_url(meeting))
    return form_page(
        request,
        form,
        title="Record a correction",
        partnership=meeting.body.partnership,
        back_url=_minutes_url(meeting),
        caption=str(meeting),
    )


def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    today = timezone.localdate()
    actions = list(
        Action.objects.filter(
            Q(meeting__body__partnership=partnership) | Q(recommendation__commission__body__partnership=partnership),
            status=Action.Status.OPEN,
        )
        .select_related("owner", "meeting__body", "item", "recommendation__commission__body")
        .order_by("due_on", "pk")
    )
    actions.sort(key=lambda a: (not (a.due_on and a.due_on < today), a.due_on is None, a.due_on or today))
    return render(
        request, "meetings/manage/actions.html", {"partnership": partnership, "actions": actions, "today": today}
    )


@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        Action.objects.select_related("meeting__body__partnership", "recommendation__commission__body__partnership"),
        pk=pk,
    )
    source = action.meeting.body if action.meeting else action.recommendation.commission.body
    partnership = source.partnership
    if not permissions.can_manage_meetings(request.user, partnership):
        raise Http404
    run_action(request, lambda: services.action_complete(action=action, by=request.user), "Action marked as done.")
    return redirect("manage:actions", slug=partnership.slug)
