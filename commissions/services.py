"""The life of a commission: proposed by the chair, established by the board (or the chair under
delegation), staffed, heard from children and families, time-limited, reporting recommendations
the board decides on, and closed. Every step is a service that records who and why."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify

from boards.models import Body, FocusArea, Partnership
from core.audit import check_version, record_version, save_audited
from meetings.models import Action, Resolution
from members.models import Membership, Organisation, Person

from .models import Commission, EvidenceSession, Extension, Recommendation

COMMISSION_ROLES = (Membership.Role.CHAIR, Membership.Role.MEMBER, Membership.Role.ADVISOR, Membership.Role.CO_OPTED)


# The public addresses of the partnership's own pages, beside its bodies' ones.
RESERVED_SLUGS = {"commissions", "meetings", "members", "nolan-principles"}


def _lock(record: Commission | Recommendation) -> None:
    """Lock the row and read it again inside the transaction: a decision taken from a page loaded
    before someone else's is checked against what is recorded now, and two at once queue."""
    record.refresh_from_db(from_queryset=type(record).objects.select_for_update())


def _unique_slug(partnership: Partnership, title: str) -> str:
    base = slugify(title)[:70] or "commission"
    if base in RESERVED_SLUGS:
        base = f"{base}-commission"
    slug, n = base, 2
    while Body.objects.filter(partnership=partnership, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def commission_propose(
    *,
    partnership: Partnership,
    title: str,
    issue: str,
    remit: str,
    focus_areas: list[FocusArea],
    members: list[Person],
    starts_on: dt.date,
    ends_on: dt.date,
    participation_strategy: str,
    by,
    chair: Person | None = None,
) -> Commission:
    """A proposal, with its chair when named (a member of the partnership's register)."""
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": "The end date must be after the start date."})
    if Body.objects.filter(partnership=partnership, name=title.strip()).exists():
        raise ValidationError({"title": "The partnership already has a body with this name."})
    body = save_audited(
        Body(
            partnership=partnership,
            kind=Body.Kind.COMMISSION,
            name=title.strip(),
            slug=_unique_slug(partnership, title),
            quorum=3,
        ),
        by=by,
        reason="Commission proposed",
    )
    commission = save_audited(
        Commission(
            body=body,
            issue=issue,
            remit=remit,
            starts_on=starts_on,
            ends_on=ends_on,
            participation_strategy=participation_strategy.strip(),
        ),
        by=by,
        reason="Commission proposed",
    )
    commission.focus_areas.set(focus_areas)
    if chair is not None:
        if chair.partnership_id != partnership.pk:
            raise ValidationError({"chair": f"{chair} is in another partnership's register."})
        commission_member_add(
            commission=commission,
            person=chair,
            role=Membership.Role.CHAIR,
            voting=True,
            starts_on=starts_on,
            ends_on=None,
            by=by,
        )
    for person in members:
        if chair is not None and person.pk == chair.pk:
            continue  # named as its chair
        commission_member_add(
            commission=commission,
            person=person,
            role=Membership.Role.MEMBER,
            voting=True,
            starts_on=starts_on,
            ends_on=None,
            by=by,
        )
    return commission


def missing_for_establishment(commission: Commission) -> list[str]:
    missing = []
    if not commission.participation_strategy.strip():
        missing.append("a strategy for hearing the voice of children, young people and their families")
    if not commission.remit.strip():
        missing.append("a remit (terms of reference)")
    return missing


@transaction.atomic
def commission_establish(
    *, commission: Commission, resolution: Resolution | None, by_chair: bool, established_on: dt.date, by
) -> Commission:
    """By a resolution of the board, or by the chair where the board has delegated that."""
    _lock(commission)
    partnership = commission.body.partnership
    if commission.status != Commission.Status.PROPOSED:
        raise ValidationError("This commission has already been established.")
    missing = missing_for_establishment(commission)
    if missing:
        raise ValidationError("The commission cannot become active without " + " and ".join(missing) + ".")
    if resolution is not None:
        board_meeting = resolution.meeting
        if board_meeting.body.partnership_id != partnership.pk or board_meeting.body.kind != Body.Kind.BOARD:
            raise ValidationError("Choose a resolution of this partnership's board.")
        commission.established_by_resolution = resolution
    elif by_chair:
        if not partnership.chair_may_establish_commissions:
            raise ValidationError("The board has not delegated the establishment of commissions to the chair.")
        commission.established_by_chair = True
    else:
        raise ValidationError("Link the board resolution that established the commission.")
    commission.status = Commission.Status.ACTIVE
    commission.established_on = established_on
    how = "by the chair under delegation" if by_chair and resolution is None else f"by resolution {resolution}"
    return save_audited(commission, by=by, reason=f"Commission established {how}")


@transaction.atomic
def commission_member_add(
    *,
    commission: Commission,
    person: Person | None = None,
    new_person: dict | None = None,
    role: str,
    voting: bool,
    starts_on: dt.date,
    ends_on: dt.date | None,
    organisation: Organisation | None = None,
    job_title: str = "",
    by,
) -> Membership:
    """A partnership member, a specialist advisor, or a co-opted member added on the spot."""
    if role not in COMMISSION_ROLES:
        raise ValidationError(
            {"role": "Choose chair of the commission, member, specialist advisor or co-opted member."}
        )
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date."})
    if person is None:
        if not new_person or not new_person.get("given_name") or not new_person.get("family_name"):
            raise ValidationError({"person": "Choose a person, or give the name of someone new to co-opt."})
        slug_base = slugify(f"{new_person['given_name']} {new_person['family_name']}") or "person"
        slug, n = slug_base, 2
        partnership = commission.body.partnership
        while Person.objects.filter(partnership=partnership, slug=slug).exists():
            slug, n = f"{slug_base}-{n}", n + 1
        person = save_audited(
            Person(partnership=partnership, slug=slug, **new_person), by=by, reason="Added as a co-opted member"
        )
    body = commission.body
    overlapping = body.memberships.filter(person=person).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise ValidationError({"person": f"{person.full_name} is already a member of this commission."})
    if (
        role == Membership.Role.CHAIR
        and body.memberships.current(starts_on).filter(role=Membership.Role.CHAIR).exists()
    ):
        raise ValidationError({"role": "The commission already has a chair."})
    board_seat = (
        Membership.objects.filter(person=person, body__partnership=body.partnership, body__kind=Body.Kind.BOARD)
        .order_by("-starts_on")
        .first()
    )
    basis = (
        Membership.Basis.EXPERTISE
        if role in (Membership.Role.ADVISOR, Membership.Role.CO_OPTED)
        else (board_seat.basis if board_seat else Membership.Basis.EXPERTISE)
    )
    organisation = organisation or (board_seat.organisation if board_seat else None)
    if basis == Membership.Basis.ORGANISATION and organisation is None:
        basis = Membership.Basis.EXPERTISE
    return save_audited(
        Membership(
            person=person,
            body=body,
            role=role,
            basis=basis,
            organisation=organisation,
            job_title=job_title or (board_seat.job_title if board_seat else ""),
            voting=voting,
            starts_on=starts_on,
            ends_on=ends_on,
        ),
        by=by,
        reason=f"Joined the commission as {Membership.Role(role).label.lower()}",
    )


@transaction.atomic
def evidence_session_add(*, commission: Commission, kind: str, held_on: dt.date, heard: str, summary: str, by):
    return save_audited(
        EvidenceSession(commission=commission, kind=kind, held_on=held_on, heard=heard, summary=summary),
        by=by,
        reason="Evidence or participation session logged",
    )


@transaction.atomic
def commission_extend(
    *,
    commission: Commission,
    new_end: dt.date,
    reason: str,
    resolution: Resolution | None,
    by,
    loaded_version: int | None = None,
) -> Commission:
    """Extend the time limit from the one the decider saw: a second extension decided on a page
    loaded before the first is refused, not silently stacked."""
    _lock(commission)
    check_version(loaded_version, record_version(commission), commission)
    if commission.status not in (Commission.Status.ACTIVE, Commission.Status.REPORTING):
        raise ValidationError("Only an active commission can be extended.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the extension."})
    if new_end <= commission.ends_on:
        raise ValidationError({"new_end": "The new end date must be after the current one."})
    save_audited(
        Extension(
            commission=commission,
            previous_end=commission.ends_on,
            new_end=new_end,
            reason=reason.strip(),
            resolution=resolution,
            decided_on=timezone.localdate(),
            decided_by=by,
        ),
        by=by,
        reason="Extension decided",
    )
    commission.ends_on = new_end
    return save_audited(commission, by=by, reason=f"Time limit extended: {reason.strip()}")


