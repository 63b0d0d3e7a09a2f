"""Access helpers: one per object type, scoped by partnership.

Answers, in order: 404 to anyone outside the partnership (another partnership's officers
included: for them the object does not exist), and to anyone inside it who may not see this
object; 403 to someone who may see it but not change it. The rules themselves are the predicates
in `members.permissions` (and `boards.permissions` for the officers').

Who sees a meeting's staff page:
- the partnership's officers, the chair and the vice-chair: everything, drafts included;
- the partnership's other members: only once its agenda or minutes are published, and then the
  agenda as published (the frozen publication), with the confidential items in full only for
  members of the body that meets (`restricted_agenda`). Never drafts or edits not yet public.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from members import permissions

from .models import AgendaItem, AgendaProposal, AgendaPublication, Meeting, ReportFile
from .permissions import can_approve_minutes, can_draft_minutes, can_publish_minutes


def get_meeting_for_user(request, pk: int, *, change: bool = False) -> Meeting:
    """Officers, the chair and the vice-chair see every meeting of their partnership; its other
    members see a meeting once it is published; nobody else sees it. Only officers change it."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__partnership"), pk=pk)
    partnership = meeting.body.partnership
    if permissions.can_see_unpublished(request.user, partnership):
        if change and not permissions.can_manage_meetings(request.user, partnership):
            raise PermissionDenied
        return meeting
    if not (permissions.is_member(request.user, partnership) and meeting.is_published):
        raise Http404
    if change:
        raise PermissionDenied
    return meeting


def get_meeting_for_officer(request, pk: int) -> Meeting:
    """A meeting to change: 404 where the user may not see it, 403 where they may see it only."""
    return get_meeting_for_user(request, pk, change=True)


def get_meeting_for_proposer(request, pk: int) -> Meeting:
    """A meeting to propose an item for: the planning group's members."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__partnership"), pk=pk)
    if not permissions.can_propose_items(request.user, meeting.body.partnership):
        permissions.refuse(request.user, meeting.body.partnership)
    return meeting


def get_minutes_for_user(request, pk: int) -> Meeting:
    """A meeting whose minutes the user drafts: officers and the chair (`can_draft_minutes`)."""
    meeting = get_meeting_for_user(request, pk)
    if not can_draft_minutes(request.user, meeting.body.partnership):
        raise PermissionDenied
    return meeting


def get_minutes_for_officer(request, pk: int) -> Meeting:
    """A meeting whose minutes the user publishes: officers only (`can_publish_minutes`)."""
    meeting = get_minutes_for_user(request, pk)
    if not can_publish_minutes(request.user, meeting.body.partnership):
        raise PermissionDenied
    return meeting


def get_minutes_for_chair(request, pk: int) -> Meeting:
    """A meeting whose minutes the user approves: the chair only (`can_approve_minutes`)."""
    meeting = get_meeting_for_user(request, pk)
    if not can_approve_minutes(request.user, meeting.body.partnership):
        raise PermissionDenied
    return meeting


def latest_publication(meeting: Meeting) -> AgendaPublication | None:
    return AgendaPublication.objects.public().filter(meeting=meeting).defer("pdf").order_by("-number").first()


def published_item_ids(meeting: Meeting) -> set[int]:
    """The items in the agenda as last published (public entries and neutral lines alike)."""
    latest = latest_publication(meeting)
    if latest is None:
        return set()
    return {entry["id"] for entry in latest.snapshot["items"] if entry.get("id") is not None}


def get_item_for_user(request, pk: int, *, change: bool = False) -> AgendaItem:
    """An item of a meeting the user may see. For a member who may not see unpublished material,
    only items of the agenda as published, and a confidential one only for members of the body;
    anything else is 404 whatever the item is, so the answer tells nothing about it."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body__partnership"), pk=pk)
    meeting = get_meeting_for_user(request, item.meeting_id)
    if not permissions.can_see_unpublished(request.user, meeting.body.partnership):
        if item.pk not in published_item_ids(meeting):
            raise Http404
        if item.confidential and not permissions.can_see_confidential(request.user, meeting.body):
            raise Http404
    if change and not permissions.can_manage_meetings(request.user, meeting.body.partnership):
        raise PermissionDenied
    return item


def restricted_agenda(user, meeting: Meeting) -> tuple[AgendaPublication | None, list[dict]]:
    """The agenda as last published, for a member: each entry as the public reads it, except that
    a member of the body reads the confidential items in full, as they were published to them."""
    latest = latest_publication(meeting)
    if latest is None:
        return None, []
    entitled = permissions.can_see_confidential(user, meeting.body)
    confidential_now = set(meeting.items.filter(confidential=True).values_list("pk", flat=True))
    items = []
    for entry in latest.snapshot["items"]:
        full = latest.restricted.get(str(entry.get("id")))
        if entry["exempt"] and entitled and full is not None:
            entry = {**full, "confidential": True}
        elif not entry["exempt"] and entry.get("id") in confidential_now:
            full = {**entry, "confidential": True, "exempt": True}
            entry = full if entitled else {"id": entry["id"], "number": entry["number"], "exempt": True}
        items.append(entry)
    return latest, items


def get_paper_for_user(request, pk: int) -> ReportFile:
    """A paper is public once it is in the latest publication of its agenda and its item is public
    now (not made confidential since). Officers, the chair and the vice-chair read every paper of
    their partnership; a member of the body reads a confidential item's papers as they were
    published to the members. Anyone else: 404."""
    paper = get_object_or_404(ReportFile.objects.select_related("item__meeting__body__partnership"), pk=pk)
    if is_published_paper(paper):
        return paper
    meeting = paper.item.meeting
    if permissions.can_see_unpublished(request.user, meeting.body.partnership):
        return paper
    if permissions.can_see_confidential(request.user, meeting.body):
        latest = latest_publication(meeting)
        if latest is not None and _lists_paper(latest.restricted.values(), paper):
            return paper
    raise Http404


def _lists_paper(entries, paper: ReportFile) -> bool:
    """Whether one of these frozen agenda entries lists the paper."""
    return any(f["id"] == paper.pk for entry in entries for f in entry.get("files", []))


def get_proposal_for_officer(request, pk: int) -> AgendaProposal:
    proposal = get_object_or_404(AgendaProposal.objects.select_related("meeting__body__partnership"), pk=pk)
    if not permissions.is_officer(request.user, proposal.meeting.body.partnership):
        raise Http404
    return proposal


def is_published_paper(paper: ReportFile) -> bool:
    """In the latest publication of its agenda, and its item public now (not made confidential since)."""
    latest = latest_publication(paper.item.meeting)
    if latest is None or not AgendaItem.objects.public().filter(pk=paper.item_id).exists():
        return False
    return _lists_paper(latest.snapshot["items"], paper)
