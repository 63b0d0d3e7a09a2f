"""The invitation link's token: Django's password-reset token machinery, keyed on the
invitation's state, so accepting it (or a newer invitation, or the account's new password)
makes it worthless, and it expires after `INVITATION_EXPIRY_DAYS`."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "onboarding.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, invitation, timestamp) -> str:
        user = invitation.user
        return (
            f"{invitation.pk}|{invitation.email}|{invitation.partnership_id}|{invitation.role}|"
            f"{invitation.accepted_at}|{invitation.expires_at}|{user.pk}|{user.password}|{user.is_active}|{timestamp}"
        )

    def check_token(self, invitation, token) -> bool:
        """As Django's, but the link lives `INVITATION_EXPIRY_DAYS`, not the password-reset
        timeout; an accepted invitation's token no longer matches."""
        if not (invitation and token) or invitation.accepted_at is not None:
            return False
        try:
            ts_b36, _ = str(token).split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(invitation, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return (self._num_seconds(self._now()) - ts) <= settings.INVITATION_EXPIRY_DAYS * 24 * 60 * 60


invitation_token = InvitationTokenGenerator()
