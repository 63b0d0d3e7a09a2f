"""Writing the minutes and the workflow draft → published → approved → corrected.

Officers and the chair draft; officers publish; the chair approves. Published minutes are
locked: after approval they change only through recorded corrections. Every publication renders
the PDF once, inside the same transaction, so a rendering failure publishes nothing.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone

from core.audit import StaleEdit, check_version, delete_audited, record_version, save_audited
from core.dates import format_date
from core.pdf import render_pdf

from ..models import (
    AgendaItem,
    AgendaPublication,
    ItemMinutes,
    Meeting,
    MinutesCorrection,
    MinutesPublication,
    Resolution,
)
from ..selectors import public_minutes
from .agenda_pack import render_agenda_pack
from .attendance import DRAFTING_STATUSES, check_drafting, meeting_hold


def _mark_drafted(meeting: Meeting, by) -> None:
    if meeting.status == Meeting.Status.HELD:
        meeting.status = Meeting.Status.MINUTES_DRAFTED
        save_audited(meeting, by=by, reason="Minutes drafted")


@transaction.atomic
def item_minutes_save(*, item: AgendaItem, loaded_version: int, narrative: str, public_summary: str, by) -> ItemMinutes:
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    check_drafting(meeting)
    minutes = ItemMinutes.objects.select_for_update().filter(item=item).first()
    if minutes is None:
        if loaded_version != 0:
            raise StaleEdit(item)
        minutes = ItemMinutes(item=item)
    elif minutes.version != loaded_version:
        raise StaleEdit(minutes)
    minutes.narrative = narrative
    minutes.public_summary = public_summary if item.confidential else ""
    if item.confidential and not minutes.public_summary.strip():
        raise ValidationError("Give the one-line summary the public minutes carry for this confidential item.")
    minutes.version += 1
    save_audited(minutes, by=by, reason="Minutes drafted")
    _mark_drafted(meeting, by)
    return minutes


@transaction.atomic
def resolution_add(*, item: AgendaItem, text: str, by) -> Resolution:
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    check_drafting(meeting)
    text = text.strip()
    if not text:
        raise ValidationError("Write the resolution, for example “That the report be noted.”")
    number = (meeting.resolutions.aggregate(last=Max("number"))["last"] or 0) + 1
    resolution = save_audited(
        Resolution(meeting=meeting, item=item, number=number, text=text), by=by, reason="Resolution recorded"
    )
    _renumber_resolutions(meeting, by)
    _mark_drafted(meeting, by)
    return Resolution.objects.get(pk=resolution.pk)


def _renumber_resolutions(meeting: Meeting, by) -> None:
    """Resolutions are numbered within the meeting in the order of the agenda."""
    ordered = list(meeting.resolutions.select_related("item").order_by("item__position", "number", "pk"))
    if [r.number for r in ordered] == list(range(1, len(ordered) + 1)):
        return
    offset = 1000  # step clear of the unique numbers first, then settle
    for resolution in ordered:
        resolution.number += offset
        resolution._change_reason, resolution._history_user = "Resolutions renumbered", by
        resolution.save(update_fields=["number"])
    for number, resolution in enumerate(ordered, start=1):
        resolution.number = number
        save_audited(resolution, by=by, reason="Resolutions renumbered")


@transaction.atomic
def resolution_remove(*, resolution: Resolution, by) -> None:
    meeting = resolution.meeting
    check_drafting(meeting)
    delete_audited(resolution, by=by, reason="Resolution removed")
    _renumber_resolutions(meeting, by)


@transaction.atomic
def meeting_close_time(*, meeting: Meeting, closed_at: dt.time, by, loaded_version: int | None = None) -> Meeting:
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    check_version(loaded_version, record_version(meeting), meeting)
    check_drafting(meeting)
    if closed_at <= timezone.localtime(meeting.starts_at).time():
        raise ValidationError("The meeting must close after it started.")
    meeting.closed_at = closed_at
    save_audited(meeting, by=by, reason="Closing time recorded")
    _mark_drafted(meeting, by)
    return meeting


def _render_minutes(meeting: Meeting, *, kind: str, by, now: dt.datetime) -> MinutesPublication:
    number = meeting.minutes_publications.count()
    publication = MinutesPublication(meeting=meeting, number=number, kind=kind, published_at=now, published_by=by)
    render_minutes_publication(publication, public_minutes(meeting))
    return save_audited(publication, by=by, reason=f"Minutes rendered: {publication.get_kind_display()}")


def render_minutes_publication(publication: MinutesPublication, minutes) -> None:
    """The PDF and the web page's HTML, from the one public view of the minutes."""
    publication.pdf = render_pdf("meetings/pdf/minutes.html", {"minutes": minutes})
    publication.html = render_minutes_html(minutes)


