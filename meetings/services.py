"""Every change to meetings, agendas, reports and papers goes through these services.

Each is keyword-only, atomic, checks the rule, writes through `save_audited` (so the history
names who and why) and returns what it wrote. Rule breaches raise `ValidationError` with a
message for the person at the keyboard; a stale edit raises `StaleEdit`.
"""

import datetime as dt
import io
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from boards.models import Body, Partnership
from core.archives import open_archive, read_member
from core.audit import StaleEdit, check_version, delete_audited, record_version, save_audited, version_of
from core.pdf import render_pdf
from core.templatetags.ukdates import format_date, format_time
from members.models import Membership, Person

from .calendar import agenda_deadline, bank_holiday_name, series_dates
from .models import (
    AgendaItem,
    AgendaProposal,
    AgendaPublication,
    CoverReport,
    Meeting,
    ReportFile,
)

STANDARD_OPENING_ITEMS = [
    ("Apologies for absence", AgendaItem.Purpose.NOTING, 5),
    ("Declarations of interest", AgendaItem.Purpose.NOTING, 5),
    ("Minutes of the previous meeting", AgendaItem.Purpose.DECISION, 10),
    ("Matters arising", AgendaItem.Purpose.NOTING, 10),
]


def london(day: dt.date, at: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, at))


# -- Scheduling ---------------------------------------------------------------------------------


def clashes(partnership: Partnership, day: dt.date, *, exclude: Meeting | None = None) -> list[Meeting]:
    """Meetings of the same partnership on `day` (not cancelled)."""
    start = london(day, dt.time.min)
    meetings = (
        Meeting.objects.filter(
            body__partnership=partnership, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1)
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
    )
    if exclude is not None:
        meetings = meetings.exclude(pk=exclude.pk)
    return list(meetings)


@dataclass
class PreviewRow:
    day: dt.date
    bank_holiday: str | None
    clashes: list[Meeting] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.bank_holiday or self.clashes)


def series_preview(
    *, body: Body, first: dt.date, every_months: int, rule: str, count: int, days: list[dt.date] | None = None
) -> list[PreviewRow]:
    """The dates a series would take, each flagged if a bank holiday or a clash."""
    days = days or series_dates(first, every_months=every_months, rule=rule, count=count)
    return [PreviewRow(day, bank_holiday_name(day), clashes(body.partnership, day)) for day in days]


def check_body_free(body: Body, day: dt.date, *, exclude: Meeting | None = None) -> None:
    """A body meets at most once a day: its meetings' public addresses are by date."""
    if any(other.body_id == body.pk for other in clashes(body.partnership, day, exclude=exclude)):
        raise ValidationError(f"The {body.name} already meets on {format_date(day)}: choose another day.")


def check_length(body: Body, duration: dt.timedelta) -> None:
    limit = body.max_meeting_length
    if limit and duration > limit:
        raise ValidationError("A board meeting lasts at most three hours.")


@transaction.atomic
def meeting_create(*, body: Body, starts_at: dt.datetime, ends_at: dt.datetime, venue: str, by) -> Meeting:
    check_body_free(body, timezone.localtime(starts_at).date())
    meeting = Meeting(body=body, starts_at=starts_at, ends_at=ends_at, venue=venue)
    return save_audited(meeting, by=by, reason="Meeting scheduled")


@transaction.atomic
def meeting_schedule_series(
    *, body: Body, days: list[dt.date], start_time: dt.time, duration: dt.timedelta, venue: str, by
) -> list[Meeting]:
    check_length(body, duration)
    if len(set(days)) != len(days):
        raise ValidationError("Two meetings in the series fall on the same day: move one of them.")
    for day in days:
        check_body_free(body, day)
    meetings = []
    for day in sorted(days):
        starts_at = london(day, start_time)
        meeting = Meeting(body=body, starts_at=starts_at, ends_at=starts_at + duration, venue=venue)
        meetings.append(save_audited(meeting, by=by, reason=f"Scheduled in a series of {len(days)} meetings"))
    return meetings


