"""What the public may see is defined once, in each model's `.public()`: a draft, a confidential
record and another partnership's private record are left out; the public record is in."""

import datetime as dt

import pytest

from boards.models import Body, Partnership
from commissions.models import Commission
from core.audit import save_audited
from meetings.models import AgendaItem, Attendance, Declaration, Meeting, Resolution
from members.models import Deputy, InterestEntry, Membership, Person
from tests.conftest import london, make_meeting, make_member

pytestmark = pytest.mark.django_db

Status = Meeting.Status


def saved(instance):
    return save_audited(instance, by=None, reason="test")


def proposed_commission(partnership: Partnership, name: str) -> Body:
    """A commission only proposed: its body, seats and meetings are private."""
    body = saved(Body(partnership=partnership, kind=Body.Kind.COMMISSION, name=name, slug=name.lower()))
    saved(Commission(body=body, issue="i", remit="r", starts_on=dt.date(2026, 11, 2), ends_on=dt.date(2027, 6, 30)))
    return body


def meeting(body: Body, day: int, status: str = Status.SCHEDULED) -> Meeting:
    published = {"agenda_published_at": london(2026, 9, 1)} if status != Status.SCHEDULED else {}
    return make_meeting(body, london(2026, 10, day, 14), status=status, **published)


def item(meeting: Meeting, position: int, *, confidential: bool = False) -> AgendaItem:
    secret = {"confidential": True, "exempt_paragraph": 1} if confidential else {}
    return saved(AgendaItem(meeting=meeting, position=position, title=f"Item {position}", **secret))


@pytest.fixture
def world(partnership, board, council, other_officer):
    """Testshire's board and a commission it has only proposed; Elsewhere's proposed commission."""
    elsewhere = Partnership.objects.get(slug="elsewhere")
    return {
        "board": board,
        "council": council,
        "private": proposed_commission(partnership, "Proposed"),
        "elsewhere": proposed_commission(elsewhere, "Theirs"),
    }


def test_bodies_the_public_sees_leave_out_proposed_commissions(world):
    public = set(Body.objects.public())
    assert world["board"] in public
    assert world["private"] not in public and world["elsewhere"] not in public


def test_commissions_the_public_sees_leave_out_proposals(world, partnership):
    body = saved(Body(partnership=partnership, kind=Body.Kind.COMMISSION, name="Active", slug="active"))
    active = saved(
        Commission(
            body=body,
            issue="i",
            remit="r",
            status=Commission.Status.ACTIVE,
            participation_strategy="Ask them",
            starts_on=dt.date(2026, 11, 2),
            ends_on=dt.date(2027, 6, 30),
        )
    )
    assert list(Commission.objects.public()) == [active]


def test_meetings_on_the_public_calendar_leave_out_proposed_commissions_meetings(world):
    public = meeting(world["board"], 7)
    private = meeting(world["private"], 14)
    theirs = meeting(world["elsewhere"], 21)
    assert list(Meeting.objects.public()) == [public]
    assert private not in Meeting.objects.published() and theirs not in Meeting.objects.with_public_agenda()


def test_a_draft_agenda_is_neither_published_nor_public(world):
    draft = meeting(world["board"], 7)
    published = meeting(world["board"], 14, Status.AGENDA_PUBLISHED)
    assert list(Meeting.objects.published()) == [published]
    assert list(Meeting.objects.with_public_agenda()) == [published]
    for candidate in (draft, published):
        assert candidate.is_published == Meeting.objects.published().filter(pk=candidate.pk).exists()


def test_agenda_items_the_public_reads_are_on_a_published_agenda_and_not_confidential(world):
    published = meeting(world["board"], 7, Status.AGENDA_PUBLISHED)
    public = item(published, 1)
    confidential = item(published, 2, confidential=True)
    draft = item(meeting(world["board"], 14), 1)
    private = item(meeting(world["private"], 21, Status.AGENDA_PUBLISHED), 1)
    theirs = item(meeting(world["elsewhere"], 28, Status.AGENDA_PUBLISHED), 1)
    assert list(AgendaItem.objects.public()) == [public]
    assert not {confidential, draft, private, theirs} & set(AgendaItem.objects.public())