def render_minutes_html(minutes) -> str:
    """The web page's HTML of the minutes, as stored with the PDF."""
    return render_to_string("meetings/_minutes_body.html", {"minutes": minutes})


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by, now: dt.datetime | None = None) -> MinutesPublication:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    now = now or timezone.now()
    if meeting.status != Meeting.Status.MINUTES_DRAFTED:
        raise ValidationError("Only drafted minutes can be published.")
    if meeting.closed_at is None:
        raise ValidationError("Record the time the chair closed the meeting before publishing the minutes.")
    if not meeting.attendances.exists():
        raise ValidationError("Record attendance before publishing the minutes.")
    meeting.status = Meeting.Status.MINUTES_PUBLISHED
    meeting.minutes_published_at = now
    save_audited(meeting, by=by, reason="Minutes published")
    return _render_minutes(meeting, kind=MinutesPublication.Kind.PUBLISHED, by=by, now=now)


def approval_meetings(meeting: Meeting, *, now: dt.datetime | None = None) -> list[Meeting]:
    """Where these minutes can be approved: the next meeting of the body, once it has started
    (by `now`, the present unless given) and while its own minutes are still being drafted."""
    later = (
        Meeting.objects.filter(body=meeting.body, starts_at__gt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )
    if later is None or later.starts_at > (now or timezone.now()):
        return []
    if later.status not in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED, *DRAFTING_STATUSES):
        return []
    return [later]


@transaction.atomic
def minutes_approve(
    *, meeting: Meeting, at_meeting: Meeting, corrections: list[str], by, now: dt.datetime | None = None
) -> MinutesPublication:
    """The chair signs the minutes as a correct record at the next meeting, whose minutes item
    records the approval and any corrections."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    now = now or timezone.now()
    if meeting.status != Meeting.Status.MINUTES_PUBLISHED:
        raise ValidationError("Only published minutes awaiting approval can be approved.")
    if at_meeting not in approval_meetings(meeting, now=now):
        raise ValidationError("Minutes are approved at the next meeting of the body, once it has been held.")
    if at_meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        meeting_hold(meeting=at_meeting, by=by, now=now)
        at_meeting.refresh_from_db()
    corrections = [text.strip() for text in corrections if text.strip()]
    for text in corrections:
        save_audited(
            MinutesCorrection(meeting=meeting, text=text, at_approval=True, recorded_at=now, recorded_by=by),
            by=by,
            reason="Correction agreed at approval",
        )
    item = at_meeting.items.filter(kind=AgendaItem.Kind.PREVIOUS_MINUTES).first() or agenda_item_for_minutes(
        at_meeting, by
    )
    wording = (
        f"That the minutes of the meeting held on {format_date(meeting.starts_at)} be approved as a correct record"
    )
    if corrections:
        wording += " subject to the following corrections:\n\n" + "\n".join(f"- {text}" for text in corrections)
    else:
        wording += "."
    resolution_add(item=item, text=wording, by=by)
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_approved_at = now
    meeting.minutes_approved_at_meeting = at_meeting
    save_audited(meeting, by=by, reason="Minutes approved as a correct record and signed by the chair")
    return _render_minutes(meeting, kind=MinutesPublication.Kind.APPROVED, by=by, now=now)


def agenda_item_for_minutes(meeting: Meeting, by) -> AgendaItem:
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    return save_audited(
        AgendaItem(
            meeting=meeting,
            position=last + 1,
            title="Minutes of the previous meeting",
            purpose=AgendaItem.Purpose.DECISION,
            kind=AgendaItem.Kind.PREVIOUS_MINUTES,
        ),
        by=by,
        reason="Minutes item added for the approval of the previous minutes",
    )


@transaction.atomic
def minutes_correct(*, meeting: Meeting, text: str, by, now: dt.datetime | None = None) -> MinutesPublication:
    """After approval the minutes are locked: a change is a recorded correction, shown with them."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    now = now or timezone.now()
    if meeting.status != Meeting.Status.MINUTES_APPROVED:
        raise ValidationError("Corrections are recorded on approved minutes; draft minutes are simply edited.")
    if not text.strip():
        raise ValidationError("Describe the correction.")
    save_audited(
        MinutesCorrection(meeting=meeting, text=text.strip(), recorded_at=now, recorded_by=by),
        by=by,
        reason="Correction recorded",
    )
    return _render_minutes(meeting, kind=MinutesPublication.Kind.CORRECTED, by=by, now=now)


