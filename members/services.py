"""Writes to the register: organisations, people, memberships, deputies, Nolan undertakings and
interests. Each checks its rule, records who and why, and is atomic."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.text import slugify

from boards.models import Body, Partnership
from core.audit import check_version, delete_audited, record_version, save_audited
from core.dates import format_date

from .models import (
    NOLAN_PRINCIPLES,
    Deputy,
    InterestEntry,
    InterestRegister,
    Membership,
    NolanUndertaking,
    Organisation,
    Person,
    started_by_q,
)

MEMBERSHIP_CORRECTABLE = (
    "role",
    "basis",
    "organisation",
    "job_title",
    "voting",
    "starts_on",
    "started_before",
    "ends_on",
)

UNDERTAKING_PREAMBLE = (
    "I undertake to uphold the seven principles of public life (the Nolan principles) in my work as a "
    "member of {partnership}:"
)


def undertaking_preamble(partnership: Partnership) -> str:
    """The partnership's undertaking in its own words (`Partnership.nolan_undertaking`), or the
    standard wording: what a member signs, before the seven principles."""
    return partnership.nolan_undertaking.strip() or UNDERTAKING_PREAMBLE.format(partnership=partnership.name)


def undertaking_text(partnership: Partnership) -> str:
    lines = [undertaking_preamble(partnership), ""]
    lines += [f"{name}: {meaning}" for name, meaning in NOLAN_PRINCIPLES]
    return "\n".join(lines)


def _refuse_stale(record, loaded_version: int | None) -> None:
    """An edit made from a copy loaded before someone else's save is refused (StaleEdit). The row
    is locked first, so two saves at once are taken one after the other."""
    if record.pk is None:
        return
    current = type(record)._default_manager.select_for_update().get(pk=record.pk)
    check_version(loaded_version, record_version(current), current)


@transaction.atomic
def organisation_save(*, organisation: Organisation, by, loaded_version: int | None = None) -> Organisation:
    _refuse_stale(organisation, loaded_version)
    reason = "Organisation edited" if organisation.pk else "Organisation added to the register"
    return save_audited(organisation, by=by, reason=reason)


@transaction.atomic
def person_save(*, person: Person, by, loaded_version: int | None = None, reason: str | None = None) -> Person:
    """A person in their partnership's register; their public address (slug) is unique within it."""
    if person.partnership_id is None:
        raise ValidationError("A person is added to one partnership's register.")
    _refuse_stale(person, loaded_version)
    if not person.slug:
        base = slugify(f"{person.given_name} {person.family_name}") or "person"
        slug, n = base, 2
        taken = Person.objects.filter(partnership_id=person.partnership_id).exclude(pk=person.pk)
        while taken.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        person.slug = slug
    reason = reason or ("Person edited" if person.pk else "Person added to the register")
    return save_audited(person, by=by, reason=reason)


def _during_q(membership: Membership) -> Q:
    """Seats whose dates meet this one's. An unknown start (`starts_on` blank) is "since before
    records began": earlier than every recorded date."""
    q = Q(ends_on__isnull=True) | Q(ends_on__gte=membership.effective_start)
    if membership.ends_on:
        q &= started_by_q(membership.ends_on)
    return q


def _overlapping(membership: Membership):
    others = Membership.objects.filter(person=membership.person, body=membership.body, role=membership.role)
    if membership.pk:
        others = others.exclude(pk=membership.pk)
    return others.filter(_during_q(membership))


def _check_membership(membership: Membership) -> None:
    """Refuses overlapping seats of the same person in the same role, an end before the start,
    a start both known and "before" a date, and a second chair at the same time."""
    if membership.starts_on and membership.started_before:
        raise ValidationError({"started_before": "Give either the start date or the date it had started by, not both."})
    if membership.ends_on and membership.ends_on < membership.effective_start:
        raise ValidationError({"ends_on": "A membership cannot end before it starts."})
    if _overlapping(membership).exists():
        raise ValidationError(
            {
                "starts_on": f"{membership.person.full_name} already holds this role on the {membership.body.name} "
                "for part of these dates."
            }
        )
    if membership.role == Membership.Role.CHAIR:
        chairs = Membership.objects.filter(body=membership.body, role=Membership.Role.CHAIR).exclude(pk=membership.pk)
        if chairs.filter(_during_q(membership)).exists():
            raise ValidationError({"role": f"The {membership.body.name} already has a chair for these dates."})


@transaction.atomic
def membership_save(*, membership: Membership, by, reason: str | None = None) -> Membership:
    """A seat on a body (`_check_membership` says what is refused)."""
    _check_membership(membership)
    reason = reason or ("Membership changed" if membership.pk else "Membership added")
    return save_audited(membership, by=by, reason=reason)


