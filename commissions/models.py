"""Commissions: time-limited investigations set up by the chair.

A commission *is* a body (it meets through the same meeting and minutes machinery); this model
holds what only a commission has: its remit, time limit, status and participation strategy.
"""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from boards.models import Body, FocusArea


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

    history = HistoricalRecords(m2m_fields=[focus_areas])

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
