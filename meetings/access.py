"""Access helpers: one per object type. 404 where the user may not see the object, 403 where
they may see it but not change it. The rules themselves are the predicates in
`boards.permissions`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from boards import permissions
from boards.models import Partnership

from .models import AgendaItem, AgendaProposal, Meeting, ReportFile


def get_partnership_for_officer(request, slug: str) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    if not permissions.is_officer(request.user, partnership):
        raise PermissionDenied
    return partnership


def get_meeting_for_user(request, pk: int, *, change: bool = False) -> Meeting:
    """Officers and the chair see every meeting of their partnership; anyone else sees a meeting
    only once its agenda (or its minutes) has been published. Only officers change meetings."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__partnership"), pk=pk)
    partnership = meeting.body.partnership
    published = meeting.minutes_are_public or (meeting.agenda_is_public and meeting.agenda_published_at is not None)
    if not (permissions.can_see_unpublished(request.user, partnership) or published):
        raise Http404
    if change and not permissions.can_manage_meetings(request.user, partnership):
        raise PermissionDenied
    return meeting


def get_item_for_user(request, pk: int, *, change: bool = False) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body__partnership"), pk=pk)
    get_meeting_for_user(request, item.meeting_id, change=change)
    if item.confidential and not permissions.can_see_confidential(request.user, item.meeting.body):
        raise Http404
    return item


def get_paper_for_user(request, pk: int) -> ReportFile:
    """A paper is public once its item's agenda is public and the item is not confidential;
    otherwise it is for those who may see the unpublished or confidential agenda."""
    paper = get_object_or_404(ReportFile.objects.select_related("item__meeting__body__partnership"), pk=pk)
    item = paper.item
    if is_published_paper(paper):
        return paper
    partnership = item.meeting.body.partnership
    if item.confidential:
        if permissions.can_see_confidential(request.user, item.meeting.body) and (
            item.meeting.agenda_is_public or permissions.can_see_unpublished(request.user, partnership)
        ):
            return paper
        raise Http404
    if permissions.can_see_unpublished(request.user, partnership):
        return paper
    raise Http404


def get_proposal_for_officer(request, pk: int) -> AgendaProposal:
    proposal = get_object_or_404(AgendaProposal.objects.select_related("meeting__body__partnership"), pk=pk)
    if not permissions.is_officer(request.user, proposal.meeting.body.partnership):
        raise Http404
    return proposal


def is_published_paper(paper: ReportFile) -> bool:
    """In the latest publication of its agenda, and its item public now (not made confidential since)."""
    latest = paper.item.meeting.publications.public().defer("pdf").order_by("-number").first()
    if latest is None or not AgendaItem.objects.public().filter(pk=paper.item_id).exists():
        return False
    return any(f["id"] == paper.pk for entry in latest.snapshot["items"] for f in entry.get("files", []))