@transaction.atomic
def recommendation_add(*, commission: Commission, text: str, addressed_to: Organisation | None, by) -> Recommendation:
    if commission.status not in (Commission.Status.ACTIVE, Commission.Status.REPORTING):
        raise ValidationError("Recommendations come from an established commission.")
    number = (commission.recommendations.aggregate(last=Max("number"))["last"] or 0) + 1
    return save_audited(
        Recommendation(
            commission=commission,
            number=number,
            text=text,
            addressed_to=addressed_to,
            addressed_to_board=addressed_to is None,
        ),
        by=by,
        reason="Recommendation made",
    )


DECISIONS = (Recommendation.Status.ACCEPTED, Recommendation.Status.ACCEPTED_IN_PART, Recommendation.Status.REJECTED)
PROGRESS = (Recommendation.Status.IN_PROGRESS, Recommendation.Status.IMPLEMENTED)


@transaction.atomic
def recommendation_decide(
    *, recommendation: Recommendation, status: str, resolution: Resolution, response: str, by
) -> Recommendation:
    _lock(recommendation)
    if recommendation.status != Recommendation.Status.PROPOSED:
        raise ValidationError("The board has already decided this recommendation.")
    if status not in DECISIONS:
        raise ValidationError({"status": "Choose accepted, accepted in part or rejected."})
    if resolution.meeting.body.partnership_id != recommendation.commission.body.partnership_id:
        raise ValidationError({"resolution": "Choose a resolution of this partnership."})
    recommendation.status, recommendation.decision, recommendation.response = status, resolution, response
    return save_audited(recommendation, by=by, reason=f"Board decision: {Recommendation.Status(status).label}")


