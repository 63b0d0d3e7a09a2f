"""The demonstration partnerships, built for a day: by default the day `load_demo` first runs.

Whatever that day, Milton Keynes's board has met about two months ago (minutes approved), about
two weeks ago (draft minutes published, to be approved at the next meeting), and meets next within
about three weeks (agenda published in time, with the standard opening items, a cover report, a
paper, an exempt item and a supplement), then every two months for a year. Its Child Poverty
Commission has met and meets the same way. Derby, smaller, makes sure nothing assumes there is
only one partnership.

Everything is written through the services an officer's or a chair's forms call, so each record
has its real history. The past is told honestly: a service that stamps a moment (publishing an
agenda or minutes, holding a meeting, approving minutes) takes it as its `now=` argument, as it
does for any caller, and the record carries that moment (`published_at`, `minutes_approved_at`).
The history rows carry when they were really written, the moment the demo was built.

The day the demo was built for is kept (`DemoBuild`): a second run builds nothing and changes
nothing, even on a later day; `load_demo --reset` deletes the demo partnerships and builds them
again for today.
"""

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import FR, MO, TU, relativedelta
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from boards.models import Body, FocusArea, Partnership, Principle, PrincipleAim
from commissions import services as commission_services
from core.audit import save_audited
from core.dates import format_date
from core.pdf import render_pdf
from meetings import services
from meetings.models import AgendaItem, Attendance, Meeting
from meetings.services.calendar import agenda_deadline, is_working_day
from members import services as member_services
from members.models import NOLAN_PRINCIPLES, Membership, Organisation, Person

from .content import (
    COMMISSION_FIRST_ITEMS,
    COMMISSION_NEXT_ITEMS,
    COMMISSION_SECOND_ITEMS,
    DEMO_PASSWORD,
    DEMO_USERS,
    DERBY_PAST_MINUTES,
    DERBY_VENUE,
    MK_BOARD_SEATS,
    MK_BOARD_SETTINGS,
    MK_FOCUS_AREAS,
    MK_ORGANISATIONS,
    MK_PRINCIPLES,
    MK_VENUE,
    PAST_MEETING_ITEMS,
    PLAN_PAPER_TITLE,
    PLAN_REPORT,
    REASON,
    RECENT_BOARD_ITEMS,
    UPCOMING_BOARD_ITEMS,
    Item,
)
from .models import DemoBuild
from .reset import delete_demo

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "DemoCalendar", "DemoExists", "build_demo", "demo_calendar"]

DEMO_SLUGS = ("milton-keynes", "derby")


# -- The calendar, worked out from the day ----------------------------------------------------------
def london(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def meeting_day(on_or_after: dt.date, weekday, *, past: bool = False) -> dt.date:
    """The first `weekday` on or after the day; on a bank holiday, the working day after it (or,
    for a meeting in the past, before it)."""
    day = on_or_after + relativedelta(weekday=weekday)
    while not is_working_day(day):
        day += dt.timedelta(days=-1 if past else 1)
    return day


def working_day_before(day: dt.date) -> dt.date:
    day -= dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def working_days_after(day: dt.date, count: int) -> dt.date:
    for _ in range(count):
        day += dt.timedelta(days=1)
        while not is_working_day(day):
            day += dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Series:
    """One body's meetings as the demo tells them."""

    approved: dt.date  # about two months ago: its minutes approved at `recent`
    recent: dt.date  # about two weeks ago: its draft minutes published
    upcoming: list[dt.date]  # the next (within about three weeks), then every two months for a year
    agenda_on: dt.date  # the next meeting's agenda published, in time
    supplement_on: dt.date  # and a supplement to it, the working day before the demo's day


def series(today: dt.date, weekday, *, approved_ago: int, recent_ago: int, next_in: int) -> Series:
    first = meeting_day(today + dt.timedelta(days=next_in), weekday)
    upcoming = [first]
    while (following := meeting_day(first + relativedelta(months=2 * len(upcoming)), weekday)) <= today + relativedelta(
        years=1
    ):
        upcoming.append(following)
    supplement_on = working_day_before(today)
    return Series(
        approved=meeting_day(today - dt.timedelta(days=approved_ago), weekday, past=True),
        recent=meeting_day(today - dt.timedelta(days=recent_ago), weekday, past=True),
        upcoming=upcoming,
        # By the deadline of five clear working days, and before the supplement.
        agenda_on=min(working_day_before(agenda_deadline(first)), working_day_before(supplement_on)),
        supplement_on=supplement_on,
    )


@dataclass(frozen=True)
class DemoCalendar:
    today: dt.date
    board: Series
    commission: Series

    @property
    def board_formed(self) -> dt.date:
        return self.board.approved - relativedelta(months=6, day=1)

    @property
    def chair_from(self) -> dt.date:
        """Gail Tolley takes the chair the week after the meeting of seed 001, which Sandra Clark chaired."""
        return self.board.approved + dt.timedelta(days=7)

    @property
    def commission_starts(self) -> dt.date:
        return self.commission.approved - dt.timedelta(days=28)

    @property
    def plan_years(self) -> str:
        start = (self.today + relativedelta(months=6)).year
        return f"{start}-{(start + 3) % 100:02d}"


def demo_calendar(today: dt.date) -> DemoCalendar:
    """The board meets on Fridays, 9:30am to 12:30pm; the Child Poverty Commission on Tuesdays."""
    return DemoCalendar(
        today=today,
        board=series(today, FR, approved_ago=63, recent_ago=17, next_in=10),
        commission=series(today, TU, approved_ago=60, recent_ago=20, next_in=8),
    )


def financial_year(day: dt.date) -> tuple[str, str]:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}", f"{start + 1}/{(start + 2) % 100:02d}"