def _correction_reason(reason: str, *, doing: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": f"Give the reason for {doing}."})
    return reason


@transaction.atomic
def membership_correct(
    *, membership: Membership, reason: str, by, loaded_version: int | None = None, **values
) -> Membership:
    """Correct a seat recorded wrongly (its dates, role, basis, organisation, job title, vote),
    with the reason, which its history keeps. The same rules as adding one apply."""
    reason = _correction_reason(reason, doing="the correction")
    _refuse_stale(membership, loaded_version)
    current = Membership.objects.select_related("person", "body").get(pk=membership.pk)
    for name in MEMBERSHIP_CORRECTABLE:
        if name in values:
            setattr(current, name, values[name])
    _check_membership(current)
    _check_covers_attendance(current)
    return save_audited(current, by=by, reason=f"Membership corrected: {reason}")


def _check_covers_attendance(membership: Membership) -> None:
    """A corrected seat still covers the meetings its holder is recorded at as a member of the
    body (present, apologies or absent): the minutes of those meetings are the record."""
    recorded = (
        membership.person.attendances.filter(meeting__body=membership.body)
        .exclude(status="substitute")
        .aggregate(first=Min("meeting__starts_at"), last=Max("meeting__starts_at"))
    )
    if recorded["first"] is None:
        return
    first, last = timezone.localtime(recorded["first"]).date(), timezone.localtime(recorded["last"]).date()
    name = membership.person.full_name
    if membership.starts_on and membership.starts_on > first:
        raise ValidationError(
            {
                "starts_on": f"{name} is recorded at the meeting of {format_date(first)} as a member: "
                f"the seat must start on or before that day"
            }
        )
    if membership.ends_on and membership.ends_on < last:
        raise ValidationError(
            {
                "ends_on": f"{name} is recorded at the meeting of {format_date(last)} as a member: "
                f"the seat must end on or after that day"
            }
        )


@transaction.atomic
def membership_withdraw(*, membership: Membership, reason: str, by, loaded_version: int | None = None) -> None:
    """Withdraw a seat recorded in error: it leaves the register, and its history keeps it with
    the reason. (A member who stood down keeps their seat, ended: `membership_end`.)"""
    reason = _correction_reason(reason, doing="withdrawing the membership")
    _refuse_stale(membership, loaded_version)
    delete_audited(membership, by=by, reason=f"Membership withdrawn: {reason}")


@transaction.atomic
def membership_end(*, membership: Membership, ends_on: dt.date, by) -> Membership:
    membership.ends_on = ends_on
    if ends_on < membership.effective_start:
        raise ValidationError({"ends_on": "A membership cannot end before it starts."})
    return save_audited(membership, by=by, reason="Membership ended")


@transaction.atomic
def deputy_add(*, organisation: Organisation, body: Body, person: Person, by) -> Deputy:
    if Deputy.objects.filter(organisation=organisation, body=body, person=person).exists():
        raise ValidationError({"person": f"{person.full_name} is already a named deputy for this seat."})
    return save_audited(Deputy(organisation=organisation, body=body, person=person), by=by, reason="Deputy named")


@transaction.atomic
def undertaking_sign(
    *, person: Person, partnership: Partnership, acknowledged: list[str], by, on: dt.date | None = None
) -> NolanUndertaking:
    """The member signs the undertaking; the text is kept exactly as signed."""
    names = [name for name, _ in NOLAN_PRINCIPLES]
    missing = [name for name in names if name not in acknowledged]
    if missing:
        raise ValidationError({"acknowledged": "Acknowledge each of the seven principles: " + ", ".join(missing) + "."})
    on = on or timezone.localdate()
    existing = NolanUndertaking.objects.filter(person=person, partnership=partnership, signed_on=on).first()
    if existing:
        return existing
    return save_audited(
        NolanUndertaking(
            person=person,
            partnership=partnership,
            signed_on=on,
            text_signed=undertaking_text(partnership),
            principles_acknowledged=names,
        ),
        by=by,
        reason="Nolan undertaking signed",
    )


def undertaking_remind(*, person: Person, partnership: Partnership, by) -> bool:
    """Email the member a reminder to sign. False if there is no address to write to."""
    if not person.email:
        return False
    send_mail(
        subject=f"{partnership.name}: please sign the Nolan undertaking",
        message=(
            f"Dear {person.full_name},\n\nAs a member of {partnership.name} you are asked to sign the undertaking "
            "to uphold the seven principles of public life. Please sign in and sign it from your dashboard.\n\n"
            f"{by.get_full_name() or by.get_username()}\n"
        ),
        from_email=None,
        recipient_list=[person.email],
    )
    return True


@transaction.atomic
def interest_save(*, entry: InterestEntry, by, loaded_version: int | None = None) -> InterestEntry:
    _refuse_stale(entry, loaded_version)
    if entry.ends_on and entry.ends_on < entry.registered_on:
        raise ValidationError({"ends_on": "An interest cannot end before it was registered."})
    return save_audited(entry, by=by, reason="Interest changed" if entry.pk else "Interest registered")


@transaction.atomic
def register_confirm(*, person: Person, partnership: Partnership, by, on: dt.date | None = None) -> InterestRegister:
    on = on or timezone.localdate()
    register = InterestRegister.objects.filter(person=person, partnership=partnership).first() or InterestRegister(
        person=person, partnership=partnership, completed_on=on
    )
    register.completed_on = on
    return save_audited(register, by=by, reason="Register of interests confirmed complete and up to date")
