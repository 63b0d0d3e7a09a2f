"""Every public page runs the same number of queries at two sizes of data: what catches a query
per row (N+1) and a list that reads every record the partnership ever had.

The data is made through the services: meetings held and minuted, with attendance and a
declaration by the same member, published; meetings coming up; members; an agenda published
with its papers. Then ten times as much again, and every page is counted again."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.models import Attendance
from members.models import Membership
from tests.commissions.helpers import make_commission
from tests.conftest import make_meeting, make_member
from tests.meetings.helpers import MINIMAL_PDF, build_agenda, upload

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [q["sql"][:160] for q in queries.captured_queries]


class Grower:
    """Adds published meetings (each attended by `person`, who declares an interest in it),
    meetings coming up, board members and agenda items, `n` of each at a time."""

    def __init__(self, board, council, officer, person, agenda_meeting):
        self.board, self.council, self.officer, self.person = board, council, officer, person
        self.agenda_meeting = agenda_meeting
        self.added = 0

    def grow(self, n: int) -> None:
        today = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
        for k in range(self.added, self.added + n):
            self._published_meeting(today - dt.timedelta(days=7 * (k + 1)))
            make_meeting(self.board, today + dt.timedelta(days=7 * (k + 1)), by=self.officer)
            make_member(self.board, self.council, f"Given{k}", f"Family{k}")
            item = services.agenda_item_add(meeting=self.agenda_meeting, by=self.officer, title=f"Extra {k}")
            services.report_save(item=item, loaded_version=0, by=self.officer, purpose="P", recommendations="R")
            paper = upload("p.pdf", MINIMAL_PDF)
            services.report_file_attach(item=item, title=f"Paper {k}", upload=paper, by=self.officer)
        self.added += n
        services.agenda_publish(meeting=self.agenda_meeting, by=self.officer, changes=f"{n} more items")

    def _published_meeting(self, starts_at: dt.datetime) -> None:
        meeting = make_meeting(self.board, starts_at, by=self.officer)
        services.agenda_start(meeting=meeting, by=self.officer)
        services.meeting_hold(meeting=meeting, by=self.officer)
        entries = [(m, Attendance.Status.PRESENT, None) for m in services.members_expected(meeting)]
        services.attendance_record(meeting=meeting, entries=entries, by=self.officer)
        item = meeting.items.order_by("position").last()
        declared = {"nature": "Trustee", "kind": "other", "left_room": False, "took_no_part": False}
        services.declaration_add(item=item, person=self.person, by=self.officer, **declared)
        services.resolution_add(item=item, text="That it be noted.", by=self.officer)
        services.meeting_close_time(meeting=meeting, closed_at=dt.time(15, 30), by=self.officer)
        services.minutes_publish(meeting=meeting, by=self.officer)


@pytest.fixture
def grower(partnership, board, council, officer, chair, future_meeting):
    build_agenda(future_meeting, officer)
    person = Membership.objects.get(person__user=chair).person
    return Grower(board, council, officer, person, future_meeting)


def public_urls(partnership, grower, commission) -> dict[str, str]:
    meeting = grower.agenda_meeting
    published = grower.board.meetings.filter(status="minutes_published").latest("starts_at")
    report_number = meeting.items.filter(report__isnull=False, confidential=False).order_by("position").first().position
    base = f"/partnerships/{partnership.slug}"
    return {
        "home": "/",
        "partnership": f"{base}/",
        "calendar": f"{base}/meetings/",
        "body meetings": f"{base}/board/",
        "meeting (agenda)": meeting.get_absolute_url(),
        "public report": f"{meeting.get_absolute_url()}items/{report_number}/",
        "agenda.pdf": f"{meeting.get_absolute_url()}agenda.pdf",
        "meeting (minutes)": published.get_absolute_url(),
        "minutes.pdf": f"{published.get_absolute_url()}minutes.pdf",
        "member": f"{base}/members/{grower.person.slug}/",
        "membership": f"{base}/members/",
        "body membership": f"{base}/board/members/",
        "meetings.ics": f"{base}/meetings.ics",
        "minutes.atom": f"{base}/minutes.atom",
        "commissions": f"{base}/commissions/",
        "commission": commission.get_absolute_url(),
    }


# The queries each page runs, whatever the size of the data:
EXPECTED = {
    "home": 1,  # partnerships
    "partnership": 6,  # partnership; board; focus areas; principles with aims; board seats; upcoming meetings
    "calendar": 3,  # partnership; what is coming (bounded); the latest past (bounded)
    "body meetings": 3,  # body with partnership; count; one page of meetings
    "meeting (agenda)": 3,  # meeting; publications; items confidential now
    "public report": 3,  # meeting; publications; items confidential now
    "agenda.pdf": 1,  # the stored PDF
    "meeting (minutes)": 3,  # meeting; minutes as stored; agenda publications
    "minutes.pdf": 1,  # the stored PDF
    "member": 8,  # person with partnership; seats; interests; deputy for; undertaking; declarations; attendance, page
    "membership": 2,  # partnership; bodies with their counts
    "body membership": 3,  # body with partnership; count; one page of seats
    "meetings.ics": 2,  # partnership; meetings a year either side
    "minutes.atom": 2,  # partnership; the latest minutes
    "commissions": 2,  # partnership; commissions
}


def test_every_public_page_runs_the_same_queries_with_ten_times_the_data(client, partnership, officer, grower):
    commission = make_commission(partnership, "Youth Voice", by=officer)  # proposed: listed nowhere public
    grower.grow(2)
    urls = public_urls(partnership, grower, commission)
    assert client.get(urls.pop("commission")).status_code == 404  # a proposal has no public page
    small = {name: count_queries(client, url) for name, url in urls.items()}
    grower.grow(18)
    large = {name: count_queries(client, url) for name, url in urls.items()}
    for name in urls:
        assert small[name][0] == large[name][0] == EXPECTED[name], (name, large[name][1])
