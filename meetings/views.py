"""Officers', chairs' and members' pages, under /manage/. Thin: access helper, form, service,
redirect (POST-redirect-GET). Mutations only on POST."""

import datetime as dt
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from boards import permissions
from boards.models import Body, Partnership
from commissions.models import Commission
from core.audit import StaleEdit, record_version
from core.history import history_entries
from core.views import form_error, form_page, run_action
from members.register import interests_touching, member_statuses

from . import services
from .access import (
    get_item_for_user,
    get_meeting_for_user,
    get_paper_for_user,
    get_partnership_for_officer,
    get_proposal_for_officer,
    restricted_agenda,
)
from .calendar import describe_rule
from .forms import (
    AgendaItemForm,
    CancelForm,
    CoverReportForm,
    DeclineForm,
    MeetingForm,
    NewMeetingForm,
    PaperForm,
    PlanningGroupForm,
    ProposalForm,
    PublishForm,
    SeriesDatesForm,
    SeriesForm,
)
from .models import (
    Action,
    AgendaItem,
    AgendaProposal,
    Attendance,
    CoverReport,
    Declaration,
    ItemMinutes,
    Meeting,
    MinutesCorrection,
    ReportFile,
    Resolution,
)


def _save_versioned(form, save) -> bool:
    """Call `save(loaded_version=..., **fields)`; a stale edit or a broken rule goes on the form,
    which re-renders with what the user typed."""
    values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
    try:
        save(loaded_version=form.cleaned_data.get("version") or 0, **values)
    except services.StaleEdit as stale:
        form.add_error(None, stale.message)
    except ValidationError as error:
        form_error(form, error)
    else:
        return True
    return False


def _meeting_url(meeting: Meeting) -> str:
    return reverse("manage:meeting", args=[meeting.pk])


# -- Dashboard ------------------------------------------------------------------------------------


def dashboard(request: HttpRequest) -> HttpResponse:
    """What needs doing next, for each partnership the user works in. A member who has never
    signed the Nolan undertaking is asked to sign it first."""
    today = timezone.localdate()
    unsigned = _first_unsigned_partnership(request.user)
    if unsigned is not None:
        messages.info(request, f"Welcome. Before you start, please sign the Nolan undertaking for {unsigned.name}.")
        return redirect("members:undertaking", slug=unsigned.slug)
    officer_of = list(request.user.officer_of.order_by("name"))
    person = permissions.person_of(request.user)
    panels = []
    for partnership in officer_of:
        upcoming = list(
            Meeting.objects.filter(body__partnership=partnership, starts_at__gte=timezone.now())
            .select_related("body")
            .order_by("starts_at")[:8]
        )
        rows = []
        for meeting in upcoming:
            deadline = services.deadline_for(meeting)
            rows.append(
                {
                    "meeting": meeting,
                    "deadline": deadline,
                    "days_left": (deadline - today).days,
                    "due": meeting.status == Meeting.Status.SCHEDULED and (deadline - today).days <= 14,
                    "overdue": meeting.status == Meeting.Status.SCHEDULED and deadline < today,
                }
            )
        proposals = AgendaProposal.objects.filter(
            meeting__body__partnership=partnership, status=AgendaProposal.Status.PROPOSED
        ).select_related("meeting__body", "proposed_by")
        ending = (
            Commission.objects.filter(body__partnership=partnership).ending_within(30, today).select_related("body")
        )
        statuses = member_statuses(partnership)
        panels.append(
            {
                "undertakings_overdue": [m for m in statuses if m.undertaking_state == "overdue"],
                "registers_late": [m for m in statuses if m.register_late],
                "partnership": partnership,
                "rows": rows,
                "proposals": list(proposals),
                "commissions_ending": list(ending),
            }
        )
    memberships = []
    if person is not None:
        memberships = list(person.memberships.current(today).select_related("body__partnership"))
    chair_of = [m.body.partnership for m in memberships if m.role == "chair" and m.body.kind == Body.Kind.BOARD]
    planning = [m.body.partnership for m in memberships if m.body.kind == Body.Kind.PLANNING_GROUP]
    chair_minutes = list(
        Meeting.objects.filter(
            body__partnership__in=chair_of,
            status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED, Meeting.Status.MINUTES_PUBLISHED],
        )
        .select_related("body")
        .order_by("starts_at")
    )
    proposable = list(
        Meeting.objects.filter(
            body__partnership__in=planning,
            body__kind=Body.Kind.BOARD,
            starts_at__gte=timezone.now(),
            status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED],
        )
        .select_related("body")
        .order_by("starts_at")[:3]
    )
    published_meetings = list(  # the papers a member reads: the published agendas of their bodies
        Meeting.objects.published()
        .filter(
            body__in={m.body_id for m in memberships},
            starts_at__gte=timezone.now() - dt.timedelta(days=62),
        )
        .select_related("body")
        .order_by("starts_at")[:10]
    )
    my_proposals = []
    if person is not None:
        my_proposals = list(person.proposals.select_related("meeting__body")[:20])
    context = {
        "panels": panels,
        "memberships": memberships,
        "chair_of": chair_of,
        "chair_minutes": chair_minutes,
        "proposable": proposable,
        "planning": planning,
        "my_proposals": my_proposals,
        "published_meetings": published_meetings,
        "today": today,
    }
    return render(request, "meetings/manage/dashboard.html", context)


