"""Demonstration data drawn from the seed documents (see shared/seeds).

The Milton Keynes Children and Families Partnership: its vision, focus areas and principles
(seed 002), its board with the people of seed 001's attendance list, one past meeting minuted
item by item after seed 001, a year of bimonthly meetings, and the two foreseen commissions
(seed 000: child poverty; early intervention). A second, smaller partnership (Derby, seed 004)
makes sure nothing assumes there is only one.

Every write goes through `ensure`, which saves only what differs: a second run changes nothing,
history included. Dates are fixed, not relative to today, for the same reason.
"""

import datetime as dt
from dataclasses import dataclass

from dateutil.rrule import FR, MONTHLY, rrule
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from boards.models import Body, FocusArea, Partnership, Principle, PrincipleAim
from commissions.models import Commission
from core.audit import ensure
from core.dates import format_date
from meetings.models import AgendaItem, Attendance, ItemMinutes, Meeting, Resolution
from meetings.services import agenda_publish, minutes_publish
from members.models import NOLAN_PRINCIPLES, Membership, NolanUndertaking, Organisation, Person

REASON = "Demo data from the seed documents"

DEMO_PASSWORD = "partnership-demo"
DEMO_USERS = {
    # username: (given name, family name, what they do)
    "officer": ("Peter", "Taylor", "Partnership officer (committee manager), Milton Keynes"),
    "chair": ("Gail", "Tolley", "Chair of the Milton Keynes partnership board"),
    "member": ("John", "Liversidge", "Board member (Thames Valley Police)"),
    "derby-officer": ("Rita", "Silvester", "Partnership officer, Derby"),
    "admin": ("System", "Administrator", "System administrator (the Django admin at /admin/)"),
}

MK_VENUE = "Civic Offices, 1 Saxon Gate East, Central Milton Keynes, MK9 3EJ"
DERBY_VENUE = "The Council House, Corporation Street, Derby, DE1 2FS"

MK_FOCUS_AREAS = [
    "Health and child poverty",
    "Early years",
    "Family and parenting",
    "Learning and school achievement",
    "Continuing education",
    "Employment",
    "Public safety",
]

MK_PRINCIPLES = [
    (
        "Promote a culture of professional accountability for delivery and outcomes",
        [
            "Build relationships between members founded on mutual trust, respect and openness",
            "Promote an understanding of the different organisational roles, responsibilities and priorities",
            "Align business and service planning and monitor, support, and challenge organisational performance",
            "Agree action where improvement is needed that is prompt, effective and proportionate",
        ],
    ),
    (
        "Ensure child and family centred service delivery across organisational boundaries",
        [
            "Deepen our understanding of how children, young people and families experience multiple interventions",
            "Enable earlier and more integrated assessment of need and facilitate effective local information sharing",
            "Challenge partners to join up service delivery and prevent organisational boundaries and "
            "established practice from getting in the way of integration",
            "Champion the involvement of children, young people and their families in planning the "
            "services that they need and want, and in helping evaluate their effectiveness",
        ],
    ),
    (
        "Facilitate the efficient use of resources",
        [
            "Promote the most efficient use of resources, minimise duplication and improve the targeting "
            "of limited resources on those most in need",
            "Identify where public money can be spent more effectively through radical service redesign",
            "Champion the commissioning of services based on robust evidence about need and effectiveness",
            "Provide a platform on which to build new area based funding applications",
        ],
    ),
]

# name, short name, sector, duty to cooperate (section 10, Children Act 2004)
MK_ORGANISATIONS = [
    ("Milton Keynes Council", "MKC", Organisation.Sector.LOCAL_AUTHORITY, True),
    ("Milton Keynes Primary Care Trust", "MKPCT", Organisation.Sector.HEALTH, True),
    ("Thames Valley Police", "TVP", Organisation.Sector.POLICE, True),
    ("Thames Valley Probation", "", Organisation.Sector.PROBATION, True),
    ("Milton Keynes General Hospital", "MKGH", Organisation.Sector.HEALTH, False),
    ("YMCA Milton Keynes", "YMCA", Organisation.Sector.VOLUNTARY, False),
    ("Leon Secondary School and Sports College", "", Organisation.Sector.EDUCATION, False),
    ("Milton Keynes Safeguarding Children Board", "MKSCB", Organisation.Sector.SAFEGUARDING, False),
    ("MK Youth Cabinet", "", Organisation.Sector.YOUTH, False),
    ("Department for Work and Pensions", "DWP", Organisation.Sector.EMPLOYMENT, False),
    # The political parties on the council, one representative each (seed 002): the officer keeps this list.
    ("Labour Group", "", Organisation.Sector.POLITICAL_PARTY, False),
    ("Conservative Group", "", Organisation.Sector.POLITICAL_PARTY, False),
    ("Liberal Democrat Group", "", Organisation.Sector.POLITICAL_PARTY, False),
]


