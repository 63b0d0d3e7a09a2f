"""The public's pages: the meeting calendar, a meeting's published agenda, its public reports,
and the agenda pack. Every one starts from the public querysets and the frozen publication."""

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from boards.models import Body, Partnership
from partnership.views import page_numbers

from .models import AgendaItem, AgendaPublication, Meeting, MinutesPublication
from .public_minutes import public_minutes


def _on_day(slug: str, body_slug: str, date: str, prefix: str = "") -> dict:
    """Filters for the meeting of a body on a day, as its public address names it."""
    try:
        day = dt.date.fromisoformat(date)
    except ValueError as error:
        raise Http404 from error
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return {
        f"{prefix}body__partnership__slug": slug,
        f"{prefix}body__slug": body_slug,
        f"{prefix}starts_at__gte": start,
        f"{prefix}starts_at__lt": start + dt.timedelta(days=1),
    }


def get_public_meeting(slug: str, body_slug: str, date: str, meetings=None) -> Meeting:
    meetings = Meeting.objects.public() if meetings is None else meetings
    meeting = meetings.filter(**_on_day(slug, body_slug, date)).first()
    if meeting is None:
        raise Http404
    return meeting


def stored_pdf(publications, slug: str, body: str, date: str, name: str) -> HttpResponse:
    """The latest public publication's stored PDF, found in one query from the address alone."""
    publication = publications.public().filter(**_on_day(slug, body, date, "meeting__")).only("pdf")
    publication = publication.order_by("-number").first()
    if publication is None:
        raise Http404
    response = HttpResponse(bytes(publication.pdf), content_type="application/pdf")
    day = dt.date.fromisoformat(date).isoformat()
    response["Content-Disposition"] = f'inline; filename="{name}-{body}-{day}.pdf"'
    return response


def published_agenda(meeting: Meeting) -> tuple[list[AgendaPublication], list[dict]]:
    """The publications, in order (without their PDFs), and the latest one's items; an item made
    confidential since is shown only as its neutral line, whatever the snapshot says."""
    publications = list(AgendaPublication.objects.public().filter(meeting=meeting).defer("pdf").order_by("number"))
    if not publications:
        return [], []
    latest = publications[-1]
    confidential_now = dict(meeting.items.filter(confidential=True).values_list("position", "exempt_paragraph"))
    items = []
    for entry in latest.snapshot["items"]:
        if not entry["exempt"] and entry["number"] in confidential_now:
            neutral = AgendaItem(confidential=True, exempt_paragraph=confidential_now[entry["number"]])
            entry = {"number": entry["number"], "exempt": True, "title": neutral.public_line}
        items.append(entry)
    return publications, items


def published_minutes_html(meeting: Meeting) -> str:
    """The minutes as last published, approved or corrected: the HTML stored with the PDF, so the
    page and the PDF are the same record (fetched with the meeting: see `meeting_page`). Rendered
    now only for a publication stored before its HTML was; `manage.py regenerate_pdfs` stores it."""
    if meeting.stored_minutes_html:
        return meeting.stored_minutes_html
    return render_to_string("meetings/_minutes_body.html", {"minutes": public_minutes(meeting)})


@login_not_required
def meeting_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    meetings = Meeting.objects.public().filter(body__partnership=partnership).order_by("starts_at")
    now = timezone.now()
    context = {
        "partnership": partnership,
        "upcoming": [m for m in meetings if m.starts_at >= now],
        "past": [m for m in meetings if m.starts_at < now][::-1][:24],
    }
    return render(request, "meetings/public/calendar.html", context)


@login_not_required
def meeting_page(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    latest_minutes = MinutesPublication.objects.filter(meeting=OuterRef("pk")).order_by("-number").values("html")
    meetings = Meeting.objects.public().annotate(stored_minutes_html=Subquery(latest_minutes[:1]))
    meeting = get_public_meeting(slug, body, date, meetings)
    publications, items = published_agenda(meeting) if meeting.agenda_is_public else ([], [])
    publication = publications[-1] if publications else None
    supplements = publications[1:]
    context = {
        "meeting": meeting,
        "partnership": meeting.body.partnership,
        "minutes_html": published_minutes_html(meeting) if meeting.minutes_are_public else "",
        "publication": publication,
        "first_publication_late_reason": meeting.late_publication_reason,
        "supplements": supplements,
        "items": items,
    }
    return render(request, "meetings/public/meeting.html", context)


@login_not_required
def minutes_pdf(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    return stored_pdf(MinutesPublication.objects, slug, body, date, "minutes")


@login_not_required
def body_meetings(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    """Every meeting of one body, newest first, paginated."""
    body_obj = get_object_or_404(Body.objects.select_related("partnership"), partnership__slug=slug, slug=body)
    meetings = Meeting.objects.public().filter(body=body_obj).order_by("-starts_at")
    page = Paginator(meetings, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/public/body_meetings.html",
        {"body": body_obj, "partnership": body_obj.partnership, "page": page, "page_numbers": page_numbers(page)},
    )


@login_not_required
def public_report(request: HttpRequest, slug: str, body: str, date: str, number: int) -> HttpResponse:
    meeting = get_public_meeting(slug, body, date)
    if not meeting.agenda_is_public:
        raise Http404
    _, items = published_agenda(meeting)
    entry = next((e for e in items if e["number"] == number and not e["exempt"] and e.get("report")), None)
    if entry is None:
        raise Http404
    return render(
        request,
        "meetings/public/report.html",
        {"meeting": meeting, "partnership": meeting.body.partnership, "item": entry, "report": entry["report"]},
    )


@login_not_required
def agenda_pack(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    return stored_pdf(AgendaPublication.objects, slug, body, date, "agenda")