@transaction.atomic
def minutes_html_store_missing(*, by=None) -> int:
    """Store the web page of the minutes where the latest publication of a meeting was stored
    before pages were (meetings migration 0011 calls this). Rendered as the publishing service
    renders it, from the meeting as it stands; the PDF, the record as published, is kept. Earlier
    publications of a meeting are never shown and their page cannot be rebuilt from the tables as
    they were then, so they are left as stored.

    Kept here, beside the service, rather than in the migration: the page is built by the public
    minutes selector and its template, which need the models' own methods and properties that a
    migration's historical models do not have."""
    latest = MinutesPublication.objects.filter(meeting=OuterRef("meeting")).order_by("-number").values("number")[:1]
    missing = MinutesPublication.objects.filter(html="", number=Subquery(latest)).select_related("meeting")
    count = 0
    for publication in missing:
        publication.html = render_minutes_html(public_minutes(publication.meeting))
        save_audited(publication, by=by, reason="Web page of the minutes stored (published before pages were stored)")
        count += 1
    return count


def regenerate_pdfs() -> int:
    """Render the stored PDFs again from their records: the latest minutes of each meeting (and
    their web page) and every agenda publication (from its frozen snapshot). For a template
    change or a fault."""
    count = 0
    latest_minutes = {}
    for publication in MinutesPublication.objects.select_related("meeting__body__partnership").order_by("number"):
        latest_minutes[publication.meeting_id] = publication
    for publication in latest_minutes.values():
        render_minutes_publication(publication, public_minutes(publication.meeting))
        save_audited(publication, by=None, reason="PDF and web page regenerated")
        count += 1
    for publication in AgendaPublication.objects.select_related("meeting__body__partnership"):
        publication.pdf = render_agenda_pack(publication)
        save_audited(publication, by=None, reason="PDF regenerated")
        count += 1
    return count


# -- Corrections before publication (lane: corrections) --------------------------------------------


def _correction_reason(reason: str, *, doing: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": f"Give the reason for {doing}."})
    return reason


@transaction.atomic
def resolution_edit(
    *, resolution: Resolution, text: str, reason: str, by, loaded_version: int | None = None
) -> Resolution:
    """Correct a resolution's wording while the minutes are drafted, recording why. Once the
    minutes are published it is locked (`check_drafting`): corrections go through approval."""
    meeting = Meeting.objects.select_for_update().get(pk=resolution.meeting_id)
    check_drafting(meeting)
    current = Resolution.objects.select_for_update().get(pk=resolution.pk)
    check_version(loaded_version, record_version(current), current)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the resolution, for example “That the report be noted.”"})
    reason = _correction_reason(reason, doing="the correction")
    current.text = text
    return save_audited(current, by=by, reason=f"Resolution corrected: {reason}")


@transaction.atomic
def resolution_withdraw(*, resolution: Resolution, reason: str, by, loaded_version: int | None = None) -> None:
    """Withdraw a resolution recorded in error while the minutes are drafted, recording why; the
    others are renumbered. Its history keeps it."""
    meeting = Meeting.objects.select_for_update().get(pk=resolution.meeting_id)
    check_drafting(meeting)
    current = Resolution.objects.select_for_update().get(pk=resolution.pk)
    check_version(loaded_version, record_version(current), current)
    reason = _correction_reason(reason, doing="withdrawing the resolution")
    delete_audited(current, by=by, reason=f"Resolution withdrawn: {reason}")
    _renumber_resolutions(meeting, by)
