"""Writing, publishing, approving and correcting the minutes."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import record_version
from core.templatetags.richtext import removed_markup
from core.views import attempt, confirm_page, form_page, run_action, versioned
from meetings import services
from meetings.access import (
    get_item_for_user,
    get_minutes_for_chair,
    get_minutes_for_officer,
    get_minutes_for_user,
    get_resolution_for_user,
)
from meetings.forms.minutes import (
    ApproveForm,
    CloseTimeForm,
    CorrectionForm,
    ItemMinutesForm,
    ResolutionCorrectionForm,
    ResolutionForm,
    WithdrawForm,
)
from meetings.models import ItemMinutes, Meeting
from meetings.permissions import can_approve_minutes, can_manage_meetings, can_publish_minutes
from meetings.selectors import public_minutes
from meetings.views.corrections import locked_minutes


def minutes_url(meeting: Meeting) -> str:
    return reverse("manage:minutes", args=[meeting.pk])


def warn_removed(request: HttpRequest, where: str, *texts: str) -> None:
    """Tell the author what the minutes leave out of what they wrote (a script, images, an
    iframe ...): saved as written, but never shown, on the page or in the PDF."""
    removed = [part for text in texts for part in removed_markup(text)]
    if removed:
        listed = removed[0] if len(removed) == 1 else ", ".join(removed[:-1]) + " and " + removed[-1]
        messages.warning(
            request,
            f"{where} cannot contain scripts, images, embedded pages or other HTML, so these are "
            f"left out of what is shown and published: {listed}.",
        )


def minutes_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_user(request, pk)
    partnership = meeting.body.partnership
    context = {
        "meeting": meeting,
        "partnership": partnership,
        "minutes": public_minutes(meeting, confidential=True),
        "quorum": services.quorum(meeting),
        "drafting": meeting.status in services.DRAFTING_STATUSES,
        "can_publish": can_publish_minutes(request.user, partnership),
        "can_approve": can_approve_minutes(request.user, partnership),
        "can_manage": can_manage_meetings(request.user, partnership),
        "approval_meetings": services.approval_meetings(meeting),
        "started": meeting.starts_at <= timezone.now(),
    }
    return render(request, "meetings/manage/minutes.html", context)


def item_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk)
    meeting = get_minutes_for_user(request, item.meeting_id)
    if locked := locked_minutes(request, meeting, title=f"Minutes of item {item.position}: {item.title}"):
        return locked
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

    if request.method == "POST" and form.is_valid() and attempt(form, lambda: save(**versioned(form, missing=0))):
        messages.success(request, f"Minutes of item {item.position} saved.")
        warn_removed(request, f"The minutes of item {item.position}", form.cleaned_data["narrative"])
        return redirect(minutes_url(meeting) + f"#item-{item.pk}")
    return form_page(
        request,
        form,
        title=f"Minutes of item {item.position}: {item.title}",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=str(meeting),
    )


def resolution_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk)
    meeting = get_minutes_for_user(request, item.meeting_id)
    if locked := locked_minutes(request, meeting, title=f"Add a resolution to item {item.position}"):
        return locked
    form = ResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form, lambda: services.resolution_add(item=item, text=form.cleaned_data["text"], by=request.user)
        )
        if saved:
            resolution = saved.result
            messages.success(request, f"Resolution {resolution.number} recorded.")
            warn_removed(request, f"Resolution {resolution.number}", form.cleaned_data["text"])
            return redirect(minutes_url(meeting) + f"#item-{item.pk}")
    return form_page(
        request,
        form,
        title=f"Add a resolution to item {item.position}",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=item.title,
    )


@require_http_methods(["GET", "POST"])
def resolution_remove(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = get_resolution_for_user(request, pk)
    meeting = resolution.meeting
    if request.method != "POST":
        return confirm_page(
            request,
            title=f"Remove resolution {resolution.number}?",
            warning=f"“{resolution.text}” is taken out of the minutes, and the resolutions after it are renumbered.",
            button="Yes, remove the resolution",
            back_url=minutes_url(meeting),
            partnership=meeting.body.partnership,
            caption=str(meeting),
        )
    run_action(
        request,
        lambda: services.resolution_remove(resolution=resolution, by=request.user),
        "Resolution removed; the others have been renumbered.",
    )
    return redirect(minutes_url(meeting))


def close_time(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_user(request, pk)
    if locked := locked_minutes(request, meeting, title="When did the chair close the meeting?"):
        return locked
    form = CloseTimeForm(
        request.POST or None,
        initial={"closed_at": meeting.closed_at, "version": record_version(meeting)},
        meeting=meeting,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.meeting_close_time(
                meeting=meeting,
                closed_at=form.cleaned_data["closed_at"],
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            ),
            field="closed_at",
        )
    ):
        messages.success(request, "Closing time saved.")
        return redirect(minutes_url(meeting))
    return form_page(
        request,
        form,
        title="When did the chair close the meeting?",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=str(meeting),
    )


@require_POST
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_officer(request, pk)
    run_action(
        request,
        lambda: services.minutes_publish(meeting=meeting, by=request.user),
        "The minutes have been published, marked “Draft — subject to approval”.",
    )
    return redirect(minutes_url(meeting))


def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_chair(request, pk)
    candidates = services.approval_meetings(meeting)
    form = ApproveForm(
        request.POST or None,
        meetings=Meeting.objects.filter(pk__in=[m.pk for m in candidates]).select_related("body"),
        initial={"at_meeting": candidates[0].pk if candidates else None},
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.minutes_approve(
                meeting=meeting,
                at_meeting=form.cleaned_data["at_meeting"],
                corrections=form.cleaned_data["corrections"].splitlines(),
                by=request.user,
            ),
        )
        if saved:
            messages.success(request, "The minutes are approved as a correct record and locked.")
            return redirect(minutes_url(meeting))
    if not candidates and request.method == "GET":
        messages.info(request, "Minutes are approved at the next meeting of the body, once it has started.")
        return redirect(minutes_url(meeting))
    return form_page(
        request,
        form,
        title="Approve the minutes as a correct record",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=str(meeting),
    )


def minutes_correct(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_user(request, pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.minutes_correct(meeting=meeting, text=form.cleaned_data["text"], by=request.user),
            field="text",
        )
        if saved:
            messages.success(request, "Correction recorded and published with the minutes.")
            return redirect(minutes_url(meeting))
    return form_page(
        request,
        form,
        title="Record a correction",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=str(meeting),
    )


# -- Correcting a resolution before publication (lane: corrections) ------------------------------


def resolution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = get_resolution_for_user(request, pk)
    meeting = resolution.meeting
    title = f"Correct resolution {resolution.number}"
    if locked := locked_minutes(request, meeting, title=title):
        return locked
    form = ResolutionCorrectionForm(request.POST or None, resolution=resolution)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.resolution_edit(
                resolution=resolution,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            ),
        )
        if saved:
            messages.success(request, f"Resolution {resolution.number} corrected. The reason is in the history.")
            return redirect(minutes_url(meeting) + f"#item-{resolution.item_id}")
    return form_page(
        request,
        form,
        title=title,
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=str(meeting),
    )


def resolution_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = get_resolution_for_user(request, pk)
    meeting = resolution.meeting
    title = f"Withdraw resolution {resolution.number}"
    if locked := locked_minutes(request, meeting, title=title):
        return locked
    form = WithdrawForm(request.POST or None, record=resolution, submit_label="Withdraw the resolution")
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.resolution_withdraw(
                resolution=resolution,
                reason=form.cleaned_data["reason"],
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            ),
            field="reason",
        )
        if saved:
            messages.success(request, "Resolution withdrawn; the others have been renumbered.")
            return redirect(minutes_url(meeting))
    return form_page(
        request,
        form,
        title=title,
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=str(meeting),
        intro=f"“{resolution.text}” will be taken out of the minutes; the meeting's history keeps it, with the reason.",
    )
