"""What the demonstration says, drawn from the seed documents (see shared/seeds): the Milton
Keynes partnership's vision, focus areas and principles (seed 002), its organisations and the people
of seed 001's attendance list, and seed 001's minutes item by item. No dates: `demo.data` works
them out from the day the demo is built.
"""

from dataclasses import dataclass

from meetings.models import AgendaItem, Attendance
from members.models import Membership, Organisation

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

# Derby's Executive before the partnership used this site: its approved minutes brought over as
# pasted text (issue 15 §3), marked publicly as added to the site on the day the demo is built.
DERBY_PAST_MINUTES = """**Present:** Rita Silvester (Director for Performance and Commissioning, Derby City Council) and
the members of the Executive.

**1. Apologies for absence**

None were received.

**2. Children's Trust: vision, priorities and structure**

The Executive considered how the changes announced by the new government would affect the way the
children's trust and its partners operate, and agreed to consult partners on the vision, priorities
and structure for 2011 to 2014.

RESOLVED – That a consultation on the 2011-2014 vision, priorities and structure for the Children's
Trust be brought to the next meeting of the Executive.
"""

MK_BOARD_SETTINGS = {
    "terms_of_reference": (
        "The Board leads the Milton Keynes Children and Families Partnership: it agrees the partnership's "
        "vision, principles and focus areas, oversees the Children and Young People's Plan, establishes "
        "time-limited commissions and receives their reports, and holds partners to account for outcomes "
        "for children, young people and their families."
    ),
    "quorum_rule": "Six voting members, including the chair or vice-chair",
    "meeting_frequency": "Every two months",
    "contact_name": "Peter Taylor, Committee Manager",
    "contact_email": "partnership.governance@milton-keynes.example.org",
    "contact_telephone": "01908 000000",
}

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

