"""Writing the minutes and the workflow draft → published → approved → corrected.

Officers and the chair draft; officers publish; the chair approves. Published minutes are
locked: after approval they change only through recorded corrections. Every publication renders
the PDF once, inside the same transaction, so a rendering failure publishes nothing.
"""

import datetime as dt
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils import timezone

from core.audit import StaleEdit, check_version, delete_audited, record_version, save_audited
from core.dates import format_date
from core.pdf import render_pdf
from members.models import Person

from ..models import (
    AgendaItem,
    AgendaPublication,
    Attendance,
    ItemMinutes,
    Meeting,
    MinutesCorrection,
    MinutesPublication,
    Resolution,
)
from ..selectors import future_meetings, public_minutes
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
        raise ValidationError(
            {"public_summary": "Give the one-line summary the public minutes carry for this confidential item."}
        )
    minutes.version += 1
    save_audited(minutes, by=by, reason="Minutes drafted")
    _mark_drafted(meeting, by)
    return minutes


@dataclass(frozen=True)
class Decision:
    """How a resolution was decided, as the minutes record it (all optional)."""

    decided_by: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    proposed_by: Person | None = None
    seconded_by: Person | None = None


def check_decision(meeting: Meeting, decision: Decision) -> None:
    """A vote gives its numbers (and is carried); nothing else does; the proposer and seconder
    were at the meeting, and are two people."""
    errors = {}
    counts = {
        "votes_for": decision.votes_for,
        "votes_against": decision.votes_against,
        "abstentions": decision.abstentions,
    }
    names = {"votes_for": "votes for", "votes_against": "votes against", "abstentions": "abstentions"}
    if decision.decided_by not in Resolution.DecidedBy.values:
        errors["decided_by"] = "Choose how the resolution was decided."
    elif decision.decided_by == Resolution.DecidedBy.VOTE:
        for field, value in counts.items():
            if value is None:
                errors[field] = f"Enter the number of {names[field]}, 0 if there were none."
        if not errors and decision.votes_for < decision.votes_against:
            errors["votes_for"] = "The votes for cannot be fewer than the votes against: the resolution was carried."
        if not errors and decision.votes_for + decision.votes_against == 0:
            errors["votes_for"] = "Enter the votes cast: a vote needs at least one vote for or against."
    else:
        for field, value in counts.items():
            if value is not None:
                errors[field] = f"Give the number of {names[field]} only for a resolution decided by a vote."
    present = set(
        meeting.attendances.filter(
            status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE], person__isnull=False
        ).values_list("person_id", flat=True)
    )
    if decision.decided_by == Resolution.DecidedBy.VOTE and present and not errors:
        cast = decision.votes_for + decision.votes_against + decision.abstentions
        if cast > len(present):
            errors["votes_for"] = (
                f"The votes for, against and abstentions add up to {cast}, but {len(present)} "
                f"{'person is' if len(present) == 1 else 'people are'} recorded as present: check the numbers "
                "or the attendance."
            )
    for field in ("proposed_by", "seconded_by"):
        person = getattr(decision, field)
        if person is not None and person.pk not in present:
            errors[field] = f"{person.full_name} is not recorded as present at this meeting."
    if decision.proposed_by is not None and decision.proposed_by == decision.seconded_by:
        errors["seconded_by"] = "The seconder must be someone other than the proposer."
    if errors:
        raise ValidationError(errors)


def people_present(meeting: Meeting):
    """Who may propose or second a resolution: the people recorded as present (or substituting)."""
    return Person.objects.filter(
        attendances__meeting=meeting,
        attendances__status__in=[Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE],
    ).order_by("family_name", "given_name", "pk")