def minuted(world, model, fields):
    """One record of `model` in published minutes, and the same on a confidential item, in draft
    minutes, and in the published minutes of a proposed commission here and elsewhere."""
    person = make_member(world["board"], world["council"], "Dee", "Clare").person
    records = {}
    places = [
        ("public", world["board"], 7, Status.MINUTES_PUBLISHED, False),
        ("confidential", world["board"], 14, Status.MINUTES_APPROVED, True),
        ("draft", world["board"], 21, Status.MINUTES_DRAFTED, False),
        ("private", world["private"], 7, Status.MINUTES_PUBLISHED, False),
        ("theirs", world["elsewhere"], 7, Status.MINUTES_PUBLISHED, False),
    ]
    for name, body, day, status, confidential in places:
        where = meeting(body, day, status)
        on = item(where, 1, confidential=confidential)
        if model is Attendance:
            their_person = person if body.partnership_id == person.partnership_id else None
            records[name] = saved(Attendance(meeting=where, person=their_person, name="Guest", status="present"))
        else:
            records[name] = saved(model(meeting=where, item=on, **fields(person, body)))
    return records


def test_resolutions_the_public_reads_are_in_published_minutes_on_open_items(world):
    records = minuted(world, Resolution, fields=lambda person, body: {"number": 1, "text": "That it be noted."})
    assert list(Resolution.objects.public()) == [records["public"]]


def test_declarations_the_public_reads_are_in_published_minutes_exempt_items_included(world):
    """Who declared, which interest and what they did are public even on an exempt item; only the
    item's content is not (a page names it by its public line)."""

    def fields(person, body):
        someone = person if body.partnership_id == person.partnership_id else None
        someone = someone or saved(Person(partnership=body.partnership, given_name="A", family_name="B", slug="ab"))
        return {"person": someone, "nature": "Trustee"}

    records = minuted(world, Declaration, fields=fields)
    assert set(Declaration.objects.public()) == {records["public"], records["confidential"]}


def test_named_deputies_the_public_sees_are_for_bodies_that_meet_in_public(world):
    person = make_member(world["board"], world["council"], "Dep", "Uty").person
    public = saved(Deputy(organisation=world["council"], body=world["board"], person=person))
    saved(Deputy(organisation=world["council"], body=world["private"], person=person))
    assert list(Deputy.objects.public()) == [public]


def test_attendance_the_public_reads_is_in_published_minutes(world):
    records = minuted(world, Attendance, fields=None)
    assert set(Attendance.objects.public()) == {records["public"], records["confidential"]}


def test_seats_and_people_the_public_sees_are_on_bodies_that_meet_in_public(world):
    public = make_member(world["board"], world["council"], "Open", "Seat")
    private = make_member(world["private"], world["council"], "Only", "Proposed")
    theirs = make_member(world["elsewhere"], None, "Their", "Seat", basis=Membership.Basis.EXPERTISE)
    assert list(Membership.objects.public()) == [public]
    assert list(Person.objects.public()) == [public.person]
    assert private.person not in Person.objects.public() and theirs.person not in Person.objects.public()


def test_the_public_register_of_interests_never_reads_a_sensitive_interests_details(world, partnership):
    person = make_member(world["board"], world["council"], "Reg", "Ister").person

    def entry(description, **extra):
        return saved(
            InterestEntry(
                person=person,
                partnership=partnership,
                category="other",
                description=description,
                organisation_name=f"{description} Ltd",
                registered_on=dt.date(2026, 1, 1),
                **extra,
            )
        )

    entry("Open")
    entry("SENSITIVE", sensitive=True)
    entry("Ended", ends_on=dt.date(2026, 2, 1))
    rows = list(InterestEntry.objects.public().values("public_description", "public_organisation", "sensitive"))
    assert sorted(rows, key=lambda row: row["sensitive"]) == [
        {"public_description": "Open", "public_organisation": "Open Ltd", "sensitive": False},
        {"public_description": "", "public_organisation": "", "sensitive": True},
    ]