@transaction.atomic
def recommendation_progress(
    *, recommendation: Recommendation, status: str, outcome: str, by, loaded_version: int | None = None
) -> Recommendation:
    _lock(recommendation)
    check_version(loaded_version, record_version(recommendation), recommendation)
    if recommendation.status not in (
        Recommendation.Status.ACCEPTED,
        Recommendation.Status.ACCEPTED_IN_PART,
        Recommendation.Status.IN_PROGRESS,
    ):
        raise ValidationError("Only an accepted recommendation can be put into effect.")
    if status not in PROGRESS:
        raise ValidationError({"status": "Choose in progress or implemented."})
    recommendation.status, recommendation.outcome = status, outcome
    return save_audited(recommendation, by=by, reason=f"Recommendation {Recommendation.Status(status).label.lower()}")


@transaction.atomic
def recommendation_action_add(
    *,
    recommendation: Recommendation,
    description: str,
    owner: Person | None,
    owner_name: str,
    due_on: dt.date | None,
    by,
    due_precision: str = Action.DuePrecision.DAY,
) -> Action:
    if recommendation.status == Recommendation.Status.REJECTED:
        raise ValidationError("A rejected recommendation has no actions.")
    return save_audited(  # the model's constraint asks for an owner
        Action(
            recommendation=recommendation,
            description=description,
            owner=owner,
            owner_name=owner_name.strip(),
            due_on=due_on,
            due_precision=due_precision,
        ),
        by=by,
        reason="Action agreed on a recommendation",
    )


@transaction.atomic
def commission_report(*, commission: Commission, final_report: str, by, on: dt.date | None = None) -> Commission:
    _lock(commission)
    if commission.status != Commission.Status.ACTIVE:
        raise ValidationError("Only an active commission reports.")
    if not final_report.strip():
        raise ValidationError({"final_report": "Write or paste the commission's final report."})
    if not commission.recommendations.exists():
        raise ValidationError("Add the commission's recommendations before it reports.")
    commission.status, commission.final_report = Commission.Status.REPORTING, final_report
    commission.reported_on = on or timezone.localdate()
    return save_audited(commission, by=by, reason="Commission reported")


@transaction.atomic
def commission_close(*, commission: Commission, by, on: dt.date | None = None) -> Commission:
    _lock(commission)
    if commission.status != Commission.Status.REPORTING:
        raise ValidationError("A commission closes after it has reported.")
    if commission.recommendations.filter(status=Recommendation.Status.PROPOSED).exists():
        raise ValidationError("The board has not yet decided every recommendation.")
    commission.status, commission.closed_on = Commission.Status.CLOSED, on or timezone.localdate()
    return save_audited(commission, by=by, reason="Commission closed")
