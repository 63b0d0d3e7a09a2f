"""The public's pages that compose bodies, members and meetings: the partnership's page, a
member's page, the meeting calendar, a body's meetings, a meeting's published agenda and minutes,
its public reports, and the stored PDFs. Every one starts from the public querysets (`.public()`)
and the frozen publications; every list is paginated or bounded."""

import datetime as dt
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Case, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import condition

from boards.models import Body, FocusArea, Partnership, principles_with_aims
from core.validators import DATES
from core.views import page_numbers
from meetings.models import AgendaItem, AgendaPublication, Attendance, Declaration, Meeting, MinutesPublication
from members.models import Deputy, InterestEntry, Membership, NolanUndertaking, Person

UPCOMING_ON_PARTNERSHIP_PAGE = 6
CALENDAR_LISTED = 24  # coming up, and the latest past, on the calendar page
MEETINGS_PER_PAGE = 20
ATTENDANCE_PER_PAGE = 50
DECLARATIONS_LISTED = 50  # the latest; older ones are in each meeting's minutes


def _day(date: str) -> tuple[dt.datetime, dt.datetime]:
    """The start and end of the day a public address names."""
    try:
        day = dt.date.fromisoformat(date)
    except ValueError as error:
        raise Http404 from error
    if day.isoformat() != date:  # one address a day: not 20261211, nor a week date
        raise Http404
    if day not in DATES:  # no meeting is held then, and a day at either end of time has no end
        raise Http404
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def _on_day(slug: str, body_slug: str, start: dt.datetime, end: dt.datetime, prefix: str = "") -> dict:
    """Filters for the meeting of a body on a day, as its public address names it."""
    return {
        f"{prefix}body__partnership__slug": slug,
        f"{prefix}body__slug": body_slug,
        f"{prefix}starts_at__gte": start,
        f"{prefix}starts_at__lt": end,
    }


def get_public_meeting(slug: str, body_slug: str, date: str) -> Meeting:
    """The body's meeting on that day; a live one before one cancelled the same day."""
    found = Meeting.objects.public().filter(**_on_day(slug, body_slug, *_day(date)))
    meeting = found.order_by(Case(When(status=Meeting.Status.CANCELLED, then=1), default=0), "-pk").first()
    if meeting is None:
        raise Http404
    return meeting


def moved_meeting(slug: str, body_slug: str, date: str) -> Meeting | None:
    """The public meeting that was at this address (its body, that day) and has moved since, when
    no meeting of the body holds the address now; the one most recently there if several were."""
    start, end = _day(date)
    if Meeting.objects.filter(**_on_day(slug, body_slug, start, end)).exists():
        return None  # the address belongs to the meeting on that day, whatever it answered
    was_here = (
        Meeting.history.filter(**_on_day(slug, body_slug, start, end))
        .order_by("-history_date")
        .values_list("id", flat=True)
    )
    public = Meeting.objects.public().in_bulk(list(dict.fromkeys(was_here)))
    return next((public[pk] for pk in dict.fromkeys(was_here) if pk in public), None)


MOVED_REDIRECT_MAX_AGE = 24 * 60 * 60  # a day: how long a browser may keep the 301


def follows_moves(view):
    """A public address of a meeting that has moved redirects (301, moved permanently) to the same
    address on its new day, so links in agendas already sent out, bookmarks and search engines
    find it. The old day may yet be given to another meeting of the body (the address is then
    that meeting's, and no longer redirects), so the 301 says how long it may be kept: a day
    (`Cache-Control: max-age`), where a browser would otherwise keep it for good."""

    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, body: str, date: str, **kwargs) -> HttpResponse:
        try:
            return view(request, slug=slug, body=body, date=date, **kwargs)
        except Http404:
            meeting = moved_meeting(slug, body, date)
            if meeting is None:
                raise
            prefix = f"/{slug}/{body}/{date}/"
            new = request.path.replace(prefix, f"/{slug}/{body}/{meeting.date.isoformat()}/", 1)
            response = redirect(new, permanent=True)
            patch_cache_control(response, max_age=MOVED_REDIRECT_MAX_AGE, public=True)
            return response

    return wrapper


_PUBLICATIONS = {"minutes": MinutesPublication.objects, "agenda": AgendaPublication.objects}
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def pdf_etag(name: str, pk: int, published_at: dt.datetime) -> str:
    """Weak: a PDF regenerated from the same record (`regenerate_pdfs`) says the same thing."""
    return f'W/"{name}-{pk}-{int(published_at.timestamp())}"'


