"""Actions agreed at meetings: the open list, adding one, marking one done."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.views import attempt, form_page, page_numbers, run_action
from meetings import services, staff_selectors
from meetings.access import action_partnership, get_action_for_officer, get_item_for_user, get_minutes_for_user
from meetings.forms.minutes import (
    ActionForm,
)
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
    form = ActionForm(
        request.POST or None, people=Person.objects.in_partnership(meeting.body.partnership), meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: services.action_add(item=item, by=request.user, **form.cleaned_data))
        if saved:
            messages.success(request, "Action recorded.")
            return redirect(minutes_url(meeting) + f"#item-{item.pk}")
    return form_page(
        request,
        form,
        title=f"Add an action arising from item {item.position}",
        partnership=meeting.body.partnership,
        back_url=minutes_url(meeting),
        caption=item.title,
    )
