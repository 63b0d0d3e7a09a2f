"""Commission pages: the chair's and officers' under /manage/, the public's under /partnerships/."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from boards.models import Partnership
from core.audit import record_version
from core.history import history_page
from core.views import attempt, form_page, page_numbers, run_action, versioned
from meetings.forms.minutes import ActionForm
from meetings.models import Action, Meeting
from meetings.permissions import can_manage_meetings
from members.models import Membership, Person
from members.permissions import refuse

from . import permissions, selectors, services
from .forms import (
    DecisionForm,
    EstablishForm,
    ExtendForm,
    MemberForm,
    ProgressForm,
    ProposeForm,
    RecommendationForm,
    ReportForm,
    SessionForm,
)
from .models import Commission, EvidenceSession, Extension, Recommendation, current_chair

PER_PAGE = 50
MEETINGS_SHOWN = 50

# -- Access helpers: in pairs, scoped by partnership (the rules in `commissions.permissions`) ---------


def get_partnership_for_commissions(request, slug: str) -> Partnership:
    """The partnership whose commissions the user follows (`can_manage_commissions`)."""
    partnership = get_object_or_404(Partnership, slug=slug)
    if not permissions.can_manage_commissions(request.user, partnership):
        refuse(request.user, partnership)
    return partnership


def get_partnership_for_proposer(request, slug: str) -> Partnership:
    """The partnership the user proposes a commission for (`can_propose_commission`)."""
    partnership = get_object_or_404(Partnership, slug=slug)
    if not permissions.can_propose_commission(request.user, partnership):
        refuse(request.user, partnership)
    return partnership


def get_commission_for_user(request, pk: int) -> Commission:
    """A commission's staff page: the chair and the officers (`can_manage_commissions`). 404 for a
    proposal the user may not see (for them it does not exist yet); 403 for an established
    commission they may see (its public page) but not manage."""
    commission = get_object_or_404(Commission.objects.select_related("body__partnership"), pk=pk)
    partnership = commission.body.partnership
    if permissions.can_manage_commissions(request.user, partnership):
        return commission
    if commission.status == Commission.Status.PROPOSED:
        raise Http404
    refuse(request.user, partnership)


def get_commission_for_officer(request, pk: int) -> Commission:
    """A commission to change: the same people who follow it (the chair and the officers) change it."""
    return get_commission_for_user(request, pk)


def get_recommendation_for_officer(request, pk: int) -> Recommendation:
    """A recommendation to decide on, report progress on, or add an action to."""
    recommendation = get_object_or_404(Recommendation.objects.select_related("commission__body__partnership"), pk=pk)
    get_commission_for_officer(request, recommendation.commission_id)
    return recommendation


def _detail_url(commission: Commission) -> str:
    return reverse("commissions:detail", args=[commission.pk])


def _page(request, form, commission: Commission, title: str, **extra) -> HttpResponse:
    return form_page(
        request,
        form,
        title=title,
        partnership=commission.body.partnership,
        back_url=_detail_url(commission),
        caption=commission.body.name,
        **extra,
    )


def commission_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_commissions(request, slug)
    commissions = (
        Commission.objects.filter(body__partnership=partnership)
        .select_related("body")
        .order_by("status", "ends_on", "pk")
    )
    page = Paginator(commissions, PER_PAGE).get_page(request.GET.get("page"))
    context = {"partnership": partnership, "commissions": page, "page": page, "page_numbers": page_numbers(page)}
    return render(request, "commissions/manage/list.html", {**context, "today": timezone.localdate()})


def commission_propose(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_proposer(request, slug)
    form = ProposeForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        propose = partial(services.commission_propose, partnership=partnership, by=request.user)
        saved = attempt(form, lambda: propose(**form.cleaned_data))
        if saved:
            messages.success(request, f"{saved.result} proposed. It becomes active once established.")
            return redirect(_detail_url(saved.result))
    return form_page(
        request,
        form,
        title="Propose a commission",
        partnership=partnership,
        back_url=reverse("commissions:list", args=[partnership.slug]),
        caption=partnership.name,
        intro="When an issue needs attention, the chair may recommend a commission: a time-limited "
        "investigation that makes recommendations for action.",
    )


def commission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The commission, its members, recommendations and latest meetings; its history fifty
    changes to a page."""
    commission = get_commission_for_user(request, pk)
    history = history_page(
        commission.history.select_related("history_user"),
        Membership.history.filter(body_id=commission.body_id).select_related("history_user"),
        Recommendation.history.filter(commission_id=commission.pk).select_related("history_user"),
        Extension.history.filter(commission_id=commission.pk).select_related("history_user"),
        EvidenceSession.history.filter(commission_id=commission.pk).select_related("history_user"),
        number=request.GET.get("page"),
    )
    members = list(commission.body.memberships.select_related("person", "organisation").order_by("starts_on"))
    context = {
        "commission": commission,
        "partnership": commission.body.partnership,
        "members": members,
        "chair": current_chair(members),
        "recommendations": commission.recommendations.select_related(
            "addressed_to", "decision__meeting"
        ).prefetch_related(Prefetch("actions", queryset=Action.objects.select_related("owner"))),
        "missing": services.missing_for_establishment(commission),
        "meetings": _latest_meetings(Meeting.objects.filter(body=commission.body)),
        "can_manage_meetings": can_manage_meetings(request.user, commission.body.partnership),
        "today": timezone.localdate(),
        "history": history,
        "page": history,
        "page_numbers": page_numbers(history),
    }
    return render(request, "commissions/manage/detail.html", context)