@dataclass(frozen=True)
class Seat:
    honorific: str
    given: str
    family: str
    job_title: str
    organisation: str
    role: str = Membership.Role.MEMBER
    basis: str = Membership.Basis.ORGANISATION
    voting: bool = True
    # seed 001: present, apologies, or not yet a member at that meeting
    at_past_meeting: str = Attendance.Status.PRESENT

    @property
    def slug(self) -> str:
        return f"{self.given}-{self.family}".lower().replace(" ", "-")


MK_BOARD_SEATS = [
    Seat(
        "",
        "Gail",
        "Tolley",
        "Corporate Director, Children and Families",
        "Milton Keynes Council",
        role=Membership.Role.CHAIR,
        at_past_meeting="",
    ),
    Seat(
        "Councillor",
        "Sandra",
        "Clark",
        "Cabinet Member for Children and Young People",
        "Milton Keynes Council",
        role=Membership.Role.VICE_CHAIR,
        basis=Membership.Basis.CABINET_MEMBER,
    ),
    Seat("", "Carolyn", "Boyd", "Group Director Strategy, Commissioning and Quality", "Milton Keynes Council"),
    Seat("", "Naomi", "Eisenstadt", "Non Executive Director", "Milton Keynes Primary Care Trust"),
    Seat("", "Amanda", "Farr", "Assistant Director Monitoring and Review", "Milton Keynes Council"),
    Seat("", "Alistair", "Gibbons", "Head of Adult Social Care", "Milton Keynes Council"),
    Seat("", "Vanessa", "Gwynn", "Corporate Director Learning and Development", "Milton Keynes Council"),
    Seat("", "Gillian", "Kern", "Senior Education Officer", "Milton Keynes Council"),
    Seat("", "John", "Liversidge", "Chief Superintendent", "Thames Valley Police"),
    Seat("", "David", "Moore", "Head of Commissioning and Customer Care", "Milton Keynes Council"),
    Seat("", "Ian", "Revell", "Chief Executive, representing the Voluntary Sector", "YMCA Milton Keynes"),
    Seat("", "Mary", "Sexton", "Divisional Manager Women and Children", "Milton Keynes General Hospital"),
    Seat(
        "",
        "Jill",
        "Wilkinson",
        "Head of Children's Services/Deputy Director of Primary Care",
        "Milton Keynes Primary Care Trust",
    ),
    Seat(
        "",
        "Barbara",
        "Kennedy",
        "Chief Executive",
        "Milton Keynes Primary Care Trust",
        at_past_meeting=Attendance.Status.APOLOGIES,
    ),
    Seat(
        "",
        "Simon",
        "Viccars",
        "Headteacher",
        "Leon Secondary School and Sports College",
        at_past_meeting=Attendance.Status.APOLOGIES,
    ),
    Seat(
        "",
        "Claire",
        "Hutley",
        "Executive Assistant Learning and Development",
        "Milton Keynes Council",
        role=Membership.Role.OFFICER,
        basis=Membership.Basis.SUPPORT,
        voting=False,
        at_past_meeting=Attendance.Status.IN_ATTENDANCE,
    ),
    Seat(
        "",
        "Peter",
        "Taylor",
        "Committee Manager",
        "Milton Keynes Council",
        role=Membership.Role.OFFICER,
        basis=Membership.Basis.SUPPORT,
        voting=False,
        at_past_meeting=Attendance.Status.IN_ATTENDANCE,
    ),
]

BOARD_FORMED = dt.date(2026, 4, 1)
PAST_MEETING_DAY = dt.date(2026, 10, 19)  # a Monday, as seed 001's meeting was
CHAIR_FROM = dt.date(2026, 11, 1)  # Gail Tolley takes the chair after the October meeting

