"""Publishing the agenda: the frozen snapshot, the pack's PDF, supplements and withdrawals."""

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from core.audit import save_audited
from core.dates import format_date
from core.pdf import render_pdf

from ..models import (
    AgendaItem,
    AgendaPublication,
    Meeting,
)
from .calendar import agenda_deadline


def check_editable(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError("This meeting has been cancelled: its agenda cannot change.")
    if meeting.status not in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        raise ValidationError("The meeting has been held: its agenda can no longer change.")


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


def agenda_reissue(*, meeting: Meeting, changes: str, late_reason: str = "", by) -> AgendaPublication:
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
    check_editable(meeting)
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