@transaction.atomic
def meeting_move(
    *,
    meeting: Meeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: str,
    by,
    loaded_version: int | None = None,
    late_reason: str = "",
) -> Meeting:
    """Move a meeting or change its venue, from the version the editor loaded.

    A meeting whose agenda is published cannot be moved into the past, and a move that leaves
    less than the clear days' notice since the agenda was published needs the special
    circumstances, recorded and shown with the agenda as for late publication.

    Once the meeting has been held its date and time are part of the record (its public address,
    its minutes): they no longer change. Its venue may still be corrected while the minutes are
    being drafted, since nothing published names it yet; once the minutes are published, not.
    """
    meeting.refresh_from_db(from_queryset=Meeting.objects.select_for_update())
    check_version(loaded_version, record_version(meeting), meeting)
    if meeting.is_cancelled:
        raise ValidationError("A cancelled meeting cannot be moved.")
    held = meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)
    if held and (starts_at != meeting.starts_at or ends_at != meeting.ends_at):
        raise ValidationError(
            "The meeting has been held: its date and times are part of its record and can no longer change."
        )
    if meeting.status in Meeting.MINUTES_PUBLIC_STATUSES and venue != meeting.venue:
        raise ValidationError(
            "The minutes have been published and name this venue: record a correction to the minutes instead."
        )
    check_body_free(meeting.body, timezone.localtime(starts_at).date(), exclude=meeting)
    reissue = meeting.status == Meeting.Status.AGENDA_PUBLISHED and meeting.publications.exists()
    new_day = timezone.localtime(starts_at).date()
    short_notice_reason = ""  # the special circumstances, when the move leaves too little notice
    if reissue and new_day != meeting.date:
        if starts_at <= timezone.now():
            raise ValidationError(
                {"date": "The agenda of this meeting is published: it cannot be moved to a time that has passed."}
            )
        deadline = agenda_deadline(new_day)
        if timezone.localtime(meeting.agenda_published_at).date() > deadline:
            short_notice_reason = late_reason.strip()
            if not short_notice_reason:
                raise ValidationError(
                    {
                        "late_reason": f"On {format_date(new_day)} the agenda had to be published by "
                        f"{format_date(deadline)}, and it was published on "
                        f"{format_date(meeting.agenda_published_at)}. Give the special circumstances for the "
                        "short notice: they are recorded and shown on the agenda."
                    }
                )
            meeting.late_publication_reason = short_notice_reason
    before = _when_and_where(meeting)
    meeting.starts_at, meeting.ends_at, meeting.venue = starts_at, ends_at, venue
    save_audited(meeting, by=by, reason="Meeting moved")
    after = _when_and_where(meeting)
    if after != before and reissue:
        _agenda_reissue(
            meeting=meeting,
            changes=f"The meeting has moved from {before} to {after}.",
            late_reason=short_notice_reason,
            by=by,
        )
    return meeting


def _when_and_where(meeting: Meeting) -> str:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return f"{format_date(start)}, {format_time(start)} to {format_time(end)}, at {meeting.venue}"


def _agenda_reissue(*, meeting: Meeting, changes: str, late_reason: str = "", by) -> AgendaPublication:
    """A published agenda whose meeting has moved is issued again at once as a numbered
    supplement saying so: the same agenda as last published (edits not yet published stay
    unpublished), its pack rendered with the new date, time and place. The old public address
    redirects to the new one (`public_views.moved_meeting`)."""
    last = meeting.publications.order_by("-number").first()
    publication = AgendaPublication(
        meeting=meeting,
        number=last.number + 1,
        published_at=timezone.now(),
        published_by=by,
        changes=changes,
        late_reason=late_reason,
        deadline=deadline_for(meeting),
        snapshot=last.snapshot,
        restricted=last.restricted,
    )
    publication.pdf = _render_agenda_pack(meeting, publication)
    return save_audited(publication, by=by, reason=f"Supplement {publication.number} published: meeting moved")


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, by) -> Meeting:
    if not reason.strip():
        raise ValidationError("Give a reason for cancelling the meeting.")
    if meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        raise ValidationError("Only a meeting that has not yet been held can be cancelled.")
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancellation_reason = reason.strip()
    return save_audited(meeting, by=by, reason=f"Meeting cancelled: {reason.strip()}")


# -- The agenda -----------------------------------------------------------------------------------


def agenda_minutes(meeting: Meeting) -> int:
    return meeting.items.aggregate(total=Sum("expected_minutes"))["total"] or 0


