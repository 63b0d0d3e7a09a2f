"""Actions agreed at meetings: the open list, adding one, marking one done."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.views import form_error, form_page, run_action
from meetings import services
from meetings.access import (
    get_item_for_user,
)
from meetings.forms.minutes import (
    ActionForm,
)
from meetings.models import (
    Action,
)
from meetings.views.minutes import get_minutes_for_user, minutes_url
from members import permissions
from members.access import get_partnership_for_officer
from members.models import Person


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


def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk)
    meeting = get_minutes_for_user(request, item.meeting_id)
    form = ActionForm(request.POST or None, people=Person.objects.in_partnership(meeting.body.partnership))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
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