# -- Building ---------------------------------------------------------------------------------------
class DemoExists(Exception):
    """The demo partnerships exist but were built for another day (or by an older demo)."""


class DemoBuilder:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        # The moment the demo is built "at": the start of its day, so its past meetings are past
        # and its upcoming ones to come whatever day is given (`load_demo --today`).
        self.now = london(today, 0)
        self.calendar = demo_calendar(today)
        self.users: dict[str, object] = {}

    def user(self, username: str):
        User = get_user_model()
        given, family, _ = DEMO_USERS[username]
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": given, "last_name": family}
        )
        is_admin = username == "admin"
        if created or not user.check_password(DEMO_PASSWORD) or user.is_superuser != is_admin:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = is_admin
            user.save()
        self.users[username] = user
        return user

    @property
    def officer(self):
        return self.users["officer"]

    @property
    def chair(self):
        return self.users["chair"]

    def fill(self, text: str) -> str:
        fy, next_fy = financial_year(self.calendar.board.approved)
        return text.replace("{plan_years}", self.calendar.plan_years).replace("{fy}", fy).replace("{next_fy}", next_fy)

    # -- Milton Keynes: the register ----------------------------------------------------------------
    def milton_keynes(self) -> Partnership:
        cal = self.calendar
        mk = save_audited(
            Partnership(
                slug="milton-keynes",
                name="Milton Keynes Children and Families Partnership",
                area="Milton Keynes",
                administering_authority="Milton Keynes Council",
                chair_may_establish_commissions=True,
                vision="Better services\nBetter connected\nBetter outcomes",
                vision_statement=(
                    "All members of the partnership share a commitment to continuous improvement and "
                    "working together to maximise the potential of each partner to realise our vision of "
                    "better services, better connected delivering better outcomes."
                ),
                participation_statement=(
                    "The partnership is committed to involving children, young people and their families in "
                    "both identifying and understanding areas for improvement and making proposals for "
                    "change. All commissions have a clear strategy to ensure the voice of children, young "
                    "people and their families can be heard. The MK Youth Cabinet offers the partnership a "
                    "forum to discuss issues and representation on the partnership board."
                ),
            ),
            by=None,
            reason=REASON,
        )
        mk.officers.add(self.officer)
        for position, name in enumerate(MK_FOCUS_AREAS, start=1):
            save_audited(FocusArea(partnership=mk, position=position, name=name), by=None, reason=REASON)
        for number, (title, aims) in enumerate(MK_PRINCIPLES, start=1):
            principle = save_audited(Principle(partnership=mk, number=number, title=title), by=None, reason=REASON)
            for position, text in enumerate(aims, start=1):
                save_audited(PrincipleAim(principle=principle, position=position, text=text), by=None, reason=REASON)

        organisations = {
            name: member_services.organisation_save(
                organisation=Organisation(
                    partnership=mk, name=name, short_name=short, sector=sector, duty_to_cooperate=duty
                ),
                by=self.officer,
            )
            for name, short, sector, duty in MK_ORGANISATIONS
        }
        board = save_audited(
            Body(
                partnership=mk,
                slug="board",
                kind=Body.Kind.BOARD,
                name="Children and Families Partnership Board",
                quorum=6,
                description="The partnership meets as a formal board for up to three hours every two months.",
                usual_venue=MK_VENUE,
                usual_start_time=dt.time(9, 30),
                **MK_BOARD_SETTINGS,
            ),
            by=self.officer,
            reason="Board set up",
        )
        self.people = people = {}
        for seat in MK_BOARD_SEATS:
            email = f"{seat.given}.{seat.family}@example.org".lower()
            people[seat.family] = person = member_services.person_save(
                person=Person(
                    partnership=mk,
                    honorific=seat.honorific,
                    given_name=seat.given,
                    family_name=seat.family,
                    # Private contact details (example addresses): never shown to the public.
                    email=email if seat.family in ("Liversidge", "Taylor", "Tolley") else "",
                ),
                by=self.officer,
            )
            common = {
                "person": person,
                "body": board,
                "basis": seat.basis,
                "organisation": organisations[seat.organisation],
                "job_title": seat.job_title,
                "voting": seat.voting,
            }
            if seat.family == "Clark":
                # Chaired the board until Gail Tolley took the chair; vice-chair since: one history.
                member_services.membership_save(
                    membership=Membership(
                        **common,
                        role=Membership.Role.CHAIR,
                        starts_on=cal.board_formed,
                        ends_on=cal.chair_from - dt.timedelta(days=1),
                    ),
                    by=self.officer,
                )
                starts = cal.chair_from
            else:
                starts = cal.chair_from if seat.family == "Tolley" else cal.board_formed
            member_services.membership_save(
                membership=Membership(**common, role=seat.role, starts_on=starts), by=self.officer
            )

        # Sign-ins for the demo, linked to the people they are.
        for username, family in [("officer", "Taylor"), ("chair", "Tolley"), ("member", "Liversidge")]:
            person = people[family]
            person.user = self.users[username]
            member_services.person_save(person=person, by=self.officer)

        # John Liversidge (the demo "member") has not signed yet: he is asked to at first sign-in.
        for family in ("Tolley", "Clark", "Gwynn"):
            member_services.undertaking_sign(
                person=people[family],
                partnership=mk,
                acknowledged=[name for name, _ in NOLAN_PRINCIPLES],
                by=self.officer,
                on=max(cal.board_formed, cal.chair_from) if family == "Tolley" else cal.board_formed,
            )
        services.planning_group_appoint(
            partnership=mk,
            people=[people["Tolley"], people["Gwynn"], people["Clark"]],
            by=self.chair,
            today=cal.chair_from,
        )

        self.board_meetings(board)
        self.commissions(mk, organisations)
        return mk

    # -- Meetings, through the services -------------------------------------------------------------
    def agenda(self, meeting: Meeting, items: list[Item], *, standard: bool = True) -> dict[int, Item]:
        """The agenda: the standard opening items, then `items`. Returns each business item by its number."""
        if standard:
            services.agenda_start(meeting=meeting, by=self.officer)
        numbered = {}
        for item in items:
            fields = {**item.agenda_fields, "title": self.fill(item.title)}
            added = services.agenda_item_add(meeting=meeting, by=self.officer, **fields)
            numbered[added.position] = item
        return numbered

    def publish_agenda(self, meeting: Meeting, day: dt.date, *, hour: int = 10, changes: str = "") -> None:
        services.agenda_publish(meeting=meeting, by=self.officer, changes=changes, now=london(day, hour))

    def hold(
        self,
        meeting: Meeting,
        *,
        statuses: dict[str, str],
        chaired_by: Person,
        minutes: dict[int, Item],
        closed_at: dt.time,
        approve: Meeting | None = None,
        declarations: tuple[tuple[str, Person, str], ...] = (),
        substitutes: dict[str, Person] | None = None,
    ) -> Meeting:
        """Hold the meeting: approve the minutes of `approve` at it (as the chair does, which
        records it held) or record it held; take attendance (present unless `statuses` names the
        member's family name, or `substitutes` names who came in their place), who chaired and
        who took the minutes; record declarations (item title, person, nature); minute each item;
        record the closing time."""
        substitutes = substitutes or {}
        meeting = Meeting.objects.get(pk=meeting.pk)
        started = meeting.starts_at
        if approve is not None:
            services.minutes_approve(
                meeting=approve,
                at_meeting=meeting,
                corrections=[],
                by=self.chair,
                now=started + dt.timedelta(minutes=5),
            )
        else:
            services.meeting_hold(meeting=meeting, by=self.officer, now=started)
        meeting = Meeting.objects.get(pk=meeting.pk)
        entries = []
        for membership in services.members_expected(meeting):
            default = (
                Attendance.Status.IN_ATTENDANCE
                if membership.role == Membership.Role.OFFICER
                else Attendance.Status.PRESENT
            )
            family = membership.person.family_name
            if family in substitutes:
                entries.append((membership, Attendance.Status.SUBSTITUTE, substitutes[family]))
            else:
                entries.append((membership, statuses.get(family, default), None))
        services.attendance_record(
            meeting=meeting,
            entries=entries,
            by=self.officer,
            presiding=services.Presiding(chair=chaired_by, minutes_taken_by=self.people["Taylor"]),
        )
        for title, person, nature in declarations:
            services.declaration_add(
                item=meeting.items.get(title=title),
                person=person,
                nature=nature,
                kind="other",
                left_room=False,
                took_no_part=False,
                by=self.officer,
            )
        apologies = [
            m.person.full_name
            for m, status, _ in entries
            if status in (Attendance.Status.APOLOGIES, Attendance.Status.SUBSTITUTE)
        ]
        standard = {
            "Apologies for absence": "Apologies for absence were received from " + ", ".join(apologies) + "."
            if apologies
            else "There were no apologies for absence.",
            "Declarations of interest": "Declarations are recorded against the items they concern."
            if declarations
            else "There were no declarations of interest.",
            "Matters arising": "The actions from the previous meeting were reviewed.",
        }
        for agenda_item in meeting.items.order_by("position"):
            item = minutes.get(agenda_item.position) or Item(agenda_item.title)
            narrative = item.narrative or standard.get(agenda_item.title, "")
            if narrative or item.public_summary:
                services.item_minutes_save(
                    item=agenda_item,
                    loaded_version=0,
                    narrative=self.fill(narrative),
                    public_summary=item.public_summary,
                    by=self.officer,
                )
            for text in item.resolutions:
                services.resolution_add(
                    item=agenda_item,
                    text=self.fill(text),
                    by=self.officer,
                    decision=services.Decision(decided_by=item.decided_by),
                )
        services.meeting_close_time(meeting=meeting, closed_at=closed_at, by=self.officer)
        return Meeting.objects.get(pk=meeting.pk)

    def publish_minutes(self, meeting: Meeting, *, working_days: int) -> None:
        day = working_days_after(meeting.date, working_days)
        services.minutes_publish(meeting=meeting, by=self.officer, now=london(day, 15))

    def future_dates(self, days: list[dt.date]) -> str:
        return "That meetings of the Children and Families Partnership Board be held on the following dates:\n\n" + (
            "\n\n".join(format_date(day) for day in days)
        )

    def board_meetings(self, board: Body) -> None:
        cal, people = self.calendar.board, self.people
        approved, recent = [
            services.meeting_record_past(
                body=board,
                starts_at=london(day, 9, 30),
                ends_at=london(day, 12, 30),
                venue=MK_VENUE,
                by=self.officer,
                now=self.now,
            )
            for day in (cal.approved, cal.recent)
        ]
        upcoming = services.meeting_schedule_series(
            body=board,
            days=cal.upcoming,
            start_time=dt.time(9, 30),
            duration=dt.timedelta(hours=3),
            venue=MK_VENUE,
            by=self.officer,
            now=self.now,
        )

        # About two months ago: seed 001's meeting, item by item; its minutes approved at the next.
        seed_items = [
            Item(title, purpose, narrative=narrative, resolutions=tuple(resolutions))
            for title, purpose, narrative, resolutions in PAST_MEETING_ITEMS
        ]
        numbered = self.agenda(approved, seed_items)
        previous = cal.approved - relativedelta(months=2)
        numbered[3] = Item(
            "Minutes of the previous meeting",
            resolutions=(
                "That the Minutes of the Children and Families Partnership Board held on "
                f"{format_date(previous, weekday=False)} be approved as a correct record.",
            ),
        )
        last = max(numbered)
        numbered[last] = Item(numbered[last].title, resolutions=(self.future_dates([cal.recent, *cal.upcoming[:3]]),))
        self.publish_agenda(approved, working_day_before(agenda_deadline(cal.approved)))
        approved = self.hold(
            approved,
            statuses={seat.family: seat.at_past_meeting for seat in MK_BOARD_SEATS if seat.at_past_meeting},
            chaired_by=people["Clark"],
            minutes=numbered,
            closed_at=dt.time(11, 42),
        )
        systems = approved.items.get(title="Systems Thinking")
        action = services.action_add(
            item=systems,
            description="Identify suitable locations for a Systems Thinking study and present them to the next meeting",
            owner=people["Moore"],
            owner_name="",
            due_on=cal.recent,
            by=self.officer,
        )
        self.publish_minutes(approved, working_days=4)

        # About two weeks ago: approves those minutes; its own published as a draft. Thames Valley
        # Police's named deputy comes in John Liversidge's place.
        deputy = member_services.person_save(
            person=Person(partnership=board.partnership, honorific="", given_name="Rachel", family_name="Ward"),
            by=self.officer,
        )
        member_services.deputy_add(
            organisation=Organisation.objects.get(partnership=board.partnership, name="Thames Valley Police"),
            body=board,
            person=deputy,
            by=self.officer,
        )
        numbered = self.agenda(
            recent, [*RECENT_BOARD_ITEMS, Item("Dates of future meetings", AgendaItem.Purpose.DECISION)]
        )
        numbered[max(numbered)] = Item("Dates of future meetings", resolutions=(self.future_dates(cal.upcoming[:4]),))
        self.publish_agenda(recent, working_day_before(agenda_deadline(cal.recent)))
        recent = self.hold(
            Meeting.objects.get(pk=recent.pk),
            statuses={"Kennedy": Attendance.Status.APOLOGIES, "Sexton": Attendance.Status.APOLOGIES},
            chaired_by=people["Tolley"],
            minutes=numbered,
            closed_at=dt.time(12, 5),
            approve=approved,
            substitutes={"Liversidge": deputy},
            declarations=(
                (
                    "Children's Trust: the model",
                    people["Revell"],
                    "Chief Executive of YMCA Milton Keynes, which could provide services under a Social Enterprise "
                    "model",
                ),
            ),
        )
        services.action_complete(action=action, by=self.officer, on=cal.recent)
        services.action_add(
            item=recent.items.get(title="Systems Thinking: the two localities"),
            description="Choose the second locality for the Systems Thinking study with Children's Social Care",
            owner=people["Moore"],
            owner_name="",
            due_on=cal.upcoming[0],
            by=self.officer,
        )
        self.publish_minutes(Meeting.objects.get(pk=recent.pk), working_days=3)

        # Next: the agenda published in time, then a supplement adding the plan itself.
        following = upcoming[0]
        self.agenda(following, UPCOMING_BOARD_ITEMS)
        plan = following.items.get(title=self.fill(UPCOMING_BOARD_ITEMS[0].title))
        services.report_save(
            item=plan,
            loaded_version=0,
            by=self.officer,
            **{k: self.fill(v) if isinstance(v, str) else v for k, v in PLAN_REPORT.items()},
        )
        self.publish_agenda(following, cal.agenda_on)
        title = self.fill(PLAN_PAPER_TITLE)
        pdf = render_pdf(
            "demo/plan_paper.html", {"title": title, "focus_areas": MK_FOCUS_AREAS, "principles": MK_PRINCIPLES}
        )
        services.report_file_attach(
            item=plan,
            title=title,
            upload=SimpleUploadedFile("plan.pdf", pdf, content_type="application/pdf"),
            by=self.officer,
        )
        self.publish_agenda(
            following,
            cal.supplement_on,
            hour=14,
            changes=f"{title} added to item {plan.position}.",
        )

    # -- Commissions --------------------------------------------------------------------------------
    def commissions(self, mk: Partnership, organisations: dict) -> None:
        cal, people = self.calendar, self.people
        focus = {area.name: area for area in mk.focus_areas.all()}
        poverty = commission_services.commission_propose(
            partnership=mk,
            title="Child Poverty Commission",
            issue="Child poverty is one of the most important factors affecting life chances in Milton Keynes, "
            "and no single partner can tackle it alone.",
            remit="To investigate the causes and effects of child poverty in Milton Keynes, review how partners' "
            "services reach families on low incomes, and recommend action to the partnership board.",
            focus_areas=[focus["Health and child poverty"], focus["Employment"]],
            members=[people["Revell"], people["Farr"]],
            starts_on=cal.commission_starts,
            ends_on=cal.commission.upcoming[-1] + relativedelta(months=1),
            participation_strategy="Direct involvement through the MK Youth Cabinet; focus groups with parents at "
            "children's centres; a survey of families receiving support, designed with young people.",
            by=self.chair,
        )
        commission_services.commission_member_add(
            commission=poverty,
            person=people["Wilkinson"],
            role=Membership.Role.CHAIR,
            voting=True,
            starts_on=cal.commission_starts,
            ends_on=None,
            by=self.officer,
        )
        # From outside the partnership: a specialist advisor (seed 000's contact officer) and a
        # co-opted member chosen for her expertise (an illustrative person, not from the seeds).
        commission_services.commission_member_add(
            commission=poverty,
            new_person={"given_name": "Michael", "family_name": "Bracey"},
            role=Membership.Role.ADVISOR,
            voting=False,
            starts_on=cal.commission_starts,
            ends_on=None,
            organisation=organisations["Milton Keynes Council"],
            job_title="Assistant Director, Partnerships",
            by=self.officer,
        )
        commission_services.commission_member_add(
            commission=poverty,
            new_person={"honorific": "Dr", "given_name": "Priya", "family_name": "Shah"},
            role=Membership.Role.CO_OPTED,
            voting=True,
            starts_on=cal.commission_starts,
            ends_on=None,
            job_title="Researcher in child poverty",
            by=self.officer,
        )
        commission_services.commission_establish(
            commission=poverty,
            resolution=None,
            by_chair=True,
            established_on=cal.commission_starts - dt.timedelta(days=14),
            by=self.chair,
        )
        early = commission_services.commission_propose(
            partnership=mk,
            title="Early Intervention Commission",
            issue="Partners want children and families to receive help earlier, before needs escalate.",
            remit="To review how children and families access early intervention and preventive services, "
            "building on the Systems Thinking study, and recommend changes to service design.",
            focus_areas=[focus["Early years"], focus["Family and parenting"]],
            members=[people["Kern"], people["Moore"]],
            starts_on=cal.board.upcoming[0],
            ends_on=cal.board.upcoming[0] + relativedelta(months=9),
            participation_strategy="Families' own accounts of how they sought help, gathered with their consent "
            "through the Systems Thinking study; workshops with parents and young people in two localities; the "
            "Youth Cabinet.",
            by=self.chair,
        )
        commission_services.commission_establish(
            commission=early, resolution=None, by_chair=True, established_on=cal.board.recent, by=self.chair
        )
        self.commission_meetings(poverty.body)

    def commission_meetings(self, body: Body) -> None:
        cal, people = self.calendar.commission, self.people
        first, second = [
            services.meeting_record_past(
                body=body,
                starts_at=london(day, 14),
                ends_at=london(day, 16),
                venue=MK_VENUE,
                by=self.officer,
                now=self.now,
            )
            for day in (cal.approved, cal.recent)
        ]
        upcoming = services.meeting_schedule_series(
            body=body,
            days=cal.upcoming,
            start_time=dt.time(14),
            duration=dt.timedelta(hours=2),
            venue=MK_VENUE,
            by=self.officer,
            now=self.now,
        )
        numbered = self.agenda(first, COMMISSION_FIRST_ITEMS, standard=False)
        self.publish_agenda(first, working_day_before(agenda_deadline(cal.approved)))
        first = self.hold(
            first,
            statuses={},
            chaired_by=people["Wilkinson"],
            minutes=numbered,
            closed_at=dt.time(15, 50),
        )
        self.publish_minutes(first, working_days=3)

        numbered = self.agenda(second, COMMISSION_SECOND_ITEMS)
        self.publish_agenda(second, working_day_before(agenda_deadline(cal.recent)))
        second = self.hold(
            Meeting.objects.get(pk=second.pk),
            statuses={"Farr": Attendance.Status.APOLOGIES},
            chaired_by=people["Wilkinson"],
            minutes=numbered,
            closed_at=dt.time(15, 55),
            approve=first,
        )
        self.publish_minutes(Meeting.objects.get(pk=second.pk), working_days=3)

        self.agenda(upcoming[0], COMMISSION_NEXT_ITEMS)
        self.publish_agenda(upcoming[0], cal.agenda_on)

    # -- Derby ---------------------------------------------------------------------------------------
    def derby(self) -> Partnership:
        derby = save_audited(
            Partnership(
                slug="derby",
                name="Derby Children and Young People's Partnership",
                area="Derby",
                administering_authority="Derby City Council",
                vision="A common vision and priorities for children and young people in Derby",
                vision_statement=(
                    "A strong strategic local partnership that takes responsibility for monitoring outcomes "
                    "for children and challenges the performance of the partnership when we are not doing "
                    "as well as we should."
                ),
            ),
            by=None,
            reason=REASON,
        )
        user = self.users["derby-officer"]
        derby.officers.add(user)
        council = member_services.organisation_save(
            organisation=Organisation(
                partnership=derby,
                name="Derby City Council",
                sector=Organisation.Sector.LOCAL_AUTHORITY,
                duty_to_cooperate=True,
            ),
            by=user,
        )
        member_services.organisation_save(
            organisation=Organisation(
                partnership=derby,
                name="Derby Safeguarding Children Board",
                short_name="LSCB",
                sector=Organisation.Sector.SAFEGUARDING,
            ),
            by=user,
        )
        executive = save_audited(
            Body(
                partnership=derby,
                slug="executive",
                kind=Body.Kind.BOARD,
                name="Children and Young People's Executive",
                quorum=4,
            ),
            by=user,
            reason="Board set up",
        )
        rita = member_services.person_save(
            person=Person(partnership=derby, given_name="Rita", family_name="Silvester", user=user), by=user
        )
        member_services.membership_save(
            membership=Membership(
                person=rita,
                body=executive,
                role=Membership.Role.OFFICER,
                basis=Membership.Basis.SUPPORT,
                organisation=council,
                job_title="Director for Performance and Commissioning",
                voting=False,
                starts_on=self.calendar.board_formed,
            ),
            by=user,
        )
        past = meeting_day(self.today - relativedelta(months=3), MO, past=True)
        services.historical_record_create(
            body=executive,
            day=past,
            by=user,
            start_time=dt.time(14),
            venue=DERBY_VENUE,
            text=DERBY_PAST_MINUTES,
            now=self.now,
        )
        day = meeting_day(self.today + dt.timedelta(days=42), MO)
        meeting = services.meeting_create(
            body=executive, starts_at=london(day, 14), ends_at=london(day, 16), venue=DERBY_VENUE, by=user, now=self.now
        )
        # A draft agenda, not yet published: nothing of it may reach the public.
        services.agenda_item_add(
            meeting=meeting,
            by=user,
            title="Consultation on 2011-2014 vision, priorities and structure for Children's Trust",
            purpose=AgendaItem.Purpose.DECISION,
            presenter="Rita Silvester",
        )
        return derby


def demo_partnerships():
    return Partnership.objects.filter(slug__in=DEMO_SLUGS)


@transaction.atomic
def build_demo(today: dt.date | None = None, *, reset: bool = False) -> tuple[dict[str, Partnership], DemoBuild]:
    """Build the demo for `today` (by default the day it was built, or else today). Idempotent:
    when it has been built, nothing is written. `reset` deletes the demo partnerships first."""
    if reset:
        delete_demo()
    build = DemoBuild.objects.first()
    builder_today = today or (build.built_on if build else timezone.localdate())
    builder = DemoBuilder(builder_today)
    for username in DEMO_USERS:
        builder.user(username)
    if build is not None:
        if build.built_on != builder_today:
            raise DemoExists(
                f"The demo was built for {format_date(build.built_on)}: load_demo --reset rebuilds it for "
                f"{format_date(builder_today)}."
            )
    elif demo_partnerships().exists():
        raise DemoExists(
            "The demo partnerships were built by an earlier version of the demo: load_demo --reset rebuilds them."
        )
    else:
        builder.milton_keynes()
        builder.derby()
        build = DemoBuild.objects.create(built_on=builder_today)
    return {p.slug: p for p in demo_partnerships().order_by("name")}, build
