"""A Hypothesis state machine drives one meeting through the services in random order (add, move,
remove, retitle, make confidential, attach a paper, publish and supplement, hold, minute, publish,
approve and correct the minutes, move the meeting) and after every step reads the public pages and PDFs as
an anonymous visitor: nothing confidential or never published reaches them, the latest agenda's
public items are all there, a published meeting's addresses keep leading to it, and the stored minutes PDF and the
minutes on the page are the same record."""

import datetime as dt
import hashlib
import io
import os
import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from pypdf import PdfReader

from meetings import services
from meetings.models import AgendaItem, Attendance, Meeting, MinutesPublication
from tests.conftest import make_meeting
from tests.meetings.helpers import MINIMAL_PDF, upload

pytestmark = pytest.mark.django_db

PLANNING = (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)
DRAFTING = (Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED)
MARKER = re.compile(r"MK\d{3}Q")
EXAMPLES = 30
STEPS = 12

_pdf_text_cache: dict[str, str] = {}


def pdf_text(content: bytes) -> str:
    key = hashlib.sha256(content).hexdigest()
    if key not in _pdf_text_cache:
        reader = PdfReader(io.BytesIO(content))
        _pdf_text_cache[key] = " ".join(page.extract_text() or "" for page in reader.pages)
    return _pdf_text_cache[key]


def html_text(content: bytes) -> str:
    return " ".join(BeautifulSoup(content, "html.parser").get_text(" ").split())


