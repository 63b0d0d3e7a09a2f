"""Writing, publishing, approving and correcting the minutes."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.audit import record_version
from core.dates import format_date
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
    MinutesPublishForm,
    ResolutionCorrectionForm,
    ResolutionForm,
    WithdrawForm,
    approval_verb,
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
    drafting = meeting.status in services.DRAFTING_STATUSES
    context = {
        "meeting": meeting,
        "partnership": partnership,
        "minutes": public_minutes(meeting, confidential=True),
        "quorum": services.quorum(meeting),
        "drafting": drafting,
        "can_publish": can_publish_minutes(request.user, partnership),
        "can_approve": can_approve_minutes(request.user, partnership),
        "can_manage": can_manage_meetings(request.user, partnership),
        "approval_meetings": services.approval_meetings(meeting),
        "unapproved_previous": services.unapproved_previous(meeting) if drafting else None,
        "brought_over": meeting.status == Meeting.Status.MINUTES_DRAFTED and services.is_brought_over(meeting),
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
        return redirect(minutes_url(meeting) + f"#minutes-item-{item.pk}")
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
    form = ResolutionForm(
        request.POST or None,
        heading=meeting.body.partnership.resolution_heading,
        present=services.people_present(meeting),
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.resolution_add(
                item=item, text=form.cleaned_data["text"], decision=form.decision(), by=request.user
            ),
        )
        if saved:
            resolution = saved.result
            messages.success(request, f"Resolution {resolution.number} recorded.")
            warn_removed(request, f"Resolution {resolution.number}", form.cleaned_data["text"])
            return redirect(minutes_url(meeting) + f"#minutes-item-{item.pk}")
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
    if locked := locked_minutes(request, meeting, title=f"Remove resolution {resolution.number}"):
        return locked
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


PUBLISHED_MESSAGE = "The minutes have been published, marked “Draft — subject to approval”."


def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the minutes: one button, unless the previous meeting's minutes are not approved
    yet. Then the page warns, and when those minutes are published asks whether this meeting
    approved them, which is recorded in these minutes in the same step."""
    meeting = get_minutes_for_officer(request, pk)
    if locked := locked_minutes(request, meeting, title="Publish the minutes"):
        return locked
    previous = services.unapproved_previous(meeting)
    offered = previous if previous is not None and previous.status == Meeting.Status.MINUTES_PUBLISHED else None
    form = MinutesPublishForm(request.POST if request.method == "POST" else None, previous=offered)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.minutes_publish_approving_previous(
                meeting=meeting,
                previous=offered if form.approving else None,
                corrections=form.correction_lines(),
                by=request.user,
            ),
        )
        if saved:
            message = PUBLISHED_MESSAGE
            if form.approving:
                phrase = meeting.body.partnership.approval_phrase
                message += f" They record that the minutes of {format_date(offered.starts_at)} were {phrase}."
            messages.success(request, message)
            return redirect(minutes_url(meeting))
        if not form.fields:  # the one-button form: its refusal is a message on the minutes page
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
            return redirect(minutes_url(meeting))
    return form_page(
        request,
        form,
        title="Publish the minutes",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=str(meeting),
        intro="Publishing makes the minutes public, marked “Draft — subject to approval”, as a web page and a PDF. "
        "Confidential items show only their one-line summary.",
        warning=previous_warning(previous),
    )


def previous_warning(previous: Meeting | None) -> str:
    if previous is None:
        return ""
    when = format_date(previous.starts_at)
    phrase = previous.body.partnership.approval_phrase
    if previous.status == Meeting.Status.MINUTES_PUBLISHED:
        return f"The minutes of the previous meeting, {when}, have not yet been {phrase}."
    return (
        f"The minutes of the previous meeting, {when}, have not been published yet. Once they are, "
        f"they can be {phrase} at this meeting or a later one, and the approval added to these minutes."
    )


def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_minutes_for_chair(request, pk)
    partnership = meeting.body.partnership
    candidates = services.approval_meetings(meeting)
    form = ApproveForm(
        request.POST or None,
        meetings=Meeting.objects.filter(pk__in=[m.pk for m in candidates]).select_related("body"),
        partnership=partnership,
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
            messages.success(request, f"The minutes are {partnership.approval_phrase} and locked.")
            return redirect(minutes_url(meeting))
    if not candidates and request.method == "GET":
        messages.info(request, "Minutes are approved at a later meeting of the body, once it has been held.")
        return redirect(minutes_url(meeting))
    return form_page(
        request,
        form,
        title=f"{approval_verb(partnership)} the minutes as {partnership.record_phrase}",
        intro="Choose the meeting that agreed them: usually the next one. If its own minutes are already "
        "published, the approval is added to them and stated publicly as a correction.",
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
            return redirect(minutes_url(meeting) + f"#minutes-item-{resolution.item_id}")
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
