"""Staff pages for building the agenda: opening items, items, their order, cover reports."""

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from core.views import attempt, confirm_page, form_page, run_action, versioned
from meetings import services
from meetings.access import get_item_for_officer, get_meeting_for_officer
from meetings.forms.agenda import (
    AgendaItemCorrectionForm,
    AgendaItemForm,
    CoverReportForm,
)
from meetings.models import (
    AgendaItem,
    CoverReport,
)
from meetings.views.corrections import locked_agenda
from meetings.views.schedule import meeting_url


@require_POST
def agenda_start(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_officer(request, pk)
    run_action(
        request,
        lambda: services.agenda_start(meeting=meeting, by=request.user),
        "The standard opening items have been added. Edit or remove any of them.",
    )
    return redirect(meeting_url(meeting))


def item_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_officer(request, pk)
    if locked := locked_agenda(request, meeting, title="Add an agenda item"):
        return locked
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        saved = attempt(form, lambda: services.agenda_item_add(meeting=meeting, by=request.user, **values))
        if saved:
            item = saved.result
            messages.success(request, f"Item {item.position} added.")
            return redirect(meeting_url(meeting))
    return form_page(
        request,
        form,
        title="Add an agenda item",
        partnership=meeting.body.partnership,
        back_url=meeting_url(meeting),
        caption=str(meeting),
    )


def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_officer(request, pk)
    if locked := locked_agenda(request, item.meeting, title=f"Edit item {item.position}"):
        return locked
    published = item.meeting.publications.exists()  # a correction then: a supplement, with a reason
    form_class = AgendaItemCorrectionForm if published else AgendaItemForm
    form = form_class(request.POST or None, instance=AgendaItem.objects.get(pk=item.pk))
    save = partial(services.agenda_item_update, item=item, by=request.user)
    if request.method == "POST" and form.is_valid() and attempt(form, lambda: save(**versioned(form, missing=0))):
        messages.success(request, f"Item {item.position} saved.")
        return redirect(meeting_url(item.meeting))
    return form_page(
        request,
        form,
        title=f"Edit item {item.position}",
        partnership=item.meeting.body.partnership,
        back_url=meeting_url(item.meeting),
        caption=str(item.meeting),
        intro="The agenda is published: this change reaches the public in the next supplement, which says what changed."
        if published
        else "",
    )


@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_officer(request, pk)
    up = request.POST.get("direction") == "up"
    run_action(
        request,
        lambda: services.agenda_item_move(item=item, up=up, by=request.user),
        f"Item “{item.title}” moved {'up' if up else 'down'}.",
    )
    return redirect(meeting_url(item.meeting) + f"#item-{item.pk}")


@require_http_methods(["GET", "POST"])
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_officer(request, pk)
    if locked := locked_agenda(request, item.meeting, title=f"Remove item {item.position}"):
        return locked
    if request.method != "POST":
        return confirm_page(
            request,
            title=f"Remove item {item.position}, “{item.title}”?",
            warning="Its report and papers go with it, and the items after it are renumbered.",
            button="Yes, remove the item",
            back_url=meeting_url(item.meeting) + f"#item-{item.pk}",
            partnership=item.meeting.body.partnership,
            caption=str(item.meeting),
        )
    run_action(
        request,
        lambda: services.agenda_item_remove(item=item, by=request.user),
        f"Item “{item.title}” removed; the items after it have been renumbered.",
    )
    return redirect(meeting_url(item.meeting))


def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_officer(request, pk)
    if locked := locked_agenda(request, item.meeting, title=f"Report for item {item.position}: {item.title}"):
        return locked
    report = CoverReport.objects.filter(item=item).first() or CoverReport(item=item)
    form = CoverReportForm(request.POST or None, instance=report)
    save = partial(services.report_save, item=item, by=request.user)
    if request.method == "POST" and form.is_valid() and attempt(form, lambda: save(**versioned(form, missing=0))):
        messages.success(request, f"Report for item {item.position} saved.")
        return redirect(meeting_url(item.meeting))
    return form_page(
        request,
        form,
        title=f"Report for item {item.position}: {item.title}",
        partnership=item.meeting.body.partnership,
        back_url=meeting_url(item.meeting),
        caption=str(item.meeting),
    )
