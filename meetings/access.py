"""Access helpers, in pairs per object type and scoped by partnership: `get_X_for_user` to read,
`get_X_for_officer` to change (Healthchecks keeps its pair at the top of its views). Every object
named by id in a URL is looked up here, and nowhere else.

Answers, in order: 404 to anyone outside the partnership (another partnership's officers
included: for them the object does not exist), and to anyone inside it who may not see this
object; 403 to someone who may see it but not change it. The rules themselves are the predicates
in `meetings.permissions` (and `members.permissions` for the seats, `boards.permissions` for the
officers').

Who sees a meeting's staff page:
- the partnership's officers, the chair and the vice-chair: everything, drafts included;
- the partnership's other members: only once its agenda or minutes are published, and then the
  agenda as published (the frozen publication), with the confidential items in full only for
  members of the body that meets (`restricted_agenda`). Never drafts or edits not yet public.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from boards.models import Body, Partnership
from members import permissions

from .models import Action, AgendaItem, AgendaProposal, AgendaPublication, Attendance, Meeting, ReportFile, Resolution
from .permissions import (
    can_approve_minutes,
    can_decide_proposals,
    can_draft_minutes,
    can_manage_actions,
    can_manage_meetings,
    can_manage_planning_group,
    can_propose_items,
    can_publish_agenda,
    can_publish_minutes,
)

# -- Meetings --------------------------------------------------------------------------------------


def get_meeting_for_user(request, pk: int, *, change: bool = False) -> Meeting:
    """Officers, the chair and the vice-chair see every meeting of their partnership; its other
    members see a meeting once it is published; nobody else sees it. Only officers change it."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__partnership"), pk=pk)
    partnership = meeting.body.partnership
    if permissions.can_see_unpublished(request.user, partnership):
        if change and not can_manage_meetings(request.user, partnership):
            raise PermissionDenied
        return meeting
    if not (permissions.is_member(request.user, partnership) and meeting.is_published):
        raise Http404
    if change:
        raise PermissionDenied
    return meeting


def get_meeting_for_officer(request, pk: int) -> Meeting:
    """A meeting to change (move, cancel, build its agenda): 404 where the user may not see it,
    403 where they may see it only."""
    return get_meeting_for_user(request, pk, change=True)


def get_agenda_for_officer(request, pk: int) -> Meeting:
    """A meeting whose agenda the user publishes (`can_publish_agenda`)."""
    meeting = get_meeting_for_user(request, pk)
    if not can_publish_agenda(request.user, meeting.body.partnership):
        raise PermissionDenied
    return meeting


# -- Agenda items and their papers ----------------------------------------------------------------


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
    if change and not can_manage_meetings(request.user, meeting.body.partnership):
        raise PermissionDenied
    return item


def get_item_for_officer(request, pk: int) -> AgendaItem:
    """An item to change (edit, move, remove, its report and papers): officers only."""
    return get_item_for_user(request, pk, change=True)


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


def get_paper_for_officer(request, pk: int) -> ReportFile:
    """A paper to remove: the officers of its meeting's partnership (as for its item)."""
    paper = get_object_or_404(ReportFile, pk=pk)
    paper.item = get_item_for_officer(request, paper.item_id)
    return paper


# -- The planning group and its proposals ---------------------------------------------------------


def get_planning_group_for_officer(request, slug: str) -> tuple[Partnership, Body]:
    """The partnership whose planning group the user appoints (`can_manage_planning_group`: the
    chair), and its board, from which the group is chosen."""
    partnership = get_object_or_404(Partnership, slug=slug)
    if not can_manage_planning_group(request.user, partnership):
        permissions.refuse(request.user, partnership)
    return partnership, get_object_or_404(Body, partnership=partnership, kind=Body.Kind.BOARD)


def get_meeting_for_proposer(request, pk: int) -> Meeting:
    """A meeting to propose an item for: the planning group's members (`can_propose_items`)."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__partnership"), pk=pk)
    if not can_propose_items(request.user, meeting.body.partnership):
        permissions.refuse(request.user, meeting.body.partnership)
    return meeting


def get_proposal_for_officer(request, pk: int) -> AgendaProposal:
    """A proposal to accept or decline (`can_decide_proposals`); 404 to anyone else."""
    proposal = get_object_or_404(AgendaProposal.objects.select_related("meeting__body__partnership"), pk=pk)
    if not can_decide_proposals(request.user, proposal.meeting.body.partnership):
        raise Http404
    return proposal


# -- Minutes, resolutions and actions -------------------------------------------------------------


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


def get_resolution_for_user(request, pk: int) -> Resolution:
    """A resolution of minutes the user drafts (to remove it): as `get_minutes_for_user`."""
    resolution = get_object_or_404(Resolution, pk=pk)
    resolution.meeting = get_minutes_for_user(request, resolution.meeting_id)
    return resolution


def get_attendance_for_user(request, pk: int) -> Attendance:
    """One line of a meeting's attendance (to reorder those in attendance): as
    `get_minutes_for_user`."""
    attendance = get_object_or_404(Attendance, pk=pk)
    attendance.meeting = get_minutes_for_user(request, attendance.meeting_id)
    return attendance


def get_action_for_officer(request, pk: int) -> Action:
    """An open action to mark done, from a meeting or a commission's recommendation: the officers
    of its partnership (`can_manage_actions`); 404 to anyone else."""
    action = get_object_or_404(
        Action.objects.select_related("meeting__body__partnership", "recommendation__commission__body__partnership"),
        pk=pk,
    )
    if not can_manage_actions(request.user, action_partnership(action)):
        raise Http404
    return action


def action_partnership(action: Action) -> Partnership:
    """The partnership an action belongs to: its meeting's, or its recommendation's commission's."""
    source = action.meeting.body if action.meeting else action.recommendation.commission.body
    return source.partnership


# -- What a member may read of a published agenda -------------------------------------------------


def latest_publication(meeting: Meeting) -> AgendaPublication | None:
    return AgendaPublication.objects.public().filter(meeting=meeting).defer("pdf").order_by("-number").first()


def published_item_ids(meeting: Meeting) -> set[int]:
    """The items in the agenda as last published (public entries and neutral lines alike)."""
    latest = latest_publication(meeting)
    if latest is None:
        return set()
    return {entry["id"] for entry in latest.snapshot["items"] if entry.get("id") is not None}


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


def _lists_paper(entries, paper: ReportFile) -> bool:
    """Whether one of these frozen agenda entries lists the paper."""
    return any(f["id"] == paper.pk for entry in entries for f in entry.get("files", []))


def is_published_paper(paper: ReportFile) -> bool:
    """In the latest publication of its agenda, and its item public now (not made confidential since)."""
    latest = latest_publication(paper.item.meeting)
    if latest is None or not AgendaItem.objects.public().filter(pk=paper.item_id).exists():
        return False
    return _lists_paper(latest.snapshot["items"], paper)