# Seed 001, item by item: (title, purpose, narrative in Markdown, resolutions)
PAST_MEETING_MINUTES_ITEM = "Minutes"  # the item approving the minutes of the meeting before
PAST_MEETING_ITEMS: list[tuple[str, str, str, list[str]]] = [
    (
        PAST_MEETING_MINUTES_ITEM,
        AgendaItem.Purpose.DECISION,
        "",
        [
            "That the Minutes of the Children and Families Partnership Board held on 17 August 2026 be "
            "approved as a correct record."
        ],
    ),
    (
        "Children's Trust",
        AgendaItem.Purpose.VERBAL_UPDATE,
        """The Board received a verbal update from the Senior Education Officer on the outcome of interviews with key stakeholders regarding issues surrounding the Children's Trust.

The Board were informed that interviewees had expressed a shared enthusiasm for the Children's Trust project and had shown interest in the potential for shared budgets and increased customer involvement.

The Board noted that there was general agreement on the vision of creating a seamless delivery of service supporting personalisation and choice, but there was divergence regarding how this should be achieved.

The Board received a verbal update by the Head of Commissioning and Customer Care on the developmental programme that had taken place in Adult Services.

Members noted that Adult Services had encountered the following challenges when reforming service provision:

- Integrating different cultures, work practices, pay scales, etc.
- Solving issues surrounding Governance and accountability.
- Ensuring the new organisation had the capacity to deliver services.
- Budget issues.
- Identifying where competencies lay and establishing an effective knowledge base.
- Convincing staff of the benefits of change and ensuring compliance with Transfer of Undertaking (TUPE) regulations.

The Board considered the possible options for the configuration of the Children's Trust. The Board noted that all models had the potential to deliver improvements in reducing inequality, intervening earlier and raising outcomes for disadvantaged and vulnerable groups.

The Board considered the different models of the Children's Trust against the objectives of integrated services for children (see Annexes A and B). Members agreed that the Community Foundation Trust was not a viable model. The Board requested that the Social Enterprise with Adult Services model, the Social Enterprise for Children, Young People and Family Services and the Council-led model be brought to the Board's next meeting where the options would be further refined and a final decision made.

Members of the Board made the following comments regarding the Children's Trust:

- The Board's decision on the model of the Children's Trust should be driven by the needs of Milton Keynes.
- Milton Keynes had an advantage over other areas because it was coterminous.
- Additional organisations increased boundaries between services.
- As part of a joint Adult and Children Services model, Children's Services may be the smaller organisation and therefore considered a secondary priority.
- The rationale for integrated services included the improved transition from child to adult care.""",
        [
            "That the Social Enterprise and Council-led models for the Children's Trust be presented to the "
            "next meeting of the Children and Families Partnership Board for further refinement."
        ],
    ),
    (
        "Commissioning Framework",
        AgendaItem.Purpose.DECISION,
        "",
        [
            "That the Commissioning Framework be considered at a future meeting of the Children and Families "
            "Partnership Board."
        ],
    ),
    (
        "Local Area Agreement",
        AgendaItem.Purpose.NOTING,
        "The Board received the final version of the Local Area Agreement.",
        ["That the final version of the Local Area Agreement be noted."],
    ),
    (
        "Financial Position 2026/27 and 2027/28",
        AgendaItem.Purpose.INFORMATION,
        """The Board received updates on the current financial position of its partners.

The Board noted the following comments:

- The Council had proposed a below inflation rate rise in the budget for the Learning and Development Directorate. However, there was a substantial increase in funding for Looked After Children.
- The Learning and Development Directorate budget was based on the assumption that £1 million worth of services would be sold to schools.
- Efficiency targets were included in the budget assumptions.
- Thames Valley Police were facing funding reductions in the upcoming financial year.
- Milton Keynes PCT was still being monitored by the Strategic Health Authority.
- The PCT Financial Turnaround Plan was on target to achieve the planned level of savings in 2026/27.""",
        [
            "That the current financial positions of the partners of the Children and Families Partnership "
            "Board be noted."
        ],
    ),
    (
        "Systems Thinking",
        AgendaItem.Purpose.DECISION,
        """The Board considered a proposal to use a Systems Thinking process to assess how children and families accessed early intervention and preventive services.

The Board were informed that Systems Thinking work would be focused on a neighbourhood with high levels of referral to Children's Social Care, and the age range restricted to 0-11 years. It was proposed to undertake a six week data capture of all children for whom there were concerns and to track what interventions occurred. This data could, if needed, be augmented by records from the previous 12 months to ensure the results were representative of the overall situation.

The rationale for using a Systems Thinking process included:

- Improved understanding about demand for services and who created the demand.
- Improved understanding about how this demand was met, or not met.
- Supported development of early intervention strategies and service design.

The Board noted that a Systems Thinking process required total commitment across all agencies, at all staff levels, and that funding for the project would be provided by the Council's 'Invest to Save' scheme.

The Board suggested that as the results from one area may not be representative of the overall situation in Milton Keynes, a Systems Thinking process should be undertaken in two different localities. The Board suggested that the Lakes Estate would be a suitable location because this was an area in which Children's Services were already perceived as being good.""",
        [
            "That suitable locations for a Systems Thinking study be identified and presented to the next "
            "meeting of the Children and Families Partnership Board."
        ],
    ),
    (
        "Joint Meeting with the Children and Young People's Joint Planning Group",
        AgendaItem.Purpose.DECISION,
        "",
        ["That the next meeting be extended to a whole morning session and held at an external location."],
    ),
    (
        "Local Safeguarding Children Board",
        AgendaItem.Purpose.NOTING,
        "The Board received a written update report on the Local Safeguarding Children Board.",
        ["That the report be noted."],
    ),
    (
        "Children and Young People's Planning Group",
        AgendaItem.Purpose.NOTING,
        "The Board received a written report from the Children and Young People's Joint Planning Group.",
        ["That the report be noted."],
    ),
    ("Dates of Future Meetings", AgendaItem.Purpose.DECISION, "", []),  # resolution built from the schedule
]


