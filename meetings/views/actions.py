"""Actions agreed at meetings: the open list, adding one, correcting or withdrawing one (with a
recorded reason), its history, marking one done."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.history import history_page
from core.views import attempt, form_page, page_numbers, run_action
from meetings import services, staff_selectors
from meetings.access import action_partnership, get_action_for_officer, get_item_for_user, get_minutes_for_user
from meetings.forms.minutes import (
    ActionCorrectionForm,
    ActionForm,
    WithdrawForm,
)
from meetings.models import Action
from meetings.views.corrections import locked_minutes
from meetings.views.minutes import minutes_url
from members.access import get_partnership_for_officer
from members.models import Person


def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The open actions, overdue first (`staff_selectors.open_actions`), fifty to a page."""
    partnership = get_partnership_for_officer(request, slug)
    today = timezone.localdate()
    page = Paginator(staff_selectors.open_actions(partnership, today), staff_selectors.PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"partnership": partnership, "actions": page, "page": page, "page_numbers": page_numbers(page)}
    return render(request, "meetings/manage/actions.html", {**context, "today": today})


@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_officer(request, pk)
    run_action(request, lambda: services.action_complete(action=action, by=request.user), "Action marked as done.")
    return redirect("manage:actions", slug=action_partnership(action).slug)


def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk)
    meeting = get_minutes_for_user(request, item.meeting_id)
    if locked := locked_minutes(request, meeting, title=f"Add an action arising from item {item.position}"):
        return locked
    form = ActionForm(
        request.POST or None, people=Person.objects.in_partnership(meeting.body.partnership), meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: services.action_add(item=item, by=request.user, **form.cleaned_data))
        if saved:
            messages.success(request, "Action recorded.")
            return redirect(minutes_url(meeting) + f"#minutes-item-{item.pk}")
    return form_page(
        request,
        form,
        title=f"Add an action arising from item {item.position}",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=item.title,
    )


def _action_caption(action) -> str:
    if action.meeting_id:
        return str(action.meeting)
    return f"{action.recommendation.commission.body.name}, recommendation {action.recommendation.number}"


def action_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an action's owner, due date (a day, or a month) or description, with the reason."""
    action = get_action_for_officer(request, pk)
    partnership = action_partnership(action)
    form = ActionCorrectionForm(request.POST or None, action=action, people=Person.objects.in_partnership(partnership))
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = attempt(
            form,
            lambda: services.action_correct(
                action=action, by=request.user, loaded_version=form.cleaned_data["version"], **values
            ),
        )
        if saved:
            messages.success(request, "Action corrected. The reason is recorded in its history.")
            return redirect("manage:action_history", pk=action.pk)
    return form_page(
        request,
        form,
        title="Correct an action",
        partnership=partnership,
        back_url=reverse("manage:actions", args=[partnership.slug]),
        caption=_action_caption(action),
    )


def action_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw an open action (recorded in error or overtaken), with the reason."""
    action = get_action_for_officer(request, pk)
    partnership = action_partnership(action)
    form = WithdrawForm(request.POST or None, record=action, submit_label="Withdraw the action")
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.action_withdraw(
                action=action,
                reason=form.cleaned_data["reason"],
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            ),
            field="reason",
        )
        if saved:
            messages.success(request, "Action withdrawn. The reason is recorded in its history.")
            return redirect("manage:actions", slug=partnership.slug)
    return form_page(
        request,
        form,
        title=f"Withdraw the action: {action}",
        partnership=partnership,
        back_url=reverse("manage:actions", args=[partnership.slug]),
        caption=_action_caption(action),
        intro="The action is kept, marked dropped, with the reason in its history.",
    )


def action_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to one action: who, when, what and why."""
    action = get_action_for_officer(request, pk)
    partnership = action_partnership(action)
    page = history_page(
        Action.history.filter(id=action.pk).select_related("history_user"), number=request.GET.get("page")
    )
    context = {
        "partnership": partnership,
        "title": "History of the action",
        "caption": str(action),
        "intro": "Every change to this action, with who made it, when and why.",
        "back_url": reverse("manage:actions", args=[partnership.slug]),
        "entries": page,
        "page": page,
        "page_numbers": page_numbers(page),
        "correct_url": reverse("manage:action_correct", args=[action.pk]),
    }
    return render(request, "record_history.html", context)
