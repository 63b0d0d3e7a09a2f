"""The planning group and the agenda items its members propose."""

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from boards.models import Body
from core.views import attempt, form_page, run_action
from meetings import services
from meetings.access import get_meeting_for_proposer, get_planning_group_for_officer, get_proposal_for_officer
from meetings.forms.agenda import (
    DeclineForm,
    PlanningGroupForm,
    ProposalForm,
)
from meetings.views.schedule import meeting_url
from members import permissions


def planning_group(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, board = get_planning_group_for_officer(request, slug)
    group = Body.objects.filter(partnership=partnership, kind=Body.Kind.PLANNING_GROUP).first()
    current = (
        list(group.memberships.current().filter(role="member").values_list("person_id", flat=True)) if group else []
    )
    initial = {"people": current, "version": services.planning_group_version(partnership)}
    form = PlanningGroupForm(request.POST or None, board=board, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.planning_group_appoint(
                partnership=partnership,
                people=list(form.cleaned_data["people"]),
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            ),
            field="people",
        )
    ):
        messages.success(request, "The planning group has been appointed.")
        return redirect("manage:dashboard")
    return form_page(
        request,
        form,
        title="Appoint the planning group",
        partnership=partnership,
        back_url=reverse("manage:dashboard"),
        caption=partnership.name,
        intro="The planning group assists with agenda setting. Choose its members from the board's current members.",
    )


def proposal_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_proposer(request, pk)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.proposal_submit(
                meeting=meeting, person=permissions.person_of(request.user), by=request.user, **form.cleaned_data
            ),
        )
        if saved:
            messages.success(request, "Your proposal has been sent to the partnership officer.")
            return redirect("manage:dashboard")
    return form_page(
        request,
        form,
        title="Propose an agenda item",
        partnership=meeting.body.partnership,
        back_url=reverse("manage:dashboard"),
        caption=str(meeting),
        intro="The partnership officer accepts the item onto the agenda or tells you why not.",
    )


def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_officer(request, pk)
    accepting = request.POST.get("decision") == "accept"
    form = DeclineForm(request.POST if request.method == "POST" and not accepting else None)
    if request.method == "POST" and accepting:
        # A one-click decision: a refusal (decided meanwhile, or a second click) is a message.
        run_action(
            request,
            lambda: services.proposal_accept(proposal=proposal, by=request.user),
            lambda item: f"Accepted as item {item.position}.",
        )
        return redirect(meeting_url(proposal.meeting))
    decline = partial(services.proposal_decline, proposal=proposal, by=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: decline(reason=form.cleaned_data["reason"]))
    ):
        messages.success(request, "Proposal declined. The proposer can see your reason.")
        return redirect(meeting_url(proposal.meeting))
    return render(
        request,
        "meetings/manage/proposal_decide.html",
        {"proposal": proposal, "form": form, "partnership": proposal.meeting.body.partnership},
    )
