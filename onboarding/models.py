"""Invitations to a partnership, and the accounts' own history.

An account is never deleted: it is deactivated, and its history (registered here for Django's
user model) says who did it and why.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from simple_history import register
from simple_history.models import HistoricalRecords

from boards.models import Partnership
from members.models import Person

# Who changed an account, and why ("Account deactivated: left the council"). The password hash
# and the last sign-in stay out of the history.
register(get_user_model(), app="onboarding", excluded_fields=["password", "last_login"])


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mailed link to set a password and join a partnership, as an officer, its chair or a
    member. Signed, expiring and good for one use (`onboarding.tokens`)."""

    class Role(models.TextChoices):
        OFFICER = "officer", "Partnership officer"
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()}, {self.partnership})"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self) -> bool:
        return not self.is_accepted and not self.is_expired
