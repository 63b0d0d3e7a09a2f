"""The benchmark's partnerships, built through the services an officer's forms call, so every
record has its history rows and every stored PDF and minutes page is what publication makes.

Dates are relative to today: the past meetings were held and minuted (the last one's minutes
published and awaiting approval, each earlier one approved at the next meeting), the next
meeting has its agenda (with cover reports) published, the ones after it are scheduled.

`Shape` says how big: how many past meetings of the board and how often, how many other groups
(meeting quarterly), people, items a meeting and paragraphs of text an item. The text is drawn
from a bank of sentences written in the style of real minutes, reproducibly (seeded).
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from weasyprint import HTML

from boards.models import Body, FocusArea, Partnership
from commissions.services import commission_establish, commission_propose
from core.audit import save_audited
from meetings import services as meeting_services
from meetings import services as minutes_services
from meetings.models import AgendaItem, Attendance, Meeting, Resolution
from members.models import NOLAN_PRINCIPLES, Membership, Organisation, Person
from members.services import membership_save, organisation_save, person_save, undertaking_sign

PASSWORD = "bench-password-not-secret"
REASON = "Benchmark data"


@dataclass(frozen=True)
class Shape:
    past: int  # past meetings of the board
    every_days: int  # between board meetings
    upcoming: int  # scheduled board meetings ahead (the first with its agenda published)
    groups: int  # other groups, meeting quarterly over the same years
    people: int  # in the register; those beyond the board's and groups' seats sit on a reference group
    items: int  # items of business a meeting, after the four standard opening items
    paragraphs: int  # of minutes text an item, and of each section of a cover report
    reports_every: int = 3  # a cover report (and an appendix) on every nth item of business


SENTENCES = [
    "The Board received a report from the Head of Early Help on the take-up of the family hubs programme.",
    "Members noted that referrals to children's social care had risen by eight per cent over the quarter.",
    "The partnership's performance scorecard showed improvement against five of the seven priority measures.",
    "It was reported that the number of children persistently absent from school remained above the regional average.",
    "The Director of Public Health outlined the findings of the joint strategic needs assessment refresh.",
    "Partners discussed the pressures on the high needs block and the recovery plan agreed with the "
    "Department for Education.",
    "The Board welcomed the contribution of the Youth Cabinet, whose members had surveyed over four hundred "
    "young people.",
    "Concern was expressed about waiting times for the child and adolescent mental health service.",
    "The Chair thanked officers for the clarity of the report and asked that the next update include case studies.",
    "Members asked how the voluntary sector had been involved in designing the new early intervention pathway.",
    "The police representative reported a reduction in first-time entrants to the youth justice system.",
    "It was noted that the integrated commissioning budget would be reviewed at the end of the financial year.",
    "Officers confirmed that the data sharing agreement had been signed by all statutory partners.",
    "The Board considered the options set out in the report and the risks attached to each.",
    "A member asked that the equality impact assessment be published alongside the strategy.",
    "The Head of Commissioning explained the timetable for retendering the short breaks service.",
    "Partners agreed that the performance framework should report outcomes for children, not only activity.",
    "The Board noted the findings of the recent inspection of local authority children's services.",
    "Members discussed the effect of the cost of living on families already known to services.",
    "The Safeguarding Partnership's independent scrutineer presented the annual report.",
]

ITEM_TITLES = [
    "Family hubs: progress report",
    "Children and young people's plan: annual review",
    "Joint strategic needs assessment refresh",
    "High needs block recovery plan",
    "Early help strategy 2026 to 2029",
    "Youth justice plan",
    "Child and adolescent mental health services: waiting times",
    "Performance scorecard, quarter three",
    "Short breaks service: commissioning options",
    "School attendance and inclusion",
    "Local safeguarding children partnership annual report",
    "Integrated commissioning budget",
    "Participation of children and young people",
    "Cost of living: support for families",
]

ORGANISATIONS = [
    ("Benchshire County Council", Organisation.Sector.LOCAL_AUTHORITY, True),
    ("Benchshire Integrated Care Board", Organisation.Sector.HEALTH, True),
    ("Benchshire Police", Organisation.Sector.POLICE, True),
    ("Benchshire Probation Service", Organisation.Sector.PROBATION, True),
    ("Benchshire Council for Voluntary Service", Organisation.Sector.VOLUNTARY, False),
    ("Benchshire Schools Forum", Organisation.Sector.EDUCATION, False),
]

GIVEN = ["Amira", "Ben", "Carys", "Dev", "Eleanor", "Femi", "Grace", "Hamid", "Isla", "Jonah", "Kiran", "Leah"]
FAMILY = ["Ahmed", "Baker", "Clarke", "Davies", "Evans", "Foster", "Green", "Hughes", "Iqbal", "Jones", "Khan"]


def appendix_pdf() -> bytes:
    """An appendix as partners attach them: a few pages of text, a real PDF (papers are checked)."""
    paragraph = (
        "<p>The partnership reviewed the performance of early help services across the localities, "
        "with the numbers of families supported, the outcomes reached and the waiting times.</p>"
    )
    return HTML(string=f"<html lang=en><body><h1>Appendix</h1>{paragraph * 60}</body></html>").write_pdf()


class Builder:
    def __init__(self, slug: str, shape: Shape, *, seed: int = 13) -> None:
        self.slug, self.shape, self.random = slug, shape, random.Random(seed)
        self.today = timezone.localdate()

    def text(self, paragraphs: int, sentences: int = 4) -> str:
        return "\n\n".join(" ".join(self.random.choice(SENTENCES) for _ in range(sentences)) for _ in range(paragraphs))

    # -- The partnership, its bodies and its people ---------------------------------------------
    def build(self) -> Partnership:
        user_model = get_user_model()
        self.officer, _ = user_model.objects.get_or_create(username=f"{self.slug}-officer")
        self.officer.set_password(PASSWORD)
        self.officer.save()
        self.partnership = save_audited(
            Partnership(
                name=f"Benchshire Children and Families Partnership ({self.slug})",
                slug=self.slug,
                area="Benchshire",
                vision="Every child safe, healthy and learning\nFamilies supported early\nServices joined up",
            ),
            by=self.officer,
            reason=REASON,
        )
        self.partnership.officers.add(self.officer)
        self.focus = [
            save_audited(FocusArea(partnership=self.partnership, position=n, name=name), by=self.officer, reason=REASON)
            for n, name in enumerate(["Early years", "Health and child poverty", "Public safety"], start=1)
        ]
        self.organisations = [
            organisation_save(
                organisation=Organisation(
                    partnership=self.partnership, name=name, sector=sector, duty_to_cooperate=duty
                ),
                by=self.officer,
            )
            for name, sector, duty in ORGANISATIONS
        ]
        first_day = self.today - dt.timedelta(days=self.shape.every_days * (self.shape.past + 1) + 30)
        self.board = self.body(Body.Kind.BOARD, "Partnership Board", "board", quorum=5)
        self.groups = [
            self.body(Body.Kind.GROUP, f"{topic} Group", topic.lower().replace(" ", "-"), quorum=3)
            for topic in ["Early Help", "Health and Wellbeing", "Youth Justice", "Education"][: self.shape.groups]
        ]
        self.planning = self.body(Body.Kind.PLANNING_GROUP, "Planning Group", "planning-group")
        self.reference = self.body(Body.Kind.GROUP, "Reference Group", "reference-group")
        people = [self.person(n) for n in range(self.shape.people)]
        chair_user, _ = user_model.objects.get_or_create(username=f"{self.slug}-chair")
        chair_user.set_password(PASSWORD)
        chair_user.save()
        people[0].user = chair_user  # the board's chair signs in: the planning group is theirs to appoint
        person_save(person=people[0], by=self.officer)
        self.board_seats = [
            self.seat(person, self.board, first_day, role)
            for person, role in zip(
                people[:14],
                [Membership.Role.CHAIR, Membership.Role.VICE_CHAIR] + [Membership.Role.MEMBER] * 12,
                strict=False,
            )
        ]
        self.seat(people[14 % len(people)], self.board, first_day, Membership.Role.OFFICER, voting=False)
        for n, group in enumerate(self.groups):
            members = people[2 + n * 4 : 2 + n * 4 + 8]
            for k, person in enumerate(members):
                self.seat(person, group, first_day, Membership.Role.CHAIR if k == 0 else Membership.Role.MEMBER)
        for person in people[:4]:
            self.seat(person, self.planning, first_day, Membership.Role.MEMBER)
        for person in people[15:]:
            self.seat(person, self.reference, first_day, Membership.Role.MEMBER)
        for seat in self.board_seats:
            undertaking_sign(
                person=seat.person,
                partnership=self.partnership,
                acknowledged=[name for name, _ in NOLAN_PRINCIPLES],
                by=self.officer,
                on=first_day,
            )
        self.paper = appendix_pdf()  # a real, several-page appendix, made once
        self.meetings_of(self.board, self.shape.every_days, self.shape.past, self.shape.upcoming)
        for group in self.groups:
            quarters = max(1, self.shape.past * self.shape.every_days // 91)
            self.meetings_of(group, 91, quarters, 2)
        self.commission()
        return self.partnership

    def body(self, kind: str, name: str, slug: str, quorum: int | None = None) -> Body:
        return save_audited(
            Body(partnership=self.partnership, kind=kind, name=name, slug=slug, quorum=quorum),
            by=self.officer,
            reason=REASON,
        )

    def person(self, n: int) -> Person:
        given, family = GIVEN[n % len(GIVEN)], FAMILY[(n // len(GIVEN)) % len(FAMILY)]
        return person_save(
            person=Person(partnership=self.partnership, given_name=given, family_name=f"{family}{n // 132 or ''}"),
            by=self.officer,
        )

    def seat(self, person: Person, body: Body, starts_on: dt.date, role: str, *, voting: bool = True) -> Membership:
        organisation = self.organisations[person.pk % len(self.organisations)]
        return membership_save(
            membership=Membership(
                person=person,
                body=body,
                organisation=organisation,
                role=role,
                voting=voting,
                basis=Membership.Basis.SUPPORT if role == Membership.Role.OFFICER else Membership.Basis.ORGANISATION,
                job_title="Committee Manager" if role == Membership.Role.OFFICER else "Director",
                starts_on=starts_on,
            ),
            by=self.officer,
        )

    # -- Meetings ---------------------------------------------------------------------------------
    def meetings_of(self, body: Body, every: int, past: int, upcoming: int) -> None:
        start = dt.time(14 if body.kind == Body.Kind.BOARD else 10)
        days = [self.today - dt.timedelta(days=every * k) for k in range(past, 0, -1)]
        days += [self.today + dt.timedelta(days=every * k - every // 2) for k in range(1, upcoming + 1)]
        days = [day + dt.timedelta(days=(1 - day.weekday()) % 7) for day in days]  # a Tuesday
        days = [day for day in days if day != self.today]
        meetings = meeting_services.meeting_schedule_series(
            body=body,
            days=sorted(set(days)),
            start_time=start,
            duration=dt.timedelta(hours=2, minutes=30),
            venue="Council Chamber, County Hall, Benchtown, BT1 1AA",
            by=self.officer,
            past_allowed=True,  # four years of history, built as it happened
        )
        previous = None
        for meeting in meetings:
            if meeting.starts_at < timezone.now():
                self.held(meeting, previous)
                previous = meeting
            elif not any(m.agenda_published_at for m in meetings if m.starts_at > timezone.now()):
                self.agenda(meeting, now=timezone.now())
                meeting.refresh_from_db()

    def agenda(self, meeting: Meeting, *, now: dt.datetime) -> None:
        meeting_services.agenda_start(meeting=meeting, by=self.officer)
        for n in range(self.shape.items):
            confidential = n == self.shape.items - 1 and self.shape.items > 2
            item = meeting_services.agenda_item_add(
                meeting=meeting,
                by=self.officer,
                title=self.random.choice(ITEM_TITLES),
                purpose=AgendaItem.Purpose.DECISION if n % 2 else AgendaItem.Purpose.NOTING,
                presenter="Director of Children's Services",
                expected_minutes=20,
                confidential=confidential,
                exempt_paragraph=1 if confidential else None,
                exempt_reason="Information relating to an individual" if confidential else "",
            )
            if n % self.shape.reports_every == 0 and not confidential:
                p = self.shape.paragraphs
                meeting_services.report_save(
                    item=item,
                    loaded_version=0,
                    by=self.officer,
                    contact_officer="Head of Partnerships",
                    purpose=self.text(p),
                    recommendations=self.text(max(1, p // 2), 2),
                    policy_implications=self.text(p),
                    financial_implications=self.text(p),
                    legal_implications=self.text(max(1, p // 2)),
                    equalities_implications=self.text(max(1, p // 2)),
                    safeguarding_implications=self.text(p),
                    background_papers="Children and young people's plan; performance scorecard",
                )
                meeting_services.report_file_attach(
                    item=item,
                    title="Appendix A: performance data",
                    upload=SimpleUploadedFile("appendix.pdf", self.paper, content_type="application/pdf"),
                    by=self.officer,
                )
        # A weekly body's next meeting may fall inside the five clear days whatever day the bench
        # is built: published then at short notice, with the reason, as an officer would.
        late = timezone.localtime(now).date() > meeting_services.deadline_for(meeting)
        meeting_services.agenda_publish(
            meeting=meeting, by=self.officer, now=now, late_reason="Published at short notice" if late else ""
        )

    def held(self, meeting: Meeting, previous: Meeting | None) -> None:
        self.agenda(meeting, now=meeting.starts_at - dt.timedelta(days=21))
        meeting = Meeting.objects.get(pk=meeting.pk)
        minutes_services.meeting_hold(meeting=meeting, by=self.officer, now=meeting.starts_at + dt.timedelta(hours=1))
        meeting = Meeting.objects.get(pk=meeting.pk)
        if previous is not None:
            minutes_services.minutes_approve(
                meeting=previous, at_meeting=meeting, corrections=[], by=self.officer, now=meeting.starts_at
            )
        expected = minutes_services.members_expected(meeting)
        statuses = [Attendance.Status.PRESENT] * 4 + [Attendance.Status.APOLOGIES]
        entries = [(m, self.random.choice(statuses), None) for m in expected]
        minutes_services.attendance_record(meeting=meeting, entries=entries, by=self.officer)
        items = list(meeting.items.order_by("position"))
        business = [item for item in items if item.position > 4]
        for item in business:
            minutes_services.item_minutes_save(
                item=item,
                loaded_version=0,
                by=self.officer,
                narrative=self.text(self.shape.paragraphs),
                public_summary="The Board considered a matter about a named individual." if item.confidential else "",
            )
            for n in range(1 + (item.position % 2)):
                minutes_services.resolution_add(
                    item=item, text=f"That the {item.title.lower()} be {'approved' if n else 'noted'}.", by=self.officer
                )
        if business:
            first = business[0]
            owner = expected[0].person if expected else None
            for n in range(2):
                action = minutes_services.action_add(
                    item=first,
                    description=f"Report back on {first.title.lower()} (part {n + 1})",
                    owner=owner,
                    owner_name="" if owner else "Head of Partnerships",
                    due_on=meeting.date + dt.timedelta(days=60),
                    by=self.officer,
                )
                if n == 0 and meeting.date < self.today - dt.timedelta(days=90):
                    minutes_services.action_complete(
                        action=action, by=self.officer, on=meeting.date + dt.timedelta(days=45)
                    )
            if expected:
                minutes_services.declaration_add(
                    item=first,
                    person=expected[-1].person,
                    nature="Employed by a provider of the service discussed",
                    kind="other",
                    left_room=False,
                    took_no_part=True,
                    by=self.officer,
                )
        minutes_services.meeting_close_time(meeting=meeting, closed_at=dt.time(16, 20), by=self.officer)
        minutes_services.minutes_publish(meeting=meeting, by=self.officer, now=meeting.starts_at + dt.timedelta(days=5))

    def commission(self) -> None:
        people = [seat.person for seat in self.board_seats[:3]]
        commission = commission_propose(
            partnership=self.partnership,
            title="Child Poverty Commission",
            issue=self.text(1),
            remit=self.text(2),
            focus_areas=self.focus[:2],
            members=people,
            starts_on=self.today - dt.timedelta(days=200),
            ends_on=self.today + dt.timedelta(days=200),
            participation_strategy=self.text(1),
            by=self.officer,
        )
        resolution = Resolution.objects.filter(meeting__body=self.board).order_by("-meeting__starts_at").first()
        commission_establish(
            commission=commission,
            resolution=resolution,
            by_chair=False,
            established_on=self.today - dt.timedelta(days=190),
            by=self.officer,
        )


def build(slug: str, shape: Shape) -> Partnership:
    return Builder(slug, shape).build()