class MeetingMachine(RuleBasedStateMachine):
    """One board meeting a month ago, the next one a week ago (where minutes are approved)."""

    def __init__(self, cast):
        super().__init__()
        self.officer, self.chair, self.board = cast["officer"], cast["chair"], cast["board"]
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        today = timezone.localdate()
        self.meeting = make_meeting(self.board, self._at(today - dt.timedelta(days=30)), hours=2, by=self.officer)
        self.later = make_meeting(self.board, self._at(today - dt.timedelta(days=7)), hours=2, by=self.officer)
        self.client = Client()
        self.counter = 0
        self.owner: dict[str, int] = {}  # marker -> item id
        self.titles: dict[int, str] = {}  # item id -> its title marker now
        self.extra: dict[int, list[str]] = {}  # item id -> markers of its papers, report, minutes
        self.withheld: set[int] = set()  # items confidential now, or when removed
        self.published: set[str] = set()  # markers the public has been shown
        self.latest: list[tuple[int, str]] = []  # (item, title) public in the latest publication
        self.stable: set[str] = set()  # addresses that must keep answering
        self.log: list[str] = []
        self.moved_since_held = False  # once held, one attempt to move it is enough

    def teardown(self):
        if os.environ.get("STATEFUL_LOG"):
            print("\n--- example:\n  " + "\n  ".join(self.log))
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _status(self) -> str:
        return self.meeting.status

    @staticmethod
    def _at(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))

    def _marker(self, item_id: int | None = None) -> str:
        self.counter += 1
        marker = f"MK{self.counter:03d}Q"
        if item_id is not None:
            self.owner[marker] = item_id
            self.extra.setdefault(item_id, []).append(marker)
        return marker

    def _items(self) -> list[AgendaItem]:
        return list(self.meeting.items.order_by("position"))

    def _pick(self, index: int, **filters) -> AgendaItem | None:
        items = [i for i in self._items() if all(getattr(i, k) == v for k, v in filters.items())]
        return items[index % len(items)] if items else None

    def _try(self, what: str, action) -> bool:
        try:
            action()
        except ValidationError as error:
            self.log.append(f"{what}: refused ({' '.join(error.messages)[:60]})")
            return False
        self.log.append(what)
        self.meeting.refresh_from_db()
        return True

    # -- The agenda --------------------------------------------------------------------------------

    @initialize(confidential=st.lists(st.booleans(), min_size=1, max_size=3), publish=st.booleans())
    def agenda(self, confidential, publish):
        """Start from a few items, published or not: the interesting steps come after."""
        for secret in confidential:
            self.add_item(secret, 3)
        if publish:
            self.publish()

    @rule(confidential=st.booleans(), paragraph=st.integers(1, 7))
    @precondition(lambda self: self._status() in PLANNING)
    def add_item(self, confidential, paragraph):
        marker = self._marker()
        added = []

        def add():
            added.append(
                services.agenda_item_add(
                    meeting=self.meeting,
                    by=self.officer,
                    title=f"Item {marker}",
                    purpose="noting",
                    confidential=confidential,
                    exempt_paragraph=paragraph if confidential else None,
                    exempt_reason="Exempt" if confidential else "",
                    title_exempt=confidential,  # the title carries the marker: withheld with the rest
                )
            )

        if self._try(f"add {'confidential ' if confidential else ''}item {marker}", add):
            item = added[0]
            self.owner[marker] = item.pk
            self.titles[item.pk] = marker
            if confidential:
                self.withheld.add(item.pk)

    @rule(index=st.integers(0, 20), up=st.booleans())
    @precondition(lambda self: self._status() in PLANNING)
    def move_item(self, index, up):
        item = self._pick(index)
        if item is not None:
            self._try(
                f"move {self.titles.get(item.pk, item.title)} {'up' if up else 'down'}",
                lambda: services.agenda_item_move(item=item, up=up, by=self.officer),
            )

    @rule(index=st.integers(0, 20))
    @precondition(lambda self: self._status() in PLANNING)
    def remove_item(self, index):
        item = self._pick(index)
        if item is not None:
            self._try(
                f"remove {self.titles.get(item.pk, item.title)}",
                lambda: services.agenda_item_remove(item=item, by=self.officer),
            )

    @rule(index=st.integers(0, 20), paragraph=st.integers(1, 7))
    @precondition(lambda self: self._status() in PLANNING)
    def make_confidential(self, index, paragraph):
        item = self._pick(index, confidential=False)
        if item is not None and self._try(
            f"make {self.titles.get(item.pk, item.title)} confidential (paragraph {paragraph})",
            lambda: services.agenda_item_update(
                item=item,
                loaded_version=item.version,
                by=self.officer,
                confidential=True,
                exempt_paragraph=paragraph,
                exempt_reason="Made exempt",
                title_exempt=True,
            ),
        ):
            self.withheld.add(item.pk)

    @rule(index=st.integers(0, 20))
    @precondition(lambda self: self._status() in PLANNING)
    def retitle(self, index):
        item = self._pick(index, confidential=False)
        if item is None:
            return
        marker = self._marker()
        if self._try(
            f"retitle {self.titles.get(item.pk, item.title)} as {marker}",
            lambda: services.agenda_item_update(
                item=item, loaded_version=item.version, by=self.officer, title=f"Item {marker}"
            ),
        ):
            self.owner[marker] = item.pk
            self.titles[item.pk] = marker

    @rule(index=st.integers(0, 20))
    @precondition(lambda self: self._status() in PLANNING)
    def attach_paper(self, index):
        """A report whose purpose, and a paper whose title, carry markers of their own."""
        item = self._pick(index)
        if item is None:
            return
        purpose, paper = self._marker(item.pk), self._marker(item.pk)
        report = getattr(item, "report", None)

        def attach():
            services.report_save(
                item=item,
                loaded_version=report.version if report else 0,
                by=self.officer,
                purpose=f"Purpose {purpose}",
                recommendations="That it be noted.",
            )
            services.report_file_attach(
                item=item, title=f"Paper {paper}", upload=upload("paper.pdf", MINIMAL_PDF), by=self.officer
            )

        self._try(f"report {purpose} and paper {paper} on {self.titles.get(item.pk, item.title)}", attach)

    @rule()
    @precondition(lambda self: self._status() in PLANNING)
    def publish(self):
        if self._try(
            "publish the agenda or a supplement",
            lambda: services.agenda_publish(
                meeting=self.meeting, by=self.officer, late_reason="Urgent business", changes="Changes to items"
            ),
        ):
            self.stable.add(self.meeting.get_absolute_url())  # sent out with the agenda from now on
            self.latest = []
            for item in self._items():
                if not item.confidential:
                    self.latest.append((item.pk, self.titles.get(item.pk, "")))
                    self.published.add(self.titles.get(item.pk, ""))
                    self.published.update(self.extra.get(item.pk, []))

    @precondition(lambda self: self._status() in PLANNING or not self.moved_since_held)
    @rule(to=st.integers(20, 60) | st.integers(-60, -20))
    def move_meeting(self, to):
        """Back into the past (refused: recording a meeting that happened is its own choice) or on
        to a day to come (a published agenda is issued again; its old addresses redirect)."""
        self.moved_since_held = self._status() not in PLANNING
        day = timezone.localdate() - dt.timedelta(days=to)
        starts = self._at(day)
        self._try(
            f"move the meeting to {day}",
            lambda: services.meeting_move(
                meeting=self.meeting,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                venue=self.meeting.venue,
                by=self.officer,
                late_reason="Stateful: short notice",
            ),
        )

    # -- The minutes -------------------------------------------------------------------------------

    @rule()
    @precondition(lambda self: self._status() in PLANNING)
    def hold(self):
        if self._try("hold the meeting", lambda: services.meeting_hold(meeting=self.meeting, by=self.officer)):
            self.stable.add(self.meeting.get_absolute_url())

    @rule()
    @precondition(lambda self: self._status() in DRAFTING)
    def record_minutes(self):
        """Attendance, a minute of every item (a confidential one's narrative with a marker of its
        own), the closing time."""

        def record():
            entries = [(m, Attendance.Status.PRESENT, None) for m in services.members_expected(self.meeting)]
            services.attendance_record(meeting=self.meeting, entries=entries, by=self.officer)
            for item in self._items():
                existing = getattr(item, "minutes", None)
                narrative = self._marker(item.pk) if item.confidential else self.titles.get(item.pk, "")
                services.item_minutes_save(
                    item=item,
                    loaded_version=existing.version if existing else 0,
                    by=self.officer,
                    narrative=f"Discussed {narrative}.",
                    public_summary="The board considered an exempt matter." if item.confidential else "",
                )
            services.meeting_close_time(meeting=self.meeting, closed_at=dt.time(15, 30), by=self.officer)

        self._try("record the minutes", record)

    @rule()
    @precondition(lambda self: self._status() == Meeting.Status.MINUTES_DRAFTED)
    def publish_minutes(self):
        if self._try("publish the minutes", lambda: services.minutes_publish(meeting=self.meeting, by=self.officer)):
            self.stable.add(self.meeting.get_absolute_url())
            for item in self._items():
                if not item.confidential:
                    self.published.add(self.titles.get(item.pk, ""))

    @rule()
    @precondition(lambda self: self._status() == Meeting.Status.MINUTES_PUBLISHED)
    def approve_minutes(self):
        self._try(
            "approve the minutes",
            lambda: services.minutes_approve(
                meeting=self.meeting, at_meeting=self.later, corrections=[], by=self.chair
            ),
        )

    @precondition(lambda self: self._status() == Meeting.Status.MINUTES_APPROVED)
    @rule()
    def correct_minutes(self):
        self._try(
            "record a correction",
            lambda: services.minutes_correct(
                meeting=self.meeting, text="Apologies were also received.", by=self.officer
            ),
        )

    # -- What the public reads ---------------------------------------------------------------------

    def _forbidden(self) -> set[str]:
        """Markers of items confidential now (or when removed), and markers never published."""
        withheld = {m for m, owner in self.owner.items() if owner in self.withheld}
        withheld |= {self.titles[pk] for pk in self.withheld if pk in self.titles}
        return withheld | (set(self.owner) - self.published)

    def _public_reads(self) -> dict[str, str]:
        url = self.meeting.get_absolute_url()
        reads = {}
        page = self.client.get(url)
        assert page.status_code == 200, f"{url}: {page.status_code}\n" + "\n".join(self.log)
        reads[url] = html_text(page.content)
        count = self.meeting.items.count()
        for number in range(1, count + 3):
            report = self.client.get(f"{url}items/{number}/")
            if report.status_code == 200:
                reads[f"{url}items/{number}/"] = html_text(report.content)
        for name in ("agenda.pdf", "minutes.pdf"):
            response = self.client.get(url + name)
            if response.status_code == 200:
                reads[url + name] = pdf_text(response.content)
        return reads

    @invariant()
    def nothing_confidential_or_unpublished_is_public(self):
        forbidden = self._forbidden()
        leaks = {where: sorted(set(MARKER.findall(text)) & forbidden) for where, text in self._public_reads().items()}
        leaks = {where: found for where, found in leaks.items() if found}
        assert not leaks, (
            f"Public pages show confidential or unpublished markers: {leaks}\n"
            f"confidential now: {sorted(self.titles[pk] for pk in self.withheld if pk in self.titles)}\n"
            "steps:\n  " + "\n  ".join(self.log)
        )

    @invariant()
    def the_latest_agenda_is_on_the_meeting_page(self):
        page = html_text(self.client.get(self.meeting.get_absolute_url()).content)
        missing = [title for pk, title in self.latest if pk not in self.withheld and title and title not in page]
        assert not missing, f"Published items missing from the meeting page: {missing}\nsteps:\n  " + "\n  ".join(
            self.log
        )

    @invariant()
    def a_published_meetings_addresses_stay(self):
        """Once the agenda is published, every address it was ever at still leads to it (a moved
        meeting's old address redirects to the new one)."""
        self.meeting.refresh_from_db()
        here = self.meeting.get_absolute_url()
        gone = {}
        for url in self.stable:
            response = self.client.get(url, follow=True)
            if response.status_code != 200 or (response.redirect_chain and response.redirect_chain[-1][0] != here):
                gone[url] = (response.status_code, response.redirect_chain)
        assert not gone, f"Addresses of a published meeting no longer lead to it: {gone}\nsteps:\n  " + "\n  ".join(
            self.log
        )

    @invariant()
    def stored_minutes_pdf_and_page_agree(self):
        if self.meeting.status not in Meeting.MINUTES_PUBLIC_STATUSES:
            return
        url = self.meeting.get_absolute_url()
        stored = MinutesPublication.objects.filter(meeting=self.meeting).order_by("-number").first()
        page = self.client.get(url).content.decode()
        assert stored.html and stored.html in page, "The meeting page does not show the stored minutes"
        pdf = self.client.get(url + "minutes.pdf")
        assert pdf.status_code == 200
        in_pdf, in_html = set(MARKER.findall(pdf_text(pdf.content))), set(MARKER.findall(html_text(stored.html)))
        assert in_pdf == in_html, f"minutes PDF {sorted(in_pdf)} but page {sorted(in_html)}\nsteps:\n  " + "\n  ".join(
            self.log
        )


def test_public_pages_hold_whatever_order_the_services_run_in(board, officer, chair, member):
    cast = {"board": board, "officer": officer, "chair": chair}
    run_state_machine_as_test(
        lambda: MeetingMachine(cast),
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
