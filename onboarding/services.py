"""Setting up a partnership: the only writers of invitations, accounts and settings. Each checks
its rule, writes through `core.audit.save_audited` with a reason, and sends mail on commit."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from boards.models import Body, FocusArea, Partnership, PartnershipSlugRedirect, Principle, PrincipleAim
from core.audit import check_version, delete_audited, record_version, save_audited
from members.models import Person

from .models import Invitation
from .tokens import invitation_token

User = get_user_model()


# -- Accounts and invitations ----------------------------------------------------------------------


def _account_for(email: str, *, by) -> "User":
    """The account for `email`: the existing one (any case), else a new one that cannot sign in
    until its owner sets a password from the invitation."""
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User.objects.filter(username__iexact=email).order_by("pk").first()
    if user is not None:
        if not user.is_active:
            raise ValidationError({"email": "That e-mail address cannot be invited: ask the platform administrator"})
        return user
    user = User(username=email.lower()[:150], email=email)
    user.set_unusable_password()
    return save_audited(user, by=by, reason="Account created for an invitation")


def invitation_link(invitation: Invitation, *, site_url: str) -> str:
    path = reverse("onboarding:accept", kwargs={"pk": invitation.pk, "token": invitation_token.make_token(invitation)})
    return site_url.rstrip("/") + path


def _send_invitation(invitation: Invitation, *, site_url: str) -> None:
    link = invitation_link(invitation, site_url=site_url)
    inviter = invitation.invited_by
    who = (inviter.get_full_name() or inviter.get_username()) if inviter else "The partnership"
    days = settings.INVITATION_EXPIRY_DAYS
    message = (
        f"Hello,\n\n{who} has invited you to {invitation.partnership.name} as "
        f"{invitation.get_role_display().lower()}.\n\n"
        f"Follow this link to set your password and sign in:\n\n{link}\n\n"
        f"The link works once and expires in {days} days. If you did not expect this e-mail, ignore it.\n"
    )
    recipient = invitation.email
    subject = f"Your invitation to {invitation.partnership.name}"
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=message, from_email=None, recipient_list=[recipient])
    )


@transaction.atomic
def invitation_send(
    *,
    partnership: Partnership,
    email: str,
    role: str,
    by,
    site_url: str,
    person: Person | None = None,
) -> Invitation:
    """Invite someone to the partnership: their account (made now if need be) becomes one of its
    officers (role officer) or is linked to their entry in the register (chair or member); the
    invitation is e-mailed once the transaction commits."""
    if role not in Invitation.Role.values:
        raise ValidationError({"role": "Choose the role from the list"})
    if person is not None and person.partnership_id != partnership.pk:
        raise ValidationError({"person": "Choose someone from this partnership's register"})
    if role != Invitation.Role.OFFICER and person is None:
        raise ValidationError({"person": "Choose the person in the register this account belongs to"})
    user = _account_for(email, by=by)
    if person is not None:
        if person.user_id is not None and person.user_id != user.pk:
            raise ValidationError({"person": f"{person.full_name} already has a different account"})
        if Person.objects.filter(user=user).exclude(pk=person.pk).exists():
            # Named nowhere: the account may be another partnership's.
            raise ValidationError({"email": "That e-mail address belongs to another account: check it with the person"})
    # Nothing is granted until the invitation is accepted: an existing account (perhaps another
    # partnership's) becomes an officer, or is linked to the register, only by its owner's hand.
    now = timezone.now()
    invitation = save_audited(
        Invitation(
            partnership=partnership,
            invited_by=by,
            user=user,
            email=user.email or email,
            role=role,
            person=person,
            created_at=now,
            expires_at=now + dt.timedelta(days=settings.INVITATION_EXPIRY_DAYS),
        ),
        by=by,
        reason=f"Invited as {Invitation.Role(role).label.lower()}",
    )
    _send_invitation(invitation, site_url=site_url)
    return invitation


def invitation_check(invitation: Invitation, token: str) -> bool:
    """Whether the link is good: the right token, not used, not expired, an active account."""
    return invitation.is_usable and invitation.user.is_active and invitation_token.check_token(invitation, token)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, token: str, password: str):
    """The invited person sets their password: the link is used up and the account can sign in."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not invitation_check(invitation, token):
        raise ValidationError("This invitation link has expired or has already been used.")
    user = invitation.user
    user.set_password(password)
    save_audited(user, by=user, reason="Password set from an invitation")
    invitation.accepted_at = timezone.now()
    save_audited(invitation, by=user, reason="Invitation accepted")
    partnership, person = invitation.partnership, invitation.person
    if invitation.role == Invitation.Role.OFFICER and not partnership.officers.filter(pk=user.pk).exists():
        partnership._change_reason = f"{user.email or user.username} accepted an invitation as an officer"
        partnership.officers.add(user)
    if person is not None:
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.user_id not in (None, user.pk) or Person.objects.filter(user=user).exclude(pk=person.pk).exists():
            raise ValidationError("This invitation can no longer be used: ask the partnership's officer for another.")
        if person.user_id is None:
            person.user = user
            save_audited(person, by=user, reason=f"Account {user.email or user.username} linked to the register")
    return user