@transaction.atomic
def resolution_add(*, item: AgendaItem, text: str, by, decision: Decision | None = None) -> Resolution:
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    check_drafting(meeting)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the resolution, for example “That the report be noted.”"})
    decision = decision or Decision()
    check_decision(meeting, decision)
    number = (meeting.resolutions.aggregate(last=Max("number"))["last"] or 0) + 1
    resolution = save_audited(
        Resolution(meeting=meeting, item=item, number=number, text=text, **asdict(decision)),
        by=by,
        reason="Resolution recorded",
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
    if meeting.minutes_future_meetings is None:  # frozen at the first publication, never rebuilt
        meeting.minutes_future_meetings = [later.starts_at.isoformat() for later in future_meetings(meeting)]
    save_audited(meeting, by=by, reason="Minutes published")
    return _render_minutes(meeting, kind=MinutesPublication.Kind.PUBLISHED, by=by, now=now)


@transaction.atomic
def minutes_publish_approving_previous(
    *,
    meeting: Meeting,
    previous: Meeting | None,
    corrections: list[str],
    by,
    now: dt.datetime | None = None,
) -> MinutesPublication:
    """Publish a meeting's minutes, recording first, when `previous` is given, that this meeting
    approved the previous meeting's minutes: the approval is then part of these minutes as they
    are first published. One step: if either part is refused, neither happens."""
    now = now or timezone.now()
    if previous is not None:
        minutes_approve(meeting=previous, at_meeting=meeting, corrections=corrections, by=by, now=now)
    return minutes_publish(meeting=meeting, by=by, now=now)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's meeting before this one (cancelled ones aside)."""
    return (
        Meeting.objects.filter(body=meeting.body_id, starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body__partnership")
        .order_by("-starts_at")
        .first()
    )


def unapproved_previous(meeting: Meeting) -> Meeting | None:
    """The previous meeting, if its minutes are not approved yet (drafted or published) while
    this meeting's minutes are being written or published: what publishing these should warn of."""
    previous = previous_meeting(meeting)
    if previous is None or previous.status == Meeting.Status.MINUTES_APPROVED:
        return None
    if previous.status in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        return None  # never recorded as held: nothing to approve
    return previous


def approval_meetings(meeting: Meeting, now: dt.datetime | None = None) -> list[Meeting]:
    """Where these minutes can be approved: any later meeting of the same body that has been
    held (it has started and is not cancelled), the next one first, whatever the state of its
    own minutes."""
    return list(
        Meeting.objects.filter(
            body=meeting.body_id, starts_at__gt=meeting.starts_at, starts_at__lte=now or timezone.now()
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body__partnership")
        .order_by("starts_at")
    )


def approval_resolution_text(meeting: Meeting, corrections: list[str]) -> str:
    """“That the minutes of the meeting held on … be approved as a correct record.”, in the
    partnership's own wording, with the corrections agreed."""
    phrase = meeting.body.partnership.approval_phrase
    wording = f"That the minutes of the meeting held on {format_date(meeting.starts_at)} be {phrase}"
    if corrections:
        return wording + " subject to the following corrections:\n\n" + "\n".join(f"- {text}" for text in corrections)
    return wording + "."


@transaction.atomic
def minutes_approve(
    *, meeting: Meeting, at_meeting: Meeting, corrections: list[str], by, now: dt.datetime | None = None
) -> MinutesPublication:
    """The minutes are approved at a later meeting that has been held, whose minutes item records
    the approval and any corrections. If that meeting's minutes are already published, the
    approval is added to them and stated publicly with them as a correction, and they are
    published again."""
    meeting = Meeting.objects.select_for_update().select_related("body__partnership").get(pk=meeting.pk)
    now = now or timezone.now()
    if meeting.status != Meeting.Status.MINUTES_PUBLISHED:
        raise ValidationError("Only published minutes awaiting approval can be approved.")
    candidates = {candidate.pk: candidate for candidate in approval_meetings(meeting, now)}
    if at_meeting.pk not in candidates:
        raise ValidationError(
            {"at_meeting": "Minutes are approved at a later meeting of the same body, once it has been held."}
        )
    at_meeting = Meeting.objects.select_for_update().get(pk=at_meeting.pk)
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
    wording = approval_resolution_text(meeting, corrections)
    if at_meeting.status in DRAFTING_STATUSES:
        resolution_add(item=item, text=wording, by=by)
    else:
        _record_approval_after_publication(
            at_meeting=at_meeting, item=item, approved=meeting, text=wording, by=by, now=now
        )
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_approved_at = now
    meeting.minutes_approved_at_meeting = at_meeting
    phrase = meeting.body.partnership.approval_phrase
    save_audited(meeting, by=by, reason=f"Minutes {phrase} and signed by the chair")
    return _render_minutes(meeting, kind=MinutesPublication.Kind.APPROVED, by=by, now=now)


def _record_approval_after_publication(
    *, at_meeting: Meeting, item: AgendaItem, approved: Meeting, text: str, by, now: dt.datetime
) -> None:
    """The approval goes into minutes already published: a resolution after the last (published
    numbers never change), a correction saying so publicly, and the minutes published again."""
    number = (at_meeting.resolutions.aggregate(last=Max("number"))["last"] or 0) + 1
    save_audited(
        Resolution(meeting=at_meeting, item=item, number=number, text=text),
        by=by,
        reason="Resolution recorded after publication: approval of the previous minutes",
    )
    phrase = approved.body.partnership.approval_phrase
    note = (
        f"Added after these minutes were published: the minutes of the meeting held on "
        f"{format_date(approved.starts_at)} were {phrase} at this meeting "
        f"(item {item.position}, resolution {number})."
    )
    save_audited(
        MinutesCorrection(meeting=at_meeting, text=note, recorded_at=now, recorded_by=by),
        by=by,
        reason="Approval of the previous minutes added to published minutes",
    )
    _render_minutes(at_meeting, kind=MinutesPublication.Kind.CORRECTED, by=by, now=now)


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
    if hasattr(meeting, "past_minutes"):
        raise ValidationError(
            "These minutes were brought over as approved before this site was used: they are kept as they were "
            "approved, and a correction to them is made at a meeting of the body."
        )
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
    # Past minutes brought over as a document or pasted text (`PastMinutes`) are not built from the
    # tables: their stored record is kept as it was published.
    publications = MinutesPublication.objects.exclude(meeting__past_minutes__isnull=False)
    for publication in publications.select_related("meeting__body__partnership").order_by("number"):
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