def meeting_minutes(meeting: Meeting) -> int:
    return int(meeting.length.total_seconds() // 60)


def _check_editable(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError("This meeting has been cancelled: its agenda cannot change.")
    if meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        raise ValidationError("The meeting has been held: its agenda can no longer change.")


@transaction.atomic
def agenda_start(*, meeting: Meeting, by) -> list[AgendaItem]:
    """Propose the standard opening items on an empty agenda."""
    _check_editable(meeting)
    if meeting.items.exists():
        raise ValidationError("The agenda already has items.")
    return [
        save_audited(
            AgendaItem(meeting=meeting, position=position, title=title, purpose=purpose, expected_minutes=minutes),
            by=by,
            reason="Standard opening item proposed",
        )
        for position, (title, purpose, minutes) in enumerate(STANDARD_OPENING_ITEMS, start=1)
    ]


def _apply_confidentiality(item: AgendaItem) -> None:
    if not item.confidential:
        item.exempt_paragraph = None
        item.exempt_reason = ""


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by, reason: str = "Agenda item added", **values) -> AgendaItem:
    _check_editable(meeting)
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting, position=last + 1, **{k: v for k, v in values.items() if k in AgendaItem.EDITABLE_FIELDS}
    )
    _apply_confidentiality(item)
    item.version = 1
    return save_audited(item, by=by, reason=reason)


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, loaded_version: int, by, **values) -> AgendaItem:
    current = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    _check_editable(current.meeting)
    if current.version != loaded_version:
        raise StaleEdit(current)
    was_confidential = current.confidential
    for name in AgendaItem.EDITABLE_FIELDS:
        if name in values:
            setattr(current, name, values[name])
    _apply_confidentiality(current)
    current.version += 1
    saved = save_audited(current, by=by, reason="Agenda item edited")
    if current.confidential and not was_confidential:
        agenda_withdraw_item(item=saved, by=by)
    return saved


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, by) -> None:
    """Swap the item with its neighbour above (`up`) or below. Numbers follow the order."""
    _check_editable(item.meeting)
    items = list(AgendaItem.objects.select_for_update().filter(meeting=item.meeting).order_by("position"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(items):
        return
    mover, other = items[index], items[other_index]
    positions = (mover.position, other.position)
    mover.position = 0  # free the number: positions are unique within a meeting
    mover._change_reason, mover._history_user = "Agenda reordered", by
    mover.save(update_fields=["position"])
    other.position = positions[0]
    save_audited(other, by=by, reason="Agenda reordered")
    mover.position = positions[1]
    save_audited(mover, by=by, reason="Agenda reordered")


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by) -> None:
    _check_editable(item.meeting)
    meeting = item.meeting
    delete_audited(item, by=by, reason="Agenda item removed")
    for position, later in enumerate(meeting.items.order_by("position"), start=1):
        if later.position != position:
            later.position = position
            save_audited(later, by=by, reason="Agenda renumbered")


@transaction.atomic
def report_save(*, item: AgendaItem, loaded_version: int, by, **values) -> CoverReport:
    _check_editable(item.meeting)
    report = CoverReport.objects.select_for_update().filter(item=item).first()
    if report is None:
        if loaded_version != 0:
            raise StaleEdit(item)
        report = CoverReport(item=item)
        reason = "Report added"
    else:
        if report.version != loaded_version:
            raise StaleEdit(report)
        reason = "Report edited"
    for name in CoverReport.EDITABLE_FIELDS:
        if name in values:
            setattr(report, name, values[name])
    report.version += 1
    return save_audited(report, by=by, reason=reason)


def sniff_paper_kind(head: bytes, data: io.BufferedIOBase) -> str | None:
    """The kind of paper by its content, never its name: PDF, DOCX, XLSX or ODT, else None."""
    if head.startswith(b"%PDF-"):
        return ReportFile.Kind.PDF
    if not head.startswith(b"PK\x03\x04"):
        return None
    # Bounded: an archive can declare a million members or expand a megabyte into gigabytes.
    archive = open_archive(data)
    if archive is None:
        return None
    with archive:
        names = set(archive.namelist())
        if (read_member(archive, "mimetype", 100) or b"").strip() == b"application/vnd.oasis.opendocument.text":
            return ReportFile.Kind.ODT
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return ReportFile.Kind.DOCX
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return ReportFile.Kind.XLSX
    return None


@transaction.atomic
def report_file_attach(*, item: AgendaItem, title: str, upload: UploadedFile, by) -> ReportFile:
    _check_editable(item.meeting)
    limit = settings.PAPER_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"The file must be smaller than {limit // (1024 * 1024)} MB.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    kind = sniff_paper_kind(head, upload)
    upload.seek(0)
    if kind is None:
        raise ValidationError("The file must be a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT) file.")
    paper = ReportFile(item=item, title=title.strip(), kind=kind, size=upload.size)
    paper.file.save(f"paper.{kind}", upload, save=False)
    return save_audited(paper, by=by, reason="Paper attached")


@transaction.atomic
def report_file_remove(*, paper: ReportFile, by) -> None:
    _check_editable(paper.item.meeting)
    stored = paper.file
    delete_audited(paper, by=by, reason="Paper removed")
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


# -- Publication ----------------------------------------------------------------------------------


def deadline_for(meeting: Meeting) -> dt.date:
    return agenda_deadline(meeting.date)


def _agenda_entry(item: AgendaItem) -> dict:
    """One item as a frozen agenda holds it, in full: what the public reads of a public item,
    what members of the body read of a confidential one."""
    report = getattr(item, "report", None)
    return {
        "id": item.pk,
        "number": item.position,
        "exempt": False,
        "title": item.title,
        "purpose": item.get_purpose_display(),
        "presenter": item.presenter,
        "expected_minutes": item.expected_minutes,
        "report": None
        if report is None
        else {
            "key_decision": report.key_decision,
            "listed_on_forward_plan": report.listed_on_forward_plan,
            "within_policy": report.within_policy,
            "accountable_cabinet_member": report.accountable_cabinet_member,
            "contact_officer": report.contact_officer,
            "purpose": report.purpose,
            "recommendations": report.recommendations,
            "implications": report.implications,
            "background_papers": report.background_papers,
        },
        "files": [
            {"id": paper.pk, "title": paper.title, "kind": paper.get_kind_display(), "size": paper.size}
            for paper in item.files.all()
        ],
    }


def _neutral_entry(item: AgendaItem) -> dict:
    """What the public reads in place of an item it may not read: its number and neutral line."""
    return {"id": item.pk, "number": item.position, "exempt": True, "title": item.public_line}


def agenda_snapshots(meeting: Meeting) -> tuple[dict, dict]:
    """The agenda frozen as data, twice: what the public may read (from the public queryset;
    a neutral line for every other item), and the confidential items in full for those
    entitled to them, keyed by item id."""
    public_ids = set(AgendaItem.objects.public().filter(meeting=meeting).values_list("pk", flat=True))
    public, restricted = [], {}
    for item in meeting.items.select_related("report").prefetch_related("files").order_by("position"):
        if item.pk in public_ids:
            public.append(_agenda_entry(item))
        else:
            public.append(_neutral_entry(item))
            restricted[str(item.pk)] = {**_agenda_entry(item), "exempt": True, "public_line": item.public_line}
    return {"items": public}, restricted


def public_agenda_snapshot(meeting: Meeting) -> dict:
    """What the public may read of the agenda, from the public querysets, frozen as data."""
    return agenda_snapshots(meeting)[0]


def _render_agenda_pack(meeting: Meeting, publication: AgendaPublication) -> bytes:
    earlier = list(
        meeting.publications.filter(number__lt=publication.number).defer("pdf", "snapshot").order_by("number")
    )
    return render_pdf(
        "meetings/pdf/agenda_pack.html",
        {"meeting": meeting, "publication": publication, "earlier": earlier, "items": publication.snapshot["items"]},
    )


def agenda_withdraw_item(*, item: AgendaItem, by) -> int:
    """An item made confidential after its agenda was published leaves the public record at
    once, by its identity: in every publication of the meeting its entry becomes the neutral
    line (the full entry moves to what members of the body read), and each stored agenda pack
    is rendered again. Making it public again needs a supplement. Returns how many publications
    changed."""
    meeting = Meeting.objects.select_for_update().select_related("body__partnership").get(pk=item.meeting_id)
    changed = 0
    for publication in meeting.publications.select_for_update().order_by("number"):
        entries = publication.snapshot["items"]
        hits = [i for i, entry in enumerate(entries) if entry.get("id") == item.pk and not entry["exempt"]]
        if not hits:
            continue
        for index in hits:
            entry = entries[index]
            neutral = {"id": item.pk, "number": entry["number"], "exempt": True, "title": item.public_line}
            publication.restricted[str(item.pk)] = {**entry, "exempt": True, "public_line": item.public_line}
            entries[index] = neutral
        publication.pdf = _render_agenda_pack(meeting, publication)
        save_audited(
            publication,
            by=by,
            reason=f"Item “{item.title}” withdrawn from the public agenda: made confidential since publication",
        )
        changed += 1
    return changed


def changes_since_publication(meeting: Meeting) -> int:
    """How many items differ between the agenda as it stands and as last published (added,
    removed, moved, edited, their reports or papers changed): what a supplement would publish.
    Compared by content, not by history, so an edit undone is no change, and a supplement that
    only re-issued the agenda for a moved meeting leaves earlier edits still counted."""
    last = meeting.publications.defer("pdf").order_by("-number").first()
    if last is None:
        return 0
    # As the database gives it back (JSON: tuples become lists), to compare like with like.
    snapshot, restricted = json.loads(json.dumps(agenda_snapshots(meeting), cls=DjangoJSONEncoder))
    published = {entry.get("id"): entry for entry in last.snapshot["items"]}
    current = {entry["id"]: entry for entry in snapshot["items"]}
    differing = {key for key in published.keys() | current.keys() if published.get(key) != current.get(key)}
    differing |= {
        int(key)
        for key in last.restricted.keys() | restricted.keys()
        if last.restricted.get(key) != restricted.get(key)
    }
    return len(differing)


@transaction.atomic
def agenda_publish(
    *, meeting: Meeting, by, late_reason: str = "", changes: str = "", now: dt.datetime | None = None
) -> AgendaPublication:
    """Publish the agenda (the first time) or a numbered supplement (after that).

    Late publication needs a reason, recorded and shown on the public agenda. The agenda pack
    PDF is rendered here, once, and stored with the frozen public agenda.
    """
    meeting = Meeting.objects.select_for_update().select_related("body__partnership").get(pk=meeting.pk)
    now = now or timezone.now()
    _check_editable(meeting)
    if not meeting.items.exists():
        raise ValidationError("Add at least one item before publishing the agenda.")
    # Read after the lock: a second identical post waits for the first, then finds nothing new.
    number = meeting.publications.count()
    if number > 0 and changes_since_publication(meeting) == 0:
        last = "the agenda" if number == 1 else f"supplement {number - 1}"
        raise ValidationError(f"Nothing has changed since {last} was published: there is no supplement to publish.")
    deadline = deadline_for(meeting)
    late = timezone.localtime(now).date() > deadline
    if number == 0 and late and not late_reason.strip():
        raise ValidationError(
            f"The deadline for publishing this agenda was {format_date(deadline)}. "
            "Give the special circumstances that make it late: they are recorded and shown on the agenda."
        )
    if number > 0 and not changes.strip():
        raise ValidationError("Say what the supplement changes.")
    if number == 0:
        meeting.status = Meeting.Status.AGENDA_PUBLISHED
        meeting.agenda_published_at = now
        meeting.late_publication_reason = late_reason.strip() if late else ""
        save_audited(meeting, by=by, reason="Agenda published" + (" late" if late else ""))
    snapshot, restricted = agenda_snapshots(meeting)
    publication = AgendaPublication(
        meeting=meeting,
        number=number,
        published_at=now,
        published_by=by,
        changes=changes.strip(),
        late_reason=late_reason.strip() if (late and number == 0) else "",
        deadline=deadline,
        snapshot=snapshot,
        restricted=restricted,
    )
    publication.pdf = _render_agenda_pack(meeting, publication)
    return save_audited(
        publication, by=by, reason="Agenda published" if number == 0 else f"Supplement {number} published"
    )


# -- The planning group and proposals -------------------------------------------------------------


def _planning_group_history(partnership: Partnership):
    return Membership.history.filter(body__partnership=partnership, body__kind=Body.Kind.PLANNING_GROUP)


def planning_group_version(partnership: Partnership) -> int:
    """The version of the planning group's membership: what the appointment form loaded."""
    return version_of(_planning_group_history(partnership))


@transaction.atomic
def planning_group_appoint(
    *,
    partnership: Partnership,
    people: list[Person],
    by,
    today: dt.date | None = None,
    loaded_version: int | None = None,
) -> Body:
    """The chair appoints the planning group: new people join today, people left out leave today."""
    today = today or timezone.localdate()
    Partnership.objects.select_for_update().get(pk=partnership.pk)  # one appointment at a time
    history = _planning_group_history(partnership)
    check_version(loaded_version, version_of(history), partnership, history=history)
    group = Body.objects.filter(partnership=partnership, kind=Body.Kind.PLANNING_GROUP).first()
    if group is None:
        group = save_audited(
            Body(partnership=partnership, kind=Body.Kind.PLANNING_GROUP, name="Planning Group", slug="planning-group"),
            by=by,
            reason="Planning group set up by the chair",
        )
    board = Body.objects.get(partnership=partnership, kind=Body.Kind.BOARD)
    eligible = set(board.memberships.current(today).values_list("person_id", flat=True))
    chosen = {person.pk for person in people}
    if not chosen <= eligible:
        raise ValidationError("The planning group is appointed from the partnership's current members.")
    current = {m.person_id: m for m in group.memberships.current(today).filter(role=Membership.Role.MEMBER)}
    for person_id, membership in current.items():
        if person_id not in chosen:
            membership.ends_on = max(today - dt.timedelta(days=1), membership.starts_on)
            save_audited(membership, by=by, reason="Left the planning group (appointed by the chair)")
    for person in people:
        if person.pk not in current:
            seat = board.memberships.current(today).filter(person=person).first()
            save_audited(
                Membership(
                    person=person,
                    body=group,
                    role=Membership.Role.MEMBER,
                    organisation=seat.organisation,
                    basis=seat.basis,
                    job_title=seat.job_title,
                    starts_on=today,
                ),
                by=by,
                reason="Appointed to the planning group by the chair",
            )
    return group


@transaction.atomic
def proposal_submit(*, meeting: Meeting, person: Person, title: str, purpose: str, details: str, by) -> AgendaProposal:
    _check_editable(meeting)
    if meeting.starts_at <= timezone.now():
        raise ValidationError("Items can be proposed only for a meeting that has not yet taken place.")
    proposal = AgendaProposal(meeting=meeting, proposed_by=person, title=title, purpose=purpose, details=details)
    return save_audited(proposal, by=by, reason="Agenda item proposed by the planning group")


@transaction.atomic
def proposal_accept(*, proposal: AgendaProposal, by) -> AgendaItem:
    # Lock the proposal and read its status again: of two accepts at once, the second waits
    # for the first and finds it decided.
    proposal.refresh_from_db(from_queryset=AgendaProposal.objects.select_for_update())
    if proposal.status != AgendaProposal.Status.PROPOSED:
        raise ValidationError("This proposal has already been decided.")
    item = agenda_item_add(
        meeting=proposal.meeting,
        by=by,
        reason="Agenda item added from a planning group proposal",
        title=proposal.title,
        purpose=proposal.purpose,
        presenter=proposal.proposed_by.full_name,
    )
    proposal.status = AgendaProposal.Status.ACCEPTED
    proposal.accepted_item = item
    save_audited(proposal, by=by, reason="Proposal accepted onto the agenda")
    return item


@transaction.atomic
def proposal_decline(*, proposal: AgendaProposal, reason: str, by) -> AgendaProposal:
    proposal.refresh_from_db(from_queryset=AgendaProposal.objects.select_for_update())
    if proposal.status != AgendaProposal.Status.PROPOSED:
        raise ValidationError("This proposal has already been decided.")
    if not reason.strip():
        raise ValidationError("Give the proposer a reason for declining.")
    proposal.status = AgendaProposal.Status.DECLINED
    proposal.decline_reason = reason.strip()
    return save_audited(proposal, by=by, reason="Proposal declined")
