"""Staff pages for scheduling: the meeting list, a series, one meeting, its page, moving and
cancelling it, its history."""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from boards.models import Body
from core.audit import record_version
from core.dates import format_date
from core.history import history_page
from core.views import attempt, form_page, page_numbers
from meetings import services, staff_selectors
from meetings.access import get_meeting_for_officer, get_meeting_for_user, restricted_agenda
from meetings.forms.agenda import (
    CancelForm,
    MeetingForm,
    NewMeetingForm,
    SeriesDatesForm,
    SeriesForm,
)
from meetings.forms.schedule import PostponeForm, RecordPastMeetingForm
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    CoverReport,
    Declaration,
    ItemMinutes,
    Meeting,
    MinutesCorrection,
    ReportFile,
    Resolution,
)
from meetings.permissions import can_decide_proposals, can_manage_meetings, can_propose_items, can_publish_agenda
from meetings.services.calendar import describe_rule
from meetings.views.corrections import locked_minutes, locked_schedule
from members import permissions
from members.access import get_partnership_for_officer
from members.register import interests_touching

SERIES_SESSION_KEY = "meeting-series"


def meeting_url(meeting: Meeting) -> str:
    return reverse("manage:meeting", args=[meeting.pk])


def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The meetings to come (the next fifty), then the past ones, fifty to a page, newest first."""
    partnership = get_partnership_for_officer(request, slug)
    now = timezone.now()
    upcoming = list(staff_selectors.meetings_upcoming(partnership, now)[: staff_selectors.PER_PAGE + 1])
    page = Paginator(staff_selectors.meetings_past(partnership, now), staff_selectors.PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "partnership": partnership,
        "upcoming": upcoming[: staff_selectors.PER_PAGE],
        "more_upcoming": len(upcoming) > staff_selectors.PER_PAGE,
        "page": page,
        "page_numbers": page_numbers(page),
    }
    return render(request, "meetings/manage/meeting_list.html", context)


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
            saved = attempt(
                form,
                lambda: services.meeting_schedule_series(
                    body=body,
                    days=days,
                    start_time=dt.time.fromisoformat(pattern["start_time"]),
                    duration=dt.timedelta(minutes=pattern["duration"]),
                    venue=pattern["venue"],
                    by=request.user,
                ),
            )
            if saved:
                meetings = saved.result
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
        saved = attempt(
            form,
            lambda: services.meeting_create(
                body=data["body_choice"],
                starts_at=starts_at,
                ends_at=starts_at + data["duration"],
                venue=data["venue"],
                by=request.user,
            ),
        )
        if saved:
            meeting = saved.result
            messages.success(request, "Meeting scheduled.")
            return redirect(meeting_url(meeting))
    return form_page(
        request,
        form,
        title="Add a meeting",
        partnership=partnership,
        back_url=reverse("manage:meetings", args=[partnership.slug]),
        caption=partnership.name,
    )


def meeting_record_past(request: HttpRequest, slug: str) -> HttpResponse:
    """Its own page, so that a meeting to come is never put in the past by a slip of the date."""
    partnership = get_partnership_for_officer(request, slug)
    form = RecordPastMeetingForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = services.london(data["date"], data["start_time"])
        saved = attempt(
            form,
            lambda: services.meeting_record_past(
                body=data["body_choice"],
                starts_at=starts_at,
                ends_at=starts_at + data["duration"],
                venue=data["venue"],
                by=request.user,
            ),
        )
        if saved:
            messages.success(
                request,
                "Meeting recorded. Record it as held, then add the business it took, its attendance and minutes.",
            )
            return redirect("manage:minutes", pk=saved.result.pk)
    return form_page(
        request,
        form,
        title="Record a meeting that has already happened",
        partnership=partnership,
        back_url=reverse("manage:meetings", args=[partnership.slug]),
        caption=partnership.name,
        intro="For a meeting that has already taken place: its attendance and minutes are recorded next. "
        "To arrange a meeting to come, add a meeting instead.",
    )


def meeting_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_officer(request, pk)
    if locked := locked_schedule(request, meeting, title="Postpone the meeting"):
        return locked
    local = timezone.localtime(meeting.starts_at)
    reissue = meeting.agenda_published_at is not None
    form = PostponeForm(
        request.POST or None,
        initial={"start_time": local.time(), "version": record_version(meeting)},
        agenda_published=meeting.status == Meeting.Status.AGENDA_PUBLISHED,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.meeting_postpone(
                meeting=meeting,
                starts_at=services.london(data["date"], data["start_time"]),
                reason=data["reason"],
                by=request.user,
                loaded_version=data["version"],
                late_reason=data.get("late_reason", ""),
            ),
        ):
            messages.success(request, "Meeting postponed. Its public page says so, with the reason.")
            return redirect(meeting_url(meeting))
    return form_page(
        request,
        form,
        title="Postpone the meeting",
        partnership=meeting.body.partnership,
        back_url=meeting_url(meeting),
        caption=str(meeting),
        intro=f"Now arranged for {format_date(local)}. Postponing moves it to a later day "
        "for a reason the public sees; its old address leads to the new one"
        + (", and the agenda is issued again at once as a supplement saying so." if reissue else "."),
    )


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_officer(request, pk)
    # Held, its venue may still be corrected while the minutes are drafted; not once published.
    if locked := locked_minutes(request, meeting, title="Move or change the meeting") or (
        locked_schedule(request, meeting, title="Move or change the meeting") if meeting.is_cancelled else None
    ):
        return locked
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
        if attempt(
            form,
            lambda: services.meeting_move(
                meeting=meeting,
                starts_at=starts_at,
                ends_at=starts_at + data["duration"],
                venue=data["venue"],
                by=request.user,
                loaded_version=data["version"],
                late_reason=data.get("late_reason", ""),
            ),
        ):
            messages.success(request, "Meeting updated.")
            return redirect(meeting_url(meeting))
    warning = ""
    if clash_list:
        warning = "Another meeting of the partnership is on this day: " + ", ".join(str(m) for m in clash_list)
    return form_page(
        request,
        form,
        title="Move or change the meeting",
        partnership=meeting.body.partnership,
        back_url=meeting_url(meeting),
        caption=str(meeting),
        warning=warning,
    )


def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_officer(request, pk)
    if locked := locked_schedule(request, meeting, title="Cancel the meeting"):
        return locked
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form, lambda: services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"], by=request.user)
        )
        if saved:
            messages.success(request, "Meeting cancelled. The public calendar shows it as cancelled.")
            return redirect(meeting_url(meeting))
    return form_page(
        request,
        form,
        title="Cancel the meeting",
        partnership=meeting.body.partnership,
        back_url=meeting_url(meeting),
        caption=str(meeting),
        intro="The meeting stays on the public calendar, marked cancelled.",
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    partnership = meeting.body.partnership
    if not permissions.can_see_unpublished(request.user, partnership):
        return _meeting_for_member(request, meeting)
    can_manage = can_manage_meetings(request.user, partnership)
    items = list(meeting.items.select_related("report").prefetch_related("files").order_by("position"))
    total = sum(item.expected_minutes or 0 for item in items)
    length = services.meeting_length_minutes(meeting)
    publications = list(meeting.publications.defer("pdf", "snapshot").order_by("number"))
    proposals = list(meeting.proposals.select_related("proposed_by", "accepted_item"))
    open_actions = list(staff_selectors.matters_arising(meeting))
    numbers = services.agenda_numbers(meeting, items)
    for item in items:
        item.number_shown = numbers[item.pk]
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
        "can_publish_agenda": can_publish_agenda(request.user, partnership),
        "can_decide_proposals": can_decide_proposals(request.user, partnership),
        "can_propose": can_propose_items(request.user, partnership),
        "editable": services.agenda_is_editable(meeting),
        "schedulable": meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED),
        "after_the_fact": meeting.agenda_published_at is None and meeting.starts_at <= timezone.now(),
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
    open_actions = staff_selectors.matters_arising_for_member(meeting, confidential=entitled)
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


def meeting_history(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_officer(request, pk)
    item_ids = AgendaItem.history.filter(meeting_id=meeting.pk).values("id")
    page = history_page(
        meeting.history.select_related("history_user"),
        AgendaItem.history.filter(meeting_id=meeting.pk).select_related("history_user"),
        CoverReport.history.filter(item_id__in=item_ids).select_related("history_user"),
        ReportFile.history.filter(item_id__in=item_ids).select_related("history_user"),
        ItemMinutes.history.filter(item_id__in=item_ids).select_related("history_user"),
        *(
            model.history.filter(meeting_id=meeting.pk).select_related("history_user")
            for model in (Attendance, Resolution, Action, Declaration, MinutesCorrection)
        ),
        number=request.GET.get("page"),
    )
    context = {
        "meeting": meeting,
        "partnership": meeting.body.partnership,
        "entries": page,
        "page": page,
        "page_numbers": page_numbers(page),
    }
    return render(request, "meetings/manage/history.html", context)
