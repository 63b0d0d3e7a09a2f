"""Reading the register: the board's composition against the constitution (seed 002), who has
signed the Nolan undertaking, whose register of interests is late, attendance by organisation,
and the interests a member may need to declare on an agenda."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Exists, Max, Min, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from boards.models import Body, Partnership

from .models import InterestEntry, InterestRegister, Membership, NolanUndertaking, Organisation, Person

REGISTER_DAYS = 28  # Localism Act 2011, s.30: within 28 days of taking office
UNDERTAKING_RENEWAL = dt.timedelta(days=365)
DUE_SOON = dt.timedelta(days=30)


@dataclass
class Rule:
    name: str
    met: bool
    detail: str
    holders: list[Membership] = field(default_factory=list)


def composition(board: Body, on: dt.date | None = None) -> list[Rule]:
    """The board's current membership against the rules of seed 002. Two queries."""
    on = on or timezone.localdate()
    seats = list(board.memberships.current(on).filter(voting=True).select_related("person", "organisation"))
    organisations = list(Organisation.objects.filter(partnership=board.partnership).order_by("name"))
    by_basis: dict[str, list[Membership]] = {}
    by_organisation: dict[int, list[Membership]] = {}
    for seat in seats:
        by_basis.setdefault(seat.basis, []).append(seat)
        if seat.organisation_id:
            by_organisation.setdefault(seat.organisation_id, []).append(seat)
    rules = []
    for organisation in organisations:
        if organisation.duty_to_cooperate:
            holders = by_organisation.get(organisation.pk, [])
            rules.append(
                Rule(
                    f"{organisation.name} (duty to cooperate, Children Act 2004 s.10)",
                    bool(holders),
                    "Represented" if holders else "Not represented: a vacancy",
                    holders,
                )
            )
    cabinet = by_basis.get(Membership.Basis.CABINET_MEMBER, [])
    rules.append(
        Rule(
            "The cabinet member for children and young people",
            bool(cabinet),
            "In place" if cabinet else "Vacant",
            cabinet,
        )
    )
    for party in (o for o in organisations if o.sector == Organisation.Sector.POLITICAL_PARTY):
        holders = [s for s in by_basis.get(Membership.Basis.POLITICAL_PARTY, []) if s.organisation_id == party.pk]
        detail = (
            "Represented"
            if len(holders) == 1
            else ("Vacant" if not holders else f"{len(holders)} representatives: one is expected")
        )
        rules.append(Rule(f"One representative of the {party.name}", len(holders) == 1, detail, holders))
    safeguarding = by_basis.get(Membership.Basis.SAFEGUARDING_CHAIR, [])
    rules.append(
        Rule(
            "The chair of the Safeguarding Children Board",
            bool(safeguarding),
            "In place" if safeguarding else "Vacant",
            safeguarding,
        )
    )
    youth = by_basis.get(Membership.Basis.YOUTH_CABINET, [])
    rules.append(Rule("Youth Cabinet representation", bool(youth), "In place" if youth else "Vacant", youth))
    return rules


def other_partners(board: Body, on: dt.date | None = None) -> list[tuple[Organisation, list[Membership]]]:
    """The other local partners (no duty to cooperate, not a party): who represents each."""
    on = on or timezone.localdate()
    seats = list(board.memberships.current(on).select_related("person", "organisation"))
    result = []
    for organisation in (
        Organisation.objects.filter(partnership=board.partnership, duty_to_cooperate=False)
        .exclude(sector=Organisation.Sector.POLITICAL_PARTY)
        .order_by("name")
    ):
        result.append((organisation, [s for s in seats if s.organisation_id == organisation.pk]))
    return result


@dataclass
class MemberStatus:
    person: Person
    joined: dt.date
    last_signed: dt.date | None
    undertaking_due: dt.date
    register_completed: dt.date | None
    register_due: dt.date
    on: dt.date  # the day the statuses are for

    @property
    def undertaking_state(self) -> str:
        if self.undertaking_due < self.on:
            return "overdue"
        if self.undertaking_due - self.on <= DUE_SOON:
            return "due"
        return "signed"

    @property
    def register_late(self) -> bool:
        return self.register_completed is None and self.register_due < self.on

    @property
    def register_state(self) -> str:
        """ "completed", "overdue" (never completed, and its 28 days are past) or "due"."""
        if self.register_completed is not None:
            return "completed"
        return "overdue" if self.register_late else "due"


def member_statuses(
    partnership: Partnership, on: dt.date | None = None, *, person: Person | None = None
) -> list[MemberStatus]:
    """Every current member (not officers in attendance), or only `person`, with their undertaking
    and register. Four queries."""
    on = on or timezone.localdate()
    current = Membership.objects.current(on).filter(body__partnership=partnership).exclude(role=Membership.Role.OFFICER)
    if person is not None:
        current = current.filter(person=person)
    joined = dict(
        Membership.objects.filter(body__partnership=partnership, person_id__in=current.values("person_id"))
        .values("person_id")
        .annotate(first=Min(Coalesce("starts_on", "started_before")))
        .values_list("person_id", "first")
    )
    people = Person.objects.filter(pk__in=joined).only("honorific", "given_name", "family_name")
    people = people.order_by("family_name", "given_name")
    signed: dict[int, dt.date] = {}
    for person_id, signed_on in NolanUndertaking.objects.filter(partnership=partnership).values_list(
        "person_id", "signed_on"
    ):
        signed[person_id] = max(signed_on, signed.get(person_id, signed_on))
    completed = dict(InterestRegister.objects.filter(partnership=partnership).values_list("person_id", "completed_on"))
    result = []
    for person in people:
        # No start known at all (an imported seat): its 28 days are counted from the day asked about.
        start = joined[person.pk] or on
        last = signed.get(person.pk)
        due = last + UNDERTAKING_RENEWAL if last else start + dt.timedelta(days=REGISTER_DAYS)
        result.append(
            MemberStatus(
                person, start, last, due, completed.get(person.pk), start + dt.timedelta(days=REGISTER_DAYS), on
            )
        )
    return result


def public_signatories(partnership: Partnership, on: dt.date | None = None) -> QuerySet:
    """The members the public may read about (`Person.objects.public()`) who serve now or are
    appointed to, and have signed the partnership's Nolan undertaking, each with the day they last
    signed (`last_signed`), by name. One query."""
    on = on or timezone.localdate()
    seats = Membership.objects.public().not_ended(on).filter(person=OuterRef("pk"), body__partnership=partnership)
    return (
        Person.objects.public()
        .filter(partnership=partnership, undertakings__partnership=partnership)
        .filter(Exists(seats))
        .annotate(last_signed=Max("undertakings__signed_on"))
        .order_by("family_name", "given_name", "pk")
    )


STOPWORDS = {"the", "and", "for", "with", "from", "trust", "council", "limited", "ltd", "group", "services", "service"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z']{3,}", text.lower()) if w not in STOPWORDS}


def interests_touching(person: Person, partnership: Partnership, texts: list[str]) -> list[InterestEntry]:
    """The person's current register entries whose organisation or key words appear in `texts`
    (agenda titles and reports): shown before a meeting, so they can declare."""
    agenda_words = set().union(*(_words(t) for t in texts)) if texts else set()
    entries = InterestEntry.objects.current().filter(person=person, partnership=partnership)
    return [e for e in entries if _words(f"{e.organisation_name} {e.description}") & agenda_words]