def pdf_validators(name: str):
    """ETag and Last-Modified of a stored PDF for `condition`, from the publication's id and time
    (not its bytes), read only when the request asks (If-None-Match, If-Modified-Since): an
    unconditional request is served in one query, the view setting both headers itself."""

    def validators(request: HttpRequest, slug: str, body: str, date: str) -> tuple | None:
        if not any(header in request.META for header in CONDITIONAL_HEADERS):
            return None
        if not hasattr(request, "_pdf_validators"):  # one query for both functions
            start, end = _day(date)
            found = _PUBLICATIONS[name].public().filter(**_on_day(slug, body, start, end, "meeting__"))
            request._pdf_validators = found.order_by("-number").values_list("pk", "published_at").first()
        return request._pdf_validators

    def etag(request: HttpRequest, **address) -> str | None:
        row = validators(request, **address)
        return pdf_etag(name, *row) if row else None

    def last_modified(request: HttpRequest, **address) -> dt.datetime | None:
        row = validators(request, **address)
        return row[1] if row else None

    return condition(etag_func=etag, last_modified_func=last_modified)


def stored_pdf(name: str, slug: str, body: str, date: str) -> HttpResponse:
    """The latest public publication's stored PDF, found in one query from the address alone,
    with its validators."""
    start, end = _day(date)
    found = _PUBLICATIONS[name].public().filter(**_on_day(slug, body, start, end, "meeting__"))
    row = found.order_by("-number").values_list("pdf", "pk", "published_at").first()
    if row is None:
        raise Http404
    pdf, pk, published_at = row
    response = HttpResponse(bytes(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}-{body}-{start.date().isoformat()}.pdf"'
    response["ETag"] = pdf_etag(name, pk, published_at)
    response["Last-Modified"] = http_date(published_at.timestamp())
    return response


def published_agenda(meeting: Meeting) -> tuple[list[AgendaPublication], list[dict]]:
    """The publications, in order (without their PDFs), and the latest one's items. An item the
    public may no longer read (made confidential since; `agenda_withdraw_item` has already taken
    it out of the stored record) is shown only as its neutral line, matched by its identity."""
    publications = list(AgendaPublication.objects.public().filter(meeting=meeting).defer("pdf", "restricted"))
    if not publications:
        return [], []
    latest = publications[-1]
    withheld = {  # the meeting's items the public may not read now
        item.pk: item.public_line
        for item in AgendaItem.objects.filter(meeting=meeting).exclude(pk__in=AgendaItem.objects.public().values("pk"))
    }
    items = []
    for entry in latest.snapshot["items"]:
        if entry.get("id") in withheld and not entry["exempt"]:
            entry = {"id": entry["id"], "number": entry["number"], "exempt": True, "title": withheld[entry["id"]]}
        items.append(entry)
    return publications, items


def exclusion_of_public(publications: list[AgendaPublication]) -> dict:
    """The resolution to exclude the press and public, as the latest publication gives it, and
    the item it comes before."""
    snapshot = publications[-1].snapshot if publications else {}
    return {
        "exclusion_resolution": snapshot.get("exclusion_resolution", ""),
        "exclusion_before": snapshot.get("exclusion_before"),
        "agenda_numbering": snapshot.get("item_numbering", ""),
    }


def published_minutes_html(meeting: Meeting) -> str:
    """The minutes as last published, approved or corrected: the HTML stored with the PDF, so the
    page and the PDF are the same record."""
    stored = MinutesPublication.objects.public().filter(meeting=meeting).order_by("-number")
    return stored.values_list("html", flat=True).first() or ""


@login_not_required
def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's vision, focus, principles, board by organisation and next meetings."""
    partnership = get_object_or_404(Partnership, slug=slug)
    board = Body.objects.public().filter(partnership=partnership, kind=Body.Kind.BOARD).only("name").first()
    seats = []
    if board is not None:
        seats = sorted(
            Membership.objects.public().current().filter(body=board).by_name(), key=lambda seat: seat.represents
        )
    upcoming = Meeting.objects.public().filter(body__partnership=partnership).upcoming()
    context = {
        "partnership": partnership,
        "focus_areas": FocusArea.objects.filter(partnership=partnership).values_list("name", flat=True),
        "principles": principles_with_aims(partnership),
        "board": board,
        "board_seats": seats,  # grouped by `represents` in the template
        "upcoming_meetings": upcoming[:UPCOMING_ON_PARTNERSHIP_PAGE],
    }
    return render(request, "boards/partnership_detail.html", context)


@login_not_required
def public_member(request: HttpRequest, slug: str, person: str) -> HttpResponse:
    """A member's seats, register of interests, declarations and attendance, as published."""
    person = get_object_or_404(
        Person.objects.public().select_related("partnership"), partnership__slug=slug, slug=person
    )
    partnership = person.partnership
    in_partnership = {"meeting__body__partnership": partnership}
    attendance = Attendance.objects.public().filter(person=person, **in_partnership).order_by("-meeting__starts_at")
    declarations = Declaration.objects.public().filter(person=person, **in_partnership).order_by("-meeting__starts_at")
    declarations = list(declarations[: DECLARATIONS_LISTED + 1])
    page = Paginator(attendance, ATTENDANCE_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "partnership": partnership,
        "person": person,
        "memberships": Membership.objects.public()
        .filter(person=person, body__partnership=partnership)
        .order_by("-starts_on"),
        "interests": InterestEntry.objects.public().filter(person=person, partnership=partnership),
        "deputy_for": Deputy.objects.public().filter(person=person, body__partnership=partnership),
        "last_signed": NolanUndertaking.objects.filter(person=person, partnership=partnership)
        .only("signed_on")
        .first(),
        "declarations": declarations[:DECLARATIONS_LISTED],
        "more_declarations": len(declarations) > DECLARATIONS_LISTED,
        "attendance": page,
        "page_numbers": page_numbers(page),
    }
    return render(request, "members/public/member.html", context)


@login_not_required
def meeting_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """What is coming up and the latest past meetings, each bounded (a body's page has them all)."""
    partnership = get_object_or_404(Partnership, slug=slug)
    meetings = Meeting.objects.public().filter(body__partnership=partnership)
    now = timezone.now()
    context = {
        "partnership": partnership,
        "upcoming": meetings.upcoming(now)[:CALENDAR_LISTED],
        "past": meetings.past(now)[:CALENDAR_LISTED],
    }
    return render(request, "meetings/public/calendar.html", context)


@login_not_required
@follows_moves
def meeting_page(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    meeting = get_public_meeting(slug, body, date)
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
        "meeting_has_started": meeting.starts_at <= timezone.now(),
        **exclusion_of_public(publications),
    }
    # The agenda numbered in the style it was published in (else the partnership's own).
    context["numbering"] = context["agenda_numbering"] or context["partnership"]
    return render(request, "meetings/public/meeting.html", context)


@login_not_required
@follows_moves
@pdf_validators("minutes")
def minutes_pdf(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    return stored_pdf("minutes", slug, body, date)


@login_not_required
def body_meetings(request: HttpRequest, slug: str, body: str) -> HttpResponse:
    """Every meeting of one body, newest first, paginated."""
    body_obj = get_object_or_404(Body.objects.public().select_related("partnership"), partnership__slug=slug, slug=body)
    meetings = Meeting.objects.public().filter(body=body_obj).order_by("-starts_at")
    page = Paginator(meetings, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "body": body_obj,
        "partnership": body_obj.partnership,
        "page": page,
        "page_numbers": page_numbers(page),
        "meetings": page.object_list,
    }
    return render(request, "meetings/public/body_meetings.html", context)


@login_not_required
@follows_moves
def public_report(request: HttpRequest, slug: str, body: str, date: str, number: str) -> HttpResponse:
    meeting = get_public_meeting(slug, body, date)
    if not meeting.agenda_is_public:
        raise Http404
    _, items = published_agenda(meeting)
    entry = next((e for e in items if str(e["number"]) == number and not e["exempt"] and e.get("report")), None)
    if entry is None:
        raise Http404
    return render(
        request,
        "meetings/public/report.html",
        {"meeting": meeting, "partnership": meeting.body.partnership, "item": entry, "report": entry["report"]},
    )


@login_not_required
@follows_moves
@pdf_validators("agenda")
def agenda_pack(request: HttpRequest, slug: str, body: str, date: str) -> HttpResponse:
    return stored_pdf("agenda", slug, body, date)