def account_users(partnership: Partnership):
    """The accounts an officer of the partnership looks after: its officers, the accounts of
    people in its register, and those it has invited. (One that works for another partnership
    too is listed but cannot be deactivated from here.)"""
    return User.objects.filter(
        Q(pk__in=partnership.officers.values("pk"))
        | Q(pk__in=Person.objects.filter(partnership=partnership).values("user"))
        | Q(pk__in=Invitation.objects.filter(partnership=partnership).values("user"))
    ).order_by("username")


@transaction.atomic
def account_deactivate(*, partnership: Partnership, user, reason: str, by):
    """Deactivate an account of the partnership (never delete it): it can no longer sign in, and
    its history says who did it and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the account is being deactivated"})
    if user.pk == by.pk:
        raise ValidationError({"reason": "You cannot deactivate your own account"})
    if not account_users(partnership).filter(pk=user.pk).exists():
        raise ValidationError({"reason": "This account is not one of this partnership's"})
    elsewhere = Person.objects.filter(user=user).exclude(partnership=partnership).exists()
    if user.is_staff or elsewhere or user.officer_of.exclude(pk=partnership.pk).exists():
        raise ValidationError({"reason": "This account works for another partnership too: ask the administrator"})
    if not user.is_active:
        raise ValidationError({"reason": "This account is already deactivated"})
    user.is_active = False
    return save_audited(user, by=by, reason=f"Account deactivated: {reason}")


# -- The partnership's settings --------------------------------------------------------------------


@transaction.atomic
def partnership_create(
    *, name: str, slug: str, area: str, vision: str, officer_email: str, by, site_url: str
) -> tuple[Partnership, Invitation]:
    """A platform administrator sets up a partnership, with its board, and invites its first officer."""
    if not getattr(by, "is_staff", False):
        raise ValidationError("Only a platform administrator can create a partnership.")
    if PartnershipSlugRedirect.objects.filter(old_slug=slug).exists():
        raise ValidationError({"slug": "Another partnership used this address before: choose another"})
    partnership = save_audited(
        Partnership(name=name, slug=slug, area=area, vision=vision), by=by, reason="Partnership created"
    )
    save_audited(
        Body(
            partnership=partnership,
            kind=Body.Kind.BOARD,
            name=f"{name} Board"[:200],
            slug="board",
            max_meeting_minutes=180,
        ),
        by=by,
        reason="Board created with the partnership",
    )
    invitation = invitation_send(
        partnership=partnership, email=officer_email, role=Invitation.Role.OFFICER, by=by, site_url=site_url
    )
    return partnership, invitation


@transaction.atomic
def partnership_update(*, partnership: Partnership, by, loaded_version: int | None = None) -> Partnership:
    """Save the partnership's settings (already set on `partnership`). A new address keeps the
    old one working: it is recorded, and answers with a permanent redirect."""
    current = Partnership.objects.select_for_update().get(pk=partnership.pk)
    check_version(loaded_version, record_version(current), current)
    if current.slug != partnership.slug:
        taken = PartnershipSlugRedirect.objects.filter(old_slug=partnership.slug).exclude(partnership=partnership)
        if taken.exists():
            raise ValidationError({"slug": "Another partnership used this address before: choose another"})
        for back in PartnershipSlugRedirect.objects.filter(old_slug=partnership.slug):
            delete_audited(back, by=by, reason="The partnership took its old address back")
        existing = PartnershipSlugRedirect.objects.filter(old_slug=current.slug).first()
        if existing is None:
            save_audited(
                PartnershipSlugRedirect(partnership=partnership, old_slug=current.slug),
                by=by,
                reason=f"Address changed to {partnership.slug}",
            )
    return save_audited(partnership, by=by, reason="Partnership settings changed")


@transaction.atomic
def body_save(*, body: Body, by, loaded_version: int | None = None) -> Body:
    """Add or change a body (board, planning group, other group). Commissions keep their own route."""
    if body.kind == Body.Kind.COMMISSION:
        raise ValidationError({"kind": "Commissions are proposed and established from the commissions pages"})
    if body.pk is not None:
        current = Body.objects.select_for_update().get(pk=body.pk)
        check_version(loaded_version, record_version(current), current)
        reason = f"{body.name}: settings changed"
    else:
        reason = f"{body.name} added"
    if body.kind == Body.Kind.BOARD:
        other_board = Body.objects.filter(partnership=body.partnership, kind=Body.Kind.BOARD).exclude(pk=body.pk)
        if other_board.exists():
            raise ValidationError({"kind": "The partnership has a board already"})
    return save_audited(body, by=by, reason=reason)


def parse_principles(text: str) -> list[tuple[str, list[str]]]:
    """Principles typed as blocks separated by a blank line: the first line the title, each
    further line an aim (a leading "-" or "•" is dropped)."""
    blocks: list[tuple[str, list[str]]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip().lstrip("-•*").strip() for line in block.splitlines() if line.strip()]
        if lines:
            blocks.append((lines[0], lines[1:]))
    return blocks


@transaction.atomic
def focus_areas_and_principles_save(
    *, partnership: Partnership, focus_areas: list[str], principles: list[tuple[str, list[str]]], by
) -> None:
    """Replace the focus areas and principles with the lists given, in order, keeping rows that
    did not change (so their history shows only real changes)."""
    if len(set(map(str.casefold, focus_areas))) != len(focus_areas):
        raise ValidationError({"focus_areas": "Each focus area must have a different name"})
    existing = list(FocusArea.objects.filter(partnership=partnership).order_by("position"))
    for area in existing[len(focus_areas) :]:
        delete_audited(area, by=by, reason="Focus area removed")
    # Move kept rows out of the way of the unique (partnership, name) and position constraints.
    kept = existing[: len(focus_areas)]
    for offset, area in enumerate(kept):
        if area.name != focus_areas[offset]:
            area.name = f"~{area.pk}~"
            area.position = 1000 + offset
            save_audited(area, by=by, reason="Focus areas reordered")
    for position, name in enumerate(focus_areas, start=1):
        if position <= len(kept):
            area = kept[position - 1]
            if area.name != name or area.position != position:
                area.name, area.position = name, position
                save_audited(area, by=by, reason="Focus area changed")
        else:
            save_audited(
                FocusArea(partnership=partnership, position=position, name=name), by=by, reason="Focus area added"
            )
    current = {p.number: p for p in Principle.objects.filter(partnership=partnership).prefetch_related("aims")}
    for number, principle in current.items():
        if number > len(principles):
            for aim in principle.aims.all():
                delete_audited(aim, by=by, reason="Principle removed")
            delete_audited(principle, by=by, reason="Principle removed")
    for number, (title, aims) in enumerate(principles, start=1):
        principle = current.get(number)
        if principle is None:
            principle = save_audited(
                Principle(partnership=partnership, number=number, title=title), by=by, reason="Principle added"
            )
            old_aims = []
        else:
            if principle.title != title:
                principle.title = title
                save_audited(principle, by=by, reason="Principle changed")
            old_aims = list(principle.aims.all())
        if [aim.text for aim in old_aims] == aims:
            continue
        for aim in old_aims:
            delete_audited(aim, by=by, reason="Principle's aims changed")
        for position, text in enumerate(aims, start=1):
            save_audited(
                PrincipleAim(principle=principle, position=position, text=text),
                by=by,
                reason="Principle's aims changed",
            )
