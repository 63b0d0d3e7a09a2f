"""Commissions: time-limited investigations set up by the chair.

A commission *is* a body (it meets through the same meeting and minutes machinery); this model
holds what only a commission has: its remit, time limit, status and participation strategy.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import Body, FocusArea
from core.dates import format_date
from meetings.models import Resolution
from members.models import Membership, Organisation


class CommissionQuerySet(models.QuerySet):
    def public(self) -> "CommissionQuerySet":
        """Established commissions: active, reporting or closed. A proposal is not public."""
        return self.exclude(status=Commission.Status.PROPOSED).select_related("body__partnership")

    def ending_within(self, days: int, today: dt.date | None = None) -> "CommissionQuerySet":
        today = today or timezone.localdate()
        return self.filter(status=Commission.Status.ACTIVE, ends_on__lte=today + dt.timedelta(days=days))


class Commission(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        REPORTING = "reporting", "Reporting"
        CLOSED = "closed", "Closed"

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="commission")
    issue = models.TextField(help_text="The issue the partnership identified as requiring attention.")
    remit = models.TextField(help_text="Terms of reference.")
    focus_areas = models.ManyToManyField(FocusArea, related_name="commissions", blank=True)
    participation_strategy = models.TextField(
        blank=True,
        help_text="How the voice of children, young people and their families will be heard.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The time limit: every commission must end.")
    established_on = models.DateField(null=True, blank=True)
    established_by_resolution = models.ForeignKey(
        Resolution, null=True, blank=True, on_delete=models.PROTECT, related_name="commissions_established"
    )
    established_by_chair = models.BooleanField(
        default=False, help_text="Established by the chair under powers the board has delegated."
    )
    final_report = models.TextField(blank=True)
    reported_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[focus_areas])

    objects = CommissionQuerySet.as_manager()

    class Meta:
        ordering = ["ends_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="commission_ends_after_start",
                violation_error_message="The end date must be after the start date.",
            ),
            models.CheckConstraint(
                condition=Q(status="proposed") | ~Q(participation_strategy=""),
                name="commission_active_needs_participation_strategy",
                violation_error_message=(
                    "A commission cannot become active without a strategy for hearing children, "
                    "young people and families."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.body.name

    def get_absolute_url(self) -> str:
        return reverse(
            "commissions:public_detail", kwargs={"slug": self.body.partnership.slug, "commission": self.body.slug}
        )

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.ACTIVE and self.ends_on < timezone.localdate()

    @property
    def starts_later(self) -> bool:
        """Established, but its start date is still to come: not yet active."""
        return self.status == self.Status.ACTIVE and self.starts_on > timezone.localdate()

    @property
    def status_text(self) -> str:
        """The status as a clerk says it: "Established — starts on 1 March 2027" before its start
        date, "Past its end date" once over time, otherwise the status's own name."""
        if self.starts_later:
            return f"Established — starts on {format_date(self.starts_on, weekday=False)}"
        if self.is_overdue:
            return "Past its end date"
        if self.status == self.Status.REPORTING:
            return "Reported"
        return self.get_status_display()


def current_chair(seats: Iterable[Membership], on: dt.date | None = None) -> Membership | None:
    """The commission's chair among its `seats`: the one serving on `on` (today), or else the one
    appointed to start soonest; a chair whose term has ended is not its chair."""
    on = on or timezone.localdate()
    chairs = sorted(
        (seat for seat in seats if seat.role == Membership.Role.CHAIR and (seat.ends_on is None or seat.ends_on >= on)),
        key=lambda seat: seat.effective_start,
    )
    serving = [seat for seat in chairs if seat.effective_start <= on]
    return serving[-1] if serving else (chairs[0] if chairs else None)


class Extension(models.Model):
    """A recorded decision to extend a commission's time limit, with its reason."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="extensions")
    previous_end = models.DateField()
    new_end = models.DateField()
    reason = models.TextField()
    resolution = models.ForeignKey(Resolution, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["commission", "decided_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_end__gt=F("previous_end")),
                name="extension_moves_the_end_later",
                violation_error_message="An extension must move the end date later.",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="extension_has_reason", violation_error_message="Give the reason."
            ),
        ]

    def __str__(self) -> str:
        return f"Extended to {self.new_end}"


class EvidenceSession(models.Model):
    """An evidence or participation session: who was heard (groups, never children's names)."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", "Evidence session"
        PARTICIPATION = "participation", "Participation session with children, young people or families"

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    held_on = models.DateField()
    heard = models.TextField(help_text="Who was heard: groups and organisations, never children's names.")
    summary = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["commission", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.held_on}"


class Recommendation(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed to the board"
        ACCEPTED = "accepted", "Accepted"
        ACCEPTED_IN_PART = "accepted_in_part", "Accepted in part"
        REJECTED = "rejected", "Rejected"
        IN_PROGRESS = "in_progress", "In progress"
        IMPLEMENTED = "implemented", "Implemented"

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    addressed_to_board = models.BooleanField(default=True)
    addressed_to = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    decision = models.ForeignKey(
        Resolution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations_decided",
        help_text="The board's resolution accepting or rejecting it.",
    )
    response = models.TextField(blank=True)
    outcome = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["commission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "number"], name="recommendation_unique_number"),
            models.CheckConstraint(
                condition=Q(addressed_to_board=True) | Q(addressed_to__isnull=False),
                name="recommendation_is_addressed",
                violation_error_message="Address the recommendation to the board or to an organisation.",
            ),
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(decision__isnull=False),
                name="recommendation_decision_links_resolution",
                violation_error_message="Link the board's resolution that decided the recommendation.",
            ),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    @property
    def addressee(self) -> str:
        return "The partnership board" if self.addressed_to_board else str(self.addressed_to)
