"""Subscriptions for the public: the meeting calendar (iCalendar) and new minutes (Atom).
Both start from the public querysets, like every public page, and both are bounded: the calendar
holds the last twelve months and the next twelve, the minutes feed the latest twenty."""

import datetime as dt
import uuid

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from icalendar import Calendar, Event

from boards.models import Partnership
from core.dates import format_date
from meetings.models import Meeting

CALENDAR_REACH = dt.timedelta(days=366)  # a year either side of now
FEED_ENTRIES = 20


@login_not_required
def meetings_ics(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    calendar = Calendar()
    calendar.add("prodid", "-//Partnership governance//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{partnership.name}: meetings")
    host = request.get_host()
    now = timezone.now()
    meetings = Meeting.objects.public().filter(
        body__partnership=partnership, starts_at__gte=now - CALENDAR_REACH, starts_at__lt=now + CALENDAR_REACH
    )
    for meeting in meetings.order_by("starts_at"):
        event = Event()
        # The same UID for the life of the meeting; each change to when, where or whether it takes
        # place (a move, a postponement, a cancellation) is a new SEQUENCE, stamped when it was made.
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", meeting.revised_at.astimezone(dt.UTC))
        event.add("last-modified", meeting.revised_at.astimezone(dt.UTC))
        event.add("dtstart", meeting.starts_at.astimezone(dt.UTC))
        event.add("dtend", meeting.ends_at.astimezone(dt.UTC))
        event.add("summary", meeting.body.name + (" (cancelled)" if meeting.is_cancelled else ""))
        event.add("location", meeting.venue)
        description = _what_changed(meeting)
        if description:
            event.add("description", description)
        event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{partnership.slug}-meetings.ics"'
    return response


def _what_changed(meeting: Meeting) -> str:
    """What the public page says of a cancellation, a postponement or a move."""
    lines = []
    if meeting.is_cancelled:
        lines.append(f"Cancelled: {meeting.cancellation_reason}")
    if meeting.moved_from and meeting.postponement_reason:
        lines.append(f"Postponed from {format_date(meeting.moved_from)}: {meeting.postponement_reason}")
    elif meeting.moved_from:
        lines.append(f"Moved from {format_date(meeting.moved_from)}.")
    return "\n".join(lines)


class MinutesFeed(Feed):
    """New minutes of every board and commission meeting of a partnership."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Partnership, slug=slug)

    def title(self, partnership):
        return f"{partnership.name}: minutes"

    def link(self, partnership):
        return partnership.get_absolute_url()

    def subtitle(self, partnership):
        return f"Minutes of the meetings of {partnership.name}, as they are published."

    def items(self, partnership):
        return (
            Meeting.objects.with_public_minutes()
            .filter(body__partnership=partnership)
            .order_by("-minutes_published_at")[:FEED_ENTRIES]
        )

    def item_title(self, meeting):
        return f"{meeting.body.name}, {format_date(meeting.starts_at)}"

    def item_description(self, meeting):
        state = (
            meeting.body.partnership.approval_phrase
            if meeting.status == Meeting.Status.MINUTES_APPROVED
            else ("draft, subject to approval")
        )
        return f"Minutes of the meeting of the {meeting.body.name} held on {format_date(meeting.starts_at)} ({state})."

    def item_link(self, meeting):
        return meeting.get_absolute_url()

    def item_guid(self, meeting):
        """The entry's id for the life of the meeting: not its address, which changes with the
        partnership's or when the meeting moves (a feed reader would take it for new minutes)."""
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'partnership-governance/meetings/{meeting.pk}/minutes')}"

    def item_guid_is_permalink(self, meeting):
        return False

    def item_pubdate(self, meeting):
        return meeting.minutes_published_at

    def item_updateddate(self, meeting):
        return meeting.minutes_approved_at or meeting.minutes_published_at