def _first_unsigned_partnership(user):
    person = permissions.person_of(user)
    if person is None:
        return None
    current = person.memberships.current().exclude(role="officer").select_related("body__partnership")
    signed = set(person.undertakings.values_list("partnership_id", flat=True))
    for membership in current:
        if membership.body.partnership_id not in signed:
            return membership.body.partnership
    return None


# -- Scheduling -----------------------------------------------------------------------------------


def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    meetings = Meeting.objects.filter(body__partnership=partnership).select_related("body").order_by("starts_at")
    upcoming = [m for m in meetings if m.starts_at >= timezone.now()]
    past = [m for m in meetings if m.starts_at < timezone.now()][::-1]
    return render(
        request,
        "meetings/manage/meeting_list.html",
        {"partnership": partnership, "upcoming": upcoming, "past": past},
    )


SERIES_SESSION_KEY = "meeting-series"


def schedule_series(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1: the pattern. Step 2 (preview): every date listed, flagged, movable. Step 3: save."""
    partnership = get_partnership_for_officer(request, slug)
    form = SeriesForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request.session[SERIES_SESSION_KEY] = {
            "partnership": partnership.pk,
            "body": data["body"].pk,
            "first_date": data["first_date"].isoformat(),
            "every_months": data["every_months"],
            "rule": data["rule"],
            "count": data["count"],
            "start_time": data["start_time"].strftime("%H:%M"),
            "duration": int(data["duration"].total_seconds() // 60),
            "venue": data["venue"],
        }
        return redirect("manage:schedule_preview", slug=partnership.slug)
    return form_page(
        request,
        form,
        title="Schedule a series of meetings",
        partnership=partnership,
        back_url=reverse("manage:meetings", args=[partnership.slug]),
        caption=partnership.name,
        intro="Describe the pattern. You will see every date, with bank holidays and clashes flagged, "
        "and can move any of them before anything is saved.",
    )


def schedule_preview(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    pattern = request.session.get(SERIES_SESSION_KEY)
    if not pattern or pattern.get("partnership") != partnership.pk:
        messages.info(request, "Start by describing the series of meetings.")
        return redirect("manage:schedule", slug=partnership.slug)
    body = get_object_or_404(Body, pk=pattern["body"], partnership=partnership)
    first = dt.date.fromisoformat(pattern["first_date"])
    proposed = services.series_preview(
        body=body, first=first, every_months=pattern["every_months"], rule=pattern["rule"], count=pattern["count"]
    )
    form = SeriesDatesForm(request.POST or None, days=[row.day for row in proposed])
    rows = proposed
    if request.method == "POST" and form.is_valid():
        days = form.days
        if "recheck" not in request.POST:
            try:
                meetings = services.meeting_schedule_series(
                    body=body,
                    days=days,
                    start_time=dt.time.fromisoformat(pattern["start_time"]),
                    duration=dt.timedelta(minutes=pattern["duration"]),
                    venue=pattern["venue"],
                    by=request.user,
                )
            except ValidationError as error:
                form_error(form, error)
            else:
                del request.session[SERIES_SESSION_KEY]
                messages.success(request, f"{len(meetings)} meetings of the {body.name} scheduled.")
                return redirect("manage:meetings", slug=partnership.slug)
        rows = services.series_preview(body=body, first=first, every_months=0, rule="", count=0, days=days)
    context = {
        "partnership": partnership,
        "body": body,
        "pattern": pattern,
        "rule_text": describe_rule(first, pattern["rule"]),
        "form": form,
        "rows": list(zip(rows, [form[name] for name in form.fields], strict=True)),
    }
    return render(request, "meetings/manage/schedule_preview.html", context)


def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_officer(request, slug)
    form = NewMeetingForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = services.london(data["date"], data["start_time"])
        try:
            meeting = services.meeting_create(
                body=data["body_choice"],
                starts_at=starts_at,
                ends_at=starts_at + data["duration"],
                venue=data["venue"],
                by=request.user,
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, "Meeting scheduled.")
            return redirect(_meeting_url(meeting))
    return form_page(
        request,
        form,
        title="Add a meeting",
        partnership=partnership,
        back_url=reverse("manage:meetings", args=[partnership.slug]),
        caption=partnership.name,
    )


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, change=True)
    local = timezone.localtime(meeting.starts_at)
    initial = {
        "date": local.date(),
        "start_time": local.time(),
        "duration": int(meeting.length.total_seconds() // 60),
        "venue": meeting.venue,
        "version": record_version(meeting),
    }
    form = MeetingForm(
        request.POST or None,
        initial=initial,
        body=meeting.body,
        agenda_published=meeting.status == Meeting.Status.AGENDA_PUBLISHED,
    )
    clash_list = services.clashes(meeting.body.partnership, local.date(), exclude=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = services.london(data["date"], data["start_time"])
        try:
            services.meeting_move(
                meeting=meeting,
                starts_at=starts_at,
                ends_at=starts_at + data["duration"],
                venue=data["venue"],
                by=request.user,
                loaded_version=data["version"],
                late_reason=data.get("late_reason", ""),
            )
        except StaleEdit as stale:
            form.add_error(None, stale.message)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, "Meeting updated.")
            return redirect(_meeting_url(meeting))
    warning = ""
    if clash_list:
        warning = "Another meeting of the partnership is on this day: " + ", ".join(str(m) for m in clash_list)
    return form_page(
        request,
        form,
        title="Move or change the meeting",
        partnership=meeting.body.partnership,
        back_url=_meeting_url(meeting),
        caption=str(meeting),
        warning=warning,
    )


def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, change=True)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, "Meeting cancelled. The public calendar shows it as cancelled.")
            return redirect(_meeting_url(meeting))
    return form_page(
        request,
        form,
        title="Cancel the meeting",
        partnership=meeting.body.partnership,
        back_url=_meeting_url(meeting),
        caption=str(meeting),
        intro="The meeting stays on the public calendar, marked cancelled.",
    )


# -- The agenda -----------------------------------------------------------------------------------


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    partnership = meeting.body.partnership
    if not permissions.can_see_unpublished(request.user, partnership):
        return _meeting_for_member(request, meeting)
    can_manage = permissions.can_manage_meetings(request.user, partnership)
    items = list(meeting.items.select_related("report").prefetch_related("files").order_by("position"))
    total = sum(item.expected_minutes or 0 for item in items)
    length = services.meeting_minutes(meeting)
    publications = list(meeting.publications.defer("pdf", "snapshot").order_by("number"))
    proposals = list(meeting.proposals.select_related("proposed_by", "accepted_item"))
    open_actions = list(
        Action.objects.filter(
            meeting__body=meeting.body, meeting__starts_at__lt=meeting.starts_at, status=Action.Status.OPEN
        ).select_related("owner", "meeting")
    )
    context = {
        "meeting": meeting,
        "partnership": partnership,
        "items": items,
        "total_minutes": total,
        "meeting_minutes": length,
        "overrun": total > length,
        "deadline": services.deadline_for(meeting),
        "publications": publications,
        "unpublished_changes": services.changes_since_publication(meeting) if publications else 0,
        "proposals": proposals,
        "open_actions": open_actions,
        "my_interests": _interests_touching(request.user, partnership, items),
        "started": meeting.starts_at <= timezone.now(),
        "can_manage": can_manage,
        "can_propose": permissions.can_propose_items(request.user, partnership),
        "editable": meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED),
        "today": timezone.localdate(),
    }
    return render(request, "meetings/manage/meeting_detail.html", context)


def _meeting_for_member(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """A member's view of a published meeting: the agenda exactly as published, with the
    confidential items in full for members of the body; matters arising only from minutes the
    public may read."""
    partnership = meeting.body.partnership
    publication, items = restricted_agenda(request.user, meeting)
    entitled = permissions.can_see_confidential(request.user, meeting.body)
    open_actions = Action.objects.filter(
        meeting__body=meeting.body,
        meeting__starts_at__lt=meeting.starts_at,
        meeting__status__in=Meeting.MINUTES_PUBLIC_STATUSES,
        status=Action.Status.OPEN,
    ).select_related("owner", "meeting")
    if not entitled:
        open_actions = open_actions.exclude(item__confidential=True)
    texts = [entry["title"] for entry in items] + [
        entry["report"]["purpose"] for entry in items if entry.get("report") and entry["report"].get("purpose")
    ]
    person = permissions.person_of(request.user)
    context = {
        "meeting": meeting,
        "partnership": partnership,
        "publication": publication,
        "items": items,
        "open_actions": list(open_actions),
        "my_interests": interests_touching(person, partnership, texts) if person else [],
        "started": meeting.starts_at <= timezone.now(),
    }
    return render(request, "meetings/manage/meeting_member.html", context)


def _interests_touching(user, partnership, items) -> list:
    person = permissions.person_of(user)
    if person is None:
        return []
    texts = [item.title for item in items] + [item.report.purpose for item in items if hasattr(item, "report")]
    return interests_touching(person, partnership, texts)


@require_POST
def agenda_start(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, change=True)
    run_action(
        request,
        lambda: services.agenda_start(meeting=meeting, by=request.user),
        "The standard opening items have been added. Edit or remove any of them.",
    )
    return redirect(_meeting_url(meeting))


def item_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, change=True)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            item = services.agenda_item_add(meeting=meeting, by=request.user, **values)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, f"Item {item.position} added.")
            return redirect(_meeting_url(meeting))
    return form_page(
        request,
        form,
        title="Add an agenda item",
        partnership=meeting.body.partnership,
        back_url=_meeting_url(meeting),
        caption=str(meeting),
    )


def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk, change=True)
    form = AgendaItemForm(request.POST or None, instance=AgendaItem.objects.get(pk=item.pk))
    save = partial(services.agenda_item_update, item=item, by=request.user)
    if request.method == "POST" and form.is_valid() and _save_versioned(form, save):
        messages.success(request, f"Item {item.position} saved.")
        return redirect(_meeting_url(item.meeting))
    return form_page(
        request,
        form,
        title=f"Edit item {item.position}",
        partnership=item.meeting.body.partnership,
        back_url=_meeting_url(item.meeting),
        caption=str(item.meeting),
    )


@require_POST
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk, change=True)
    up = request.POST.get("direction") == "up"
    run_action(
        request,
        lambda: services.agenda_item_move(item=item, up=up, by=request.user),
        f"Item “{item.title}” moved {'up' if up else 'down'}.",
    )
    return redirect(_meeting_url(item.meeting) + f"#item-{item.pk}")


@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk, change=True)
    run_action(
        request,
        lambda: services.agenda_item_remove(item=item, by=request.user),
        f"Item “{item.title}” removed; the items after it have been renumbered.",
    )
    return redirect(_meeting_url(item.meeting))


def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk, change=True)
    report = CoverReport.objects.filter(item=item).first() or CoverReport(item=item)
    form = CoverReportForm(request.POST or None, instance=report)
    save = partial(services.report_save, item=item, by=request.user)
    if request.method == "POST" and form.is_valid() and _save_versioned(form, save):
        messages.success(request, f"Report for item {item.position} saved.")
        return redirect(_meeting_url(item.meeting))
    return form_page(
        request,
        form,
        title=f"Report for item {item.position}: {item.title}",
        partnership=item.meeting.body.partnership,
        back_url=_meeting_url(item.meeting),
        caption=str(item.meeting),
    )


def paper_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(request, pk, change=True)
    form = PaperForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_file_attach(
                item=item, title=form.cleaned_data["title"], upload=form.cleaned_data["upload"], by=request.user
            )
        except ValidationError as error:
            form_error(form, error, "upload")
        else:
            messages.success(request, f"Paper attached to item {item.position}.")
            return redirect(_meeting_url(item.meeting))
    return form_page(
        request,
        form,
        title=f"Attach a paper to item {item.position}",
        partnership=item.meeting.body.partnership,
        back_url=_meeting_url(item.meeting),
        caption=item.title,
        multipart=True,
        intro="Papers are kept outside the website's public files and served only to those allowed to read them."
        + (" This item is confidential: its papers never reach the public." if item.confidential else ""),
    )


@require_POST
def paper_remove(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_object_or_404(ReportFile, pk=pk)
    item = get_item_for_user(request, paper.item_id, change=True)
    run_action(
        request, lambda: services.report_file_remove(paper=paper, by=request.user), f"Paper “{paper.title}” removed."
    )
    return redirect(_meeting_url(item.meeting))


@login_not_required
def paper_download(request: HttpRequest, pk: int) -> FileResponse:
    """Papers are served only through here, after the permission check; never as static files."""
    paper = get_paper_for_user(request, pk)
    response = FileResponse(
        paper.file.open("rb"), as_attachment=True, filename=paper.download_name, content_type=paper.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


# -- Publication ----------------------------------------------------------------------------------


def agenda_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, change=True)
    deadline = services.deadline_for(meeting)
    today = timezone.localdate()
    supplement = meeting.publications.exists()
    late = today > deadline
    form = PublishForm(request.POST or None, late=late, supplement=supplement)
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.agenda_publish(
                meeting=meeting,
                by=request.user,
                late_reason=form.cleaned_data.get("late_reason", ""),
                changes=form.cleaned_data.get("changes", ""),
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            what = f"Supplement {publication.number}" if publication.is_supplement else "The agenda"
            messages.success(request, f"{what} has been published. The public can now read it.")
            return redirect(_meeting_url(meeting))
    context = {
        "meeting": meeting,
        "partnership": meeting.body.partnership,
        "form": form,
        "deadline": deadline,
        "late": late,
        "supplement": supplement,
        "unpublished_changes": services.changes_since_publication(meeting) if supplement else 0,
        "today": today,
    }
    return render(request, "meetings/manage/publish.html", context)


# -- History --------------------------------------------------------------------------------------


def meeting_history(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk, change=True)
    item_ids = AgendaItem.history.filter(meeting_id=meeting.pk).values("id")
    entries = history_entries(
        meeting.history.select_related("history_user"),
        AgendaItem.history.filter(meeting_id=meeting.pk).select_related("history_user"),
        CoverReport.history.filter(item_id__in=item_ids).select_related("history_user"),
        ReportFile.history.filter(item_id__in=item_ids).select_related("history_user"),
        ItemMinutes.history.filter(item_id__in=item_ids).select_related("history_user"),
        *(
            model.history.filter(meeting_id=meeting.pk).select_related("history_user")
            for model in (Attendance, Resolution, Action, Declaration, MinutesCorrection)
        ),
    )
    return render(
        request,
        "meetings/manage/history.html",
        {"meeting": meeting, "entries": entries, "partnership": meeting.body.partnership},
    )


# -- The planning group and proposals -------------------------------------------------------------


def planning_group(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not permissions.can_appoint_planning_group(request.user, partnership):
        permissions.refuse(request.user, partnership)
    board = get_object_or_404(Body, partnership=partnership, kind=Body.Kind.BOARD)
    group = Body.objects.filter(partnership=partnership, kind=Body.Kind.PLANNING_GROUP).first()
    current = (
        list(group.memberships.current().filter(role="member").values_list("person_id", flat=True)) if group else []
    )
    initial = {"people": current, "version": services.planning_group_version(partnership)}
    form = PlanningGroupForm(request.POST or None, board=board, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.planning_group_appoint(
                partnership=partnership,
                people=list(form.cleaned_data["people"]),
                by=request.user,
                loaded_version=form.cleaned_data["version"],
            )
        except StaleEdit as stale:
            form.add_error(None, stale.message)
        except ValidationError as error:
            form_error(form, error, "people")
        else:
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
    meeting = get_meeting_for_user_for_proposal(request, pk)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(
                meeting=meeting, person=permissions.person_of(request.user), by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_error(form, error)
        else:
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


def get_meeting_for_user_for_proposal(request, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body__partnership"), pk=pk)
    if not permissions.can_propose_items(request.user, meeting.body.partnership):
        permissions.refuse(request.user, meeting.body.partnership)
    return meeting


def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_for_officer(request, pk)
    accepting = request.POST.get("decision") == "accept"
    form = DeclineForm(request.POST if request.method == "POST" and not accepting else None)
    if request.method == "POST" and accepting:
        # A one-click decision: a refusal (decided meanwhile, or a second click) is a message.
        try:
            item = services.proposal_accept(proposal=proposal, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Accepted as item {item.position}.")
        return redirect(_meeting_url(proposal.meeting))
    if request.method == "POST":
        try:
            if form.is_valid():
                services.proposal_decline(proposal=proposal, reason=form.cleaned_data["reason"], by=request.user)
                messages.success(request, "Proposal declined. The proposer can see your reason.")
                return redirect(_meeting_url(proposal.meeting))
        except ValidationError as error:
            form_error(form, error)
    return render(
        request,
        "meetings/manage/proposal_decide.html",
        {"proposal": proposal, "form": form, "partnership": proposal.meeting.body.partnership},
    )