def _latest_meetings(meetings, *, newest: bool = False) -> dict:
    """The latest MEETINGS_SHOWN of `meetings` (oldest first, or `newest` first), and whether
    there are more: a commission's page lists a bounded number of its meetings."""
    latest = list(meetings.order_by("-starts_at")[: MEETINGS_SHOWN + 1])
    shown = latest[:MEETINGS_SHOWN]
    return {"list": shown if newest else shown[::-1], "more": len(latest) > MEETINGS_SHOWN}


def commission_establish(request: HttpRequest, pk: int) -> HttpResponse:
    commission = get_commission_for_officer(request, pk)
    partnership = commission.body.partnership
    form = EstablishForm(
        request.POST or None, partnership=partnership, initial={"established_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_chair = bool(data.get("by_chair"))
        if by_chair and not permissions.can_establish_by_chair(request.user, partnership):
            form.add_error("by_chair", "Only the chair can establish a commission under delegated powers.")
        elif attempt(
            form,
            lambda: services.commission_establish(
                commission=commission,
                resolution=data.get("resolution"),
                by_chair=by_chair,
                established_on=data["established_on"],
                by=request.user,
            ),
        ):
            messages.success(request, f"{commission} is established and active.")
            return redirect(_detail_url(commission))
    missing = services.missing_for_establishment(commission)
    warning = ("It cannot become active without " + " and ".join(missing) + ".") if missing else ""
    return _page(request, form, commission, "Establish the commission", warning=warning)


def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    commission = get_commission_for_officer(request, pk)
    form = MemberForm(
        request.POST or None,
        partnership=commission.body.partnership,
        initial={"starts_on": max(commission.starts_on, timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.commission_member_add(
                commission=commission,
                person=data.get("person"),
                new_person=form.new_person(),
                role=data["role"],
                voting=data["voting"],
                starts_on=data["starts_on"],
                ends_on=data.get("ends_on"),
                organisation=data.get("organisation"),
                job_title=data.get("job_title", ""),
                by=request.user,
            ),
        ):
            messages.success(request, "Added to the commission.")
            return redirect(_detail_url(commission))
    return _page(request, form, commission, "Add a member, advisor or co-opted member")


def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    commission = get_commission_for_officer(request, pk)
    form = SessionForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, lambda: services.evidence_session_add(commission=commission, by=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, "Session logged.")
        return redirect(_detail_url(commission))
    return _page(
        request,
        form,
        commission,
        "Log an evidence or participation session",
        intro="Record who was heard as groups or organisations. Never record children's names.",
    )


def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    commission = get_commission_for_officer(request, pk)
    form = RecommendationForm(request.POST or None, partnership=commission.body.partnership)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, lambda: services.recommendation_add(commission=commission, by=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, "Recommendation added.")
        return redirect(_detail_url(commission))
    return _page(request, form, commission, "Add a recommendation")


def recommendation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_officer(request, pk)
    commission = recommendation.commission
    form = DecisionForm(request.POST or None, partnership=commission.body.partnership)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.recommendation_decide(recommendation=recommendation, by=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, f"The board's decision on recommendation {recommendation.number} is recorded.")
        return redirect(_detail_url(commission))
    return _page(
        request,
        form,
        commission,
        f"Board decision on recommendation {recommendation.number}",
        intro=recommendation.text,
    )


def recommendation_progress(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_officer(request, pk)
    commission = recommendation.commission
    initial = {"outcome": recommendation.outcome, "version": record_version(recommendation)}
    if recommendation.status in services.PROGRESS:
        initial["status"] = recommendation.status
    form = ProgressForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.recommendation_progress(recommendation=recommendation, by=request.user, **versioned(form)),
        )
    ):
        messages.success(request, "Progress saved.")
        return redirect(_detail_url(commission))
    return _page(
        request, form, commission, f"Progress on recommendation {recommendation.number}", intro=recommendation.text
    )


def recommendation_action(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_recommendation_for_officer(request, pk)
    commission = recommendation.commission
    form = ActionForm(request.POST or None, people=Person.objects.in_partnership(commission.body.partnership))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.recommendation_action_add(
                recommendation=recommendation, by=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "Action added.")
        return redirect(_detail_url(commission))
    return _page(
        request, form, commission, f"Action on recommendation {recommendation.number}", intro=recommendation.text
    )


def commission_extend(request: HttpRequest, pk: int) -> HttpResponse:
    commission = get_commission_for_officer(request, pk)
    form = ExtendForm(
        request.POST or None, partnership=commission.body.partnership, initial={"version": record_version(commission)}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(form, lambda: services.commission_extend(commission=commission, by=request.user, **versioned(form)))
    ):
        messages.success(request, "The time limit has been extended.")
        return redirect(_detail_url(commission))
    return _page(
        request,
        form,
        commission,
        "Extend the time limit",
        intro=f"The commission is due to end on {commission.ends_on:%-d %B %Y}. An extension is a recorded "
        "decision with a reason.",
    )


def commission_report(request: HttpRequest, pk: int) -> HttpResponse:
    commission = get_commission_for_officer(request, pk)
    form = ReportForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form, lambda: services.commission_report(commission=commission, by=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, "The commission has reported. The board now decides on its recommendations.")
        return redirect(_detail_url(commission))
    return _page(request, form, commission, "The commission's final report")


@require_POST
def commission_close(request: HttpRequest, pk: int) -> HttpResponse:
    commission = get_commission_for_officer(request, pk)
    run_action(
        request, lambda: services.commission_close(commission=commission, by=request.user), f"{commission} is closed."
    )
    return redirect(_detail_url(commission))


# -- Public ---------------------------------------------------------------------------------------


@login_not_required
def public_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    commissions = list(Commission.objects.public().filter(body__partnership=partnership).order_by("ends_on"))
    return render(
        request,
        "commissions/public/list.html",
        {
            "partnership": partnership,
            "active": [c for c in commissions if c.status != Commission.Status.CLOSED],
            "closed": [c for c in commissions if c.status == Commission.Status.CLOSED],
        },
    )


@login_not_required
def public_detail(request: HttpRequest, slug: str, commission: str) -> HttpResponse:
    commission = get_object_or_404(
        Commission.objects.public().prefetch_related("focus_areas", "sessions", "extensions"),
        body__partnership__slug=slug,
        body__slug=commission,
    )
    members = list(commission.body.memberships.public().order_by("starts_on"))
    context = {
        "commission": commission,
        "partnership": commission.body.partnership,
        "members": members,
        "chair": current_chair(members),
        "establishment": selectors.public_establishment(commission),
        "meetings": _latest_meetings(Meeting.objects.with_public_minutes().filter(body=commission.body), newest=True),
        "recommendations": commission.recommendations.select_related(
            "addressed_to", "decision__meeting__body"
        ).prefetch_related(Prefetch("actions", queryset=Action.objects.select_related("owner"))),
        "roles": Membership.Role,
    }
    return render(request, "commissions/public/detail.html", context)