# Seed 001, item by item, after the standard opening items (apologies, declarations of interest,
# the minutes of the previous meeting, matters arising): (title, purpose, narrative in Markdown,
# resolutions). "{fy}" and "{next_fy}" are the financial years of the meeting's day.
PAST_MEETING_ITEMS: list[tuple[str, str, str, list[str]]] = [
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
        "Financial Position {fy} and {next_fy}",
        AgendaItem.Purpose.INFORMATION,
        """The Board received updates on the current financial position of its partners.

The Board noted the following comments:

- The Council had proposed a below inflation rate rise in the budget for the Learning and Development Directorate. However, there was a substantial increase in funding for Looked After Children.
- The Learning and Development Directorate budget was based on the assumption that £1 million worth of services would be sold to schools.
- Efficiency targets were included in the budget assumptions.
- Thames Valley Police were facing funding reductions in the upcoming financial year.
- Milton Keynes PCT was still being monitored by the Strategic Health Authority.
- The PCT Financial Turnaround Plan was on target to achieve the planned level of savings in {fy}.""",
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

# -- The meetings after seed 001 ---------------------------------------------------------------------
# Each business item: the agenda's fields, then (for a meeting that has been held) its minutes.


@dataclass(frozen=True)
class Item:
    title: str
    purpose: str = AgendaItem.Purpose.NOTING
    presenter: str = ""
    expected_minutes: int = 15
    exempt_paragraph: int | None = None  # Schedule 12A: a confidential item
    exempt_reason: str = ""
    narrative: str = ""
    public_summary: str = ""  # what the public minutes say of a confidential item
    resolutions: tuple[str, ...] = ()
    decided_by: str = ""  # how its resolutions were decided: "consensus", "unanimous" or not recorded

    @property
    def agenda_fields(self) -> dict:
        return {
            "title": self.title,
            "purpose": self.purpose,
            "presenter": self.presenter,
            "expected_minutes": self.expected_minutes,
            "confidential": self.exempt_paragraph is not None,
            "exempt_paragraph": self.exempt_paragraph,
            "exempt_reason": self.exempt_reason,
        }


SHORT_BREAKS_REASON = (
    "The report contains information about the financial and business affairs of the providers of the "
    "short breaks service, including the prices they tendered."
)

# The board's meeting about two weeks ago: it follows up what seed 001 sent to "the next meeting".
RECENT_BOARD_ITEMS = [
    Item(
        "Children's Trust: the model",
        AgendaItem.Purpose.DECISION,
        "Gillian Kern, Senior Education Officer",
        30,
        narrative="""The Board considered the Social Enterprise and Council-led models for the Children's Trust, refined since its last meeting as it had asked.

The Board noted that partners shared the vision of a seamless delivery of service, and that the removal of the requirement on some local partners to take part in a Children's Trust made a partnership of willing members more sustainable than a new organisation.

Members agreed that form should follow function: the partnership's task was to secure the support of partners in the context of greatly reduced resources, changing relationships between organisations and new priorities for action.""",
        resolutions=(
            "That the Children's Trust be reformed as a Children and Families Partnership led by the Council, and "
            "that a draft 'vision and principles' document be brought to the next meeting of the Board.",
        ),
        decided_by="unanimous",
    ),
    Item(
        "Systems Thinking: the two localities",
        AgendaItem.Purpose.DECISION,
        "David Moore, Head of Commissioning and Customer Care",
        20,
        narrative="""The Board received the suitable locations for a Systems Thinking study it had asked for.

The Board agreed that the Lakes Estate should be one of the two localities, being an area in which Children's Services were already perceived as being good, and that the second should be a neighbourhood with high levels of referral to Children's Social Care.""",
        resolutions=(
            "That the Systems Thinking study be undertaken on the Lakes Estate and in one further neighbourhood "
            "with high levels of referral to Children's Social Care.",
        ),
        decided_by="consensus",
    ),
    Item(
        "Child Poverty Commission: first report",
        AgendaItem.Purpose.NOTING,
        "Jill Wilkinson, chair of the Commission",
        15,
        narrative="""The chair of the Child Poverty Commission reported on its first meetings, its programme of evidence sessions and its strategy for hearing the voice of children, young people and their families through the MK Youth Cabinet.""",
        resolutions=("That the report be noted.",),
    ),
    Item(
        "Short breaks service: contract extension",
        AgendaItem.Purpose.DECISION,
        "David Moore, Head of Commissioning and Customer Care",
        15,
        exempt_paragraph=3,
        exempt_reason=SHORT_BREAKS_REASON,
        narrative="""The Board considered the prices tendered by the two providers and the risks of a gap in the service while it is retendered.""",
        public_summary="The Board agreed to extend the short breaks contract for six months while the service is retendered.",
        resolutions=("That the short breaks contract be extended for six months on the terms set out in the report.",),
    ),
]

# The board's next meeting: its agenda published, with a supplement.
UPCOMING_BOARD_ITEMS = [
    Item(
        "Children and Young People's Plan {plan_years}",
        AgendaItem.Purpose.DECISION,
        "Michael Bracey, Assistant Director, Partnerships",
        30,
    ),
    Item(
        "Children and Families Partnership: vision and principles",
        AgendaItem.Purpose.DECISION,
        "Gail Tolley, Chair",
        30,
    ),
    Item("Early Intervention Commission: terms of reference", AgendaItem.Purpose.NOTING, "Gillian Kern", 15),
    Item(
        "Short breaks service: contract award",
        AgendaItem.Purpose.DECISION,
        "David Moore, Head of Commissioning and Customer Care",
        20,
        exempt_paragraph=3,
        exempt_reason=SHORT_BREAKS_REASON,
    ),
]

# Seed 003, the cover report on the Children and Young People's Plan, in the house format.
PLAN_REPORT = {
    "key_decision": True,
    "listed_on_forward_plan": True,
    "within_policy": False,
    "accountable_cabinet_member": "Councillor Sandra Clark",
    "contact_officer": "Michael Bracey, Assistant Director, Partnerships, Commissioning and Performance, "
    "Children and Young People's Services",
    "purpose": "To present the Milton Keynes Children and Young People's Plan {plan_years} for approval.",
    "recommendations": "That the Council be recommended to approve the Children and Young People's Plan {plan_years}.",
    "policy_implications": "The Children and Young People's Plan is the principal and overarching strategic plan "
    "for the partnership, setting out its priorities for providing services and informing all service plans and "
    "policies across the partnership.",
    "financial_implications": "Actions specified in the Plan including monitoring and review will be delivered "
    "within current resources with financial implications taken into account through the medium term financial "
    "plan budget build process.",
    "legal_implications": "Section 17 of the Children Act 2004 provides the statutory basis for Children and Young "
    "People's Plans.",
    "equalities_implications": "An Equality Impact Assessment covering the Children and Young People's Plan is "
    "scheduled to be undertaken before the Plan takes effect.",
    "safeguarding_implications": "The Plan sets out how partners (e.g. the police and SaferMK) will work in close "
    "collaboration to ensure children and young people's safety, as well as address issues relating to crime, "
    "anti social behaviour and the impact of domestic abuse.",
    "background_papers": "Annex A: Children and Young People's Plan {plan_years} (draft)",
}
PLAN_PAPER_TITLE = "Annex A: Children and Young People's Plan {plan_years} (draft)"

# The Child Poverty Commission's meetings: its first, its second, and its next.
COMMISSION_FIRST_ITEMS = [
    Item("Apologies for absence", expected_minutes=5),
    Item("Declarations of interest", expected_minutes=5),
    Item(
        "Terms of reference and work programme",
        AgendaItem.Purpose.DECISION,
        "Jill Wilkinson, chair of the Commission",
        30,
        narrative="""The Commission considered the remit the partnership had given it and a programme of evidence sessions for its first six months.""",
        resolutions=("That the work programme be agreed.",),
    ),
    Item(
        "Hearing from children, young people and families",
        AgendaItem.Purpose.DECISION,
        "Ian Revell",
        30,
        narrative="""The Commission discussed how it would hear directly from families on low incomes: through the MK Youth Cabinet, focus groups with parents at children's centres, and a survey designed with young people.""",
        resolutions=("That the participation strategy be adopted.",),
    ),
]
COMMISSION_SECOND_ITEMS = [
    Item(
        "Evidence: children's centres and the families they see",
        AgendaItem.Purpose.INFORMATION,
        "Amanda Farr",
        40,
        narrative="""The Commission heard from the managers of two children's centres about the families on low incomes who use them and those who do not.""",
        resolutions=("That the evidence be noted and reflected in the Commission's findings.",),
    ),
    Item(
        "A data profile of child poverty in Milton Keynes",
        AgendaItem.Purpose.NOTING,
        "Dr Priya Shah",
        30,
        narrative="""The Commission received a profile of child poverty by ward, drawn from the partners' data.""",
        resolutions=("That the data profile be noted.",),
    ),
]
COMMISSION_NEXT_ITEMS = [
    Item("Evidence from the MK Youth Cabinet", AgendaItem.Purpose.INFORMATION, "MK Youth Cabinet", 40),
    Item("Interim findings: an outline", AgendaItem.Purpose.DECISION, "Jill Wilkinson, chair of the Commission", 30),
]