def london(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def bimonthly_second_fridays(first_month: dt.date, count: int) -> list[dt.date]:
    rule = rrule(MONTHLY, interval=2, byweekday=FR(2), count=count, dtstart=first_month)
    return [moment.date() for moment in rule]


class DemoBuilder:
    def __init__(self) -> None:
        self.users: dict[str, object] = {}

    # -- helpers -------------------------------------------------------------------------
    def put(self, model, lookup, values=None):
        return ensure(model, lookup, values, by=None, reason=REASON)

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

    # -- Milton Keynes ---------------------------------------------------------------------
    def milton_keynes(self) -> Partnership:
        mk = self.put(
            Partnership,
            {"slug": "milton-keynes"},
            {
                "name": "Milton Keynes Children and Families Partnership",
                "area": "Milton Keynes",
                "administering_authority": "Milton Keynes Council",
                "chair_may_establish_commissions": True,
                "vision": "Better services\nBetter connected\nBetter outcomes",
                "vision_statement": (
                    "All members of the partnership share a commitment to continuous improvement and "
                    "working together to maximise the potential of each partner to realise our vision of "
                    "better services, better connected delivering better outcomes."
                ),
                "participation_statement": (
                    "The partnership is committed to involving children, young people and their families in "
                    "both identifying and understanding areas for improvement and making proposals for "
                    "change. All commissions have a clear strategy to ensure the voice of children, young "
                    "people and their families can be heard. The MK Youth Cabinet offers the partnership a "
                    "forum to discuss issues and representation on the partnership board."
                ),
            },
        )
        for position, name in enumerate(MK_FOCUS_AREAS, start=1):
            self.put(FocusArea, {"partnership": mk, "position": position}, {"name": name})
        for number, (title, aims) in enumerate(MK_PRINCIPLES, start=1):
            principle = self.put(Principle, {"partnership": mk, "number": number}, {"title": title})
            for position, text in enumerate(aims, start=1):
                self.put(PrincipleAim, {"principle": principle, "position": position}, {"text": text})

        organisations = {
            name: self.put(
                Organisation,
                {"partnership": mk, "name": name},
                {"short_name": short, "sector": sector, "duty_to_cooperate": duty},
            )
            for name, short, sector, duty in MK_ORGANISATIONS
        }
        board = self.put(
            Body,
            {"partnership": mk, "slug": "board"},
            {
                "kind": Body.Kind.BOARD,
                "name": "Children and Families Partnership Board",
                "quorum": 6,
                "description": "The partnership meets as a formal board for up to three hours every two months.",
            },
        )
        planning = self.put(
            Body,
            {"partnership": mk, "slug": "planning-group"},
            {
                "kind": Body.Kind.PLANNING_GROUP,
                "name": "Planning Group",
                "description": "Appointed by the chair to assist with agenda setting.",
            },
        )

        people = {}
        for seat in MK_BOARD_SEATS:
            person = self.put(
                Person,
                {"partnership": mk, "slug": seat.slug},
                {"honorific": seat.honorific, "given_name": seat.given, "family_name": seat.family},
            )
            people[seat.family] = person
            if seat.family in ("Liversidge", "Taylor", "Tolley"):
                # Private contact details (example addresses): never shown to the public.
                self.put(
                    Person,
                    {"partnership": mk, "slug": person.slug},
                    {"email": f"{seat.given}.{seat.family}@example.org".lower()},
                )
            organisation = organisations[seat.organisation]
            common = {
                "basis": seat.basis,
                "organisation": organisation,
                "job_title": seat.job_title,
                "voting": seat.voting,
            }
            if seat.family == "Clark":
                # Chaired the board until Gail Tolley took the chair; vice-chair since: one history.
                self.put(
                    Membership,
                    {"person": person, "body": board, "starts_on": BOARD_FORMED},
                    {**common, "role": Membership.Role.CHAIR, "ends_on": CHAIR_FROM - dt.timedelta(days=1)},
                )
                self.put(
                    Membership,
                    {"person": person, "body": board, "starts_on": CHAIR_FROM},
                    {**common, "role": seat.role, "ends_on": None},
                )
            elif seat.family == "Tolley":
                self.put(
                    Membership,
                    {"person": person, "body": board, "starts_on": CHAIR_FROM},
                    {**common, "role": seat.role, "ends_on": None},
                )
            else:
                self.put(
                    Membership,
                    {"person": person, "body": board, "starts_on": BOARD_FORMED},
                    {**common, "role": seat.role, "ends_on": None},
                )

        for family, role in [
            ("Tolley", Membership.Role.CHAIR),
            ("Gwynn", Membership.Role.MEMBER),
            ("Clark", Membership.Role.MEMBER),
            ("Taylor", Membership.Role.OFFICER),
        ]:
            self.put(
                Membership,
                {"person": people[family], "body": planning, "starts_on": CHAIR_FROM},
                {
                    "role": role,
                    "organisation": organisations["Milton Keynes Council"],
                    "voting": role != Membership.Role.OFFICER,
                    "basis": Membership.Basis.SUPPORT
                    if role == Membership.Role.OFFICER
                    else Membership.Basis.ORGANISATION,
                },
            )

        # Sign-ins for the demo, linked to the people they are.
        for username, family in [("officer", "Taylor"), ("chair", "Tolley"), ("member", "Liversidge")]:
            user = self.user(username)
            self.put(Person, {"partnership": mk, "slug": people[family].slug}, {"user": user})
        if not mk.officers.filter(pk=self.users["officer"].pk).exists():
            mk.officers.add(self.users["officer"])

        text = "\n".join(f"{name}: {meaning}" for name, meaning in NOLAN_PRINCIPLES)
        # John Liversidge (the demo "member") has not signed yet: he is asked to at first sign-in.
        for family in ("Tolley", "Clark", "Gwynn"):
            self.put(
                NolanUndertaking,
                {"person": people[family], "partnership": mk, "signed_on": dt.date(2026, 4, 1)},
                {"text_signed": text, "principles_acknowledged": [name for name, _ in NOLAN_PRINCIPLES]},
            )

        future_days = bimonthly_second_fridays(dt.date(2026, 12, 1), 6)
        future = [
            self.put(
                Meeting,
                {"body": board, "starts_at": london(day, 9, 30)},
                {"ends_at": london(day, 12, 30), "venue": MK_VENUE},
            )
            for day in future_days
        ]
        self.past_board_meeting(board, people, future)
        self.commissions(mk, people, organisations)
        return mk

    def past_board_meeting(self, board: Body, people: dict, future: list[Meeting]) -> Meeting:
        meeting = self.put(
            Meeting,
            {"body": board, "starts_at": london(PAST_MEETING_DAY, 9, 30)},
            {"ends_at": london(PAST_MEETING_DAY, 12, 30), "venue": MK_VENUE},
        )
        for seat in MK_BOARD_SEATS:
            if not seat.at_past_meeting:
                continue
            role = seat.job_title
            self.put(
                Attendance,
                {"meeting": meeting, "person": people[seat.family]},
                {"status": seat.at_past_meeting, "role_shown": role, "organisation_shown": seat.organisation},
            )
        number = 0
        dates = "\n\n".join(format_date(m.starts_at) for m in future[:4])
        for position, (title, purpose, narrative, resolutions) in enumerate(PAST_MEETING_ITEMS, start=1):
            kind = AgendaItem.Kind.PREVIOUS_MINUTES if title == PAST_MEETING_MINUTES_ITEM else AgendaItem.Kind.BUSINESS
            item = self.put(
                AgendaItem,
                {"meeting": meeting, "position": position},
                {"title": title, "purpose": purpose, "expected_minutes": 15, "kind": kind},
            )
            self.put(ItemMinutes, {"item": item}, {"narrative": narrative})
            if title == "Dates of Future Meetings":
                resolutions = [
                    "That meetings of the Children and Families Partnership Board be held on the following "
                    f"dates:\n\n{dates}"
                ]
            for text in resolutions:
                number += 1
                self.put(Resolution, {"meeting": meeting, "number": number}, {"item": item, "text": text})
        officer = self.users["officer"]
        if not meeting.publications.exists():
            # Published on time, ten days ahead, through the same service an officer uses.
            agenda_publish(meeting=meeting, by=officer, now=london(dt.date(2026, 10, 9), 10))
        if not meeting.minutes_publications.exists():
            self.put(
                Meeting,
                {"pk": meeting.pk},
                {"status": Meeting.Status.MINUTES_DRAFTED, "chaired_by": people["Clark"], "closed_at": dt.time(11, 42)},
            )
            minutes_publish(
                meeting=Meeting.objects.get(pk=meeting.pk), by=officer, now=london(dt.date(2026, 10, 23), 15)
            )
        return Meeting.objects.get(pk=meeting.pk)

    def commissions(self, mk: Partnership, people: dict, organisations: dict) -> None:
        focus = {area.name: area for area in mk.focus_areas.all()}
        specs = [
            (
                "child-poverty-commission",
                "Child Poverty Commission",
                Commission.Status.ACTIVE,
                "Child poverty is one of the most important factors affecting life chances in Milton Keynes, "
                "and no single partner can tackle it alone.",
                "To investigate the causes and effects of child poverty in Milton Keynes, review how partners' "
                "services reach families on low incomes, and recommend action to the partnership board.",
                "Direct involvement through the MK Youth Cabinet; focus groups with parents at children's "
                "centres; a survey of families receiving support, designed with young people.",
                dt.date(2027, 1, 4),
                dt.date(2027, 9, 30),
                ["Health and child poverty", "Employment"],
                [
                    ("Wilkinson", Membership.Role.CHAIR),
                    ("Revell", Membership.Role.MEMBER),
                    ("Farr", Membership.Role.MEMBER),
                ],
            ),
            (
                "early-intervention-commission",
                "Early Intervention Commission",
                Commission.Status.ACTIVE,
                "Partners want children and families to receive help earlier, before needs escalate.",
                "To review how children and families access early intervention and preventive services, "
                "building on the Systems Thinking study, and recommend changes to service design.",
                "Families' own accounts of how they sought help, gathered with their consent through the Systems "
                "Thinking study; workshops with parents and young people in two localities; the Youth Cabinet.",
                dt.date(2027, 4, 1),
                dt.date(2027, 12, 31),
                ["Early years", "Family and parenting"],
                [("Kern", Membership.Role.MEMBER), ("Moore", Membership.Role.MEMBER)],
            ),
        ]
        for slug, name, status, issue, remit, strategy, starts, ends, areas, seats in specs:
            body = self.put(
                Body, {"partnership": mk, "slug": slug}, {"kind": Body.Kind.COMMISSION, "name": name, "quorum": 3}
            )
            commission = self.put(
                Commission,
                {"body": body},
                {
                    "status": status,
                    "issue": issue,
                    "remit": remit,
                    "participation_strategy": strategy,
                    "starts_on": starts,
                    "ends_on": ends,
                    "established_on": dt.date(2026, 11, 16) if status == Commission.Status.ACTIVE else None,
                    "established_by_chair": status == Commission.Status.ACTIVE,
                },
            )
            wanted = {focus[area].pk for area in areas}
            if set(commission.focus_areas.values_list("pk", flat=True)) != wanted:
                commission.focus_areas.set(wanted)
            for family, role in seats:
                membership = people[family].memberships.filter(body__slug="board").first()
                self.put(
                    Membership,
                    {"person": people[family], "body": body, "starts_on": starts},
                    {
                        "role": role,
                        "organisation": membership.organisation,
                        "job_title": membership.job_title,
                        "voting": role != Membership.Role.ADVISOR,
                    },
                )
        # From outside the partnership: a specialist advisor (seed 000's contact officer) and a
        # co-opted member chosen for her expertise (an illustrative person, not from the seeds).
        poverty = Body.objects.get(partnership=mk, slug="child-poverty-commission")
        outsiders = [
            (
                "",
                "Michael",
                "Bracey",
                "Assistant Director, Partnerships",
                organisations["Milton Keynes Council"],
                Membership.Role.ADVISOR,
                False,
            ),
            ("Dr", "Priya", "Shah", "Researcher in child poverty", None, Membership.Role.CO_OPTED, True),
        ]
        for honorific, given, family, job_title, organisation, role, voting in outsiders:
            person = self.put(
                Person,
                {"partnership": mk, "slug": f"{given}-{family}".lower()},
                {"honorific": honorific, "given_name": given, "family_name": family},
            )
            self.put(
                Membership,
                {"person": person, "body": poverty, "starts_on": dt.date(2027, 1, 4)},
                {
                    "role": role,
                    "basis": Membership.Basis.EXPERTISE,
                    "organisation": organisation,
                    "job_title": job_title,
                    "voting": voting,
                },
            )

    # -- Derby -------------------------------------------------------------------------------
    def derby(self) -> Partnership:
        derby = self.put(
            Partnership,
            {"slug": "derby"},
            {
                "name": "Derby Children and Young People's Partnership",
                "area": "Derby",
                "administering_authority": "Derby City Council",
                "vision": "A common vision and priorities for children and young people in Derby",
                "vision_statement": (
                    "A strong strategic local partnership that takes responsibility for monitoring outcomes "
                    "for children and challenges the performance of the partnership when we are not doing "
                    "as well as we should."
                ),
            },
        )
        council = self.put(
            Organisation,
            {"partnership": derby, "name": "Derby City Council"},
            {"sector": Organisation.Sector.LOCAL_AUTHORITY, "duty_to_cooperate": True},
        )
        self.put(
            Organisation,
            {"partnership": derby, "name": "Derby Safeguarding Children Board"},
            {"short_name": "LSCB", "sector": Organisation.Sector.SAFEGUARDING},
        )
        executive = self.put(
            Body,
            {"partnership": derby, "slug": "executive"},
            {"kind": Body.Kind.BOARD, "name": "Children and Young People's Executive", "quorum": 4},
        )
        rita = self.put(
            Person, {"partnership": derby, "slug": "rita-silvester"}, {"given_name": "Rita", "family_name": "Silvester"}
        )
        self.put(
            Membership,
            {"person": rita, "body": executive, "starts_on": dt.date(2026, 9, 1)},
            {
                "role": Membership.Role.OFFICER,
                "basis": Membership.Basis.SUPPORT,
                "organisation": council,
                "job_title": "Director for Performance and Commissioning",
                "voting": False,
            },
        )
        user = self.user("derby-officer")
        self.put(Person, {"partnership": derby, "slug": rita.slug}, {"user": user})
        if not derby.officers.filter(pk=user.pk).exists():
            derby.officers.add(user)
        day = dt.date(2027, 1, 18)
        meeting = self.put(
            Meeting,
            {"body": executive, "starts_at": london(day, 14)},
            {"ends_at": london(day, 16), "venue": DERBY_VENUE},
        )
        # A draft agenda, not yet published: nothing of it may reach the public.
        self.put(
            AgendaItem,
            {"meeting": meeting, "position": 1},
            {
                "title": "Consultation on 2011-2014 vision, priorities and structure for Children's Trust",
                "purpose": AgendaItem.Purpose.DECISION,
                "presenter": "Rita Silvester",
            },
        )
        return derby


@transaction.atomic
def build_demo() -> dict[str, Partnership]:
    builder = DemoBuilder()
    builder.user("admin")
    return {"milton-keynes": builder.milton_keynes(), "derby": builder.derby()}
