"""One meeting and minutes machinery for every kind of body: board, groups and commissions.

What the public may see is defined here, once: the `*_public_q(prefix)` helpers (for use across
relations, as Wagtail's `wagtail/query.py` does) and the QuerySet methods that filter with them,
`public()`, `with_public_agenda()`, `with_public_minutes()` and each related model's `public()`.
Every public page, PDF, feed and export starts from them.
"""

import calendar
import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from boards.models import BOARD_MAX_MEETING_LENGTH, Body, meeting_body_q
from core.dates import MONTHS, format_date
from core.validators import MEETING_DATES
from members.models import Person, check_same_partnership

# Schedule 12A to the Local Government Act 1972, Part 1: descriptions of exempt information.
SCHEDULE_12A_PARAGRAPHS = {
    1: "information relating to an individual",
    2: "information likely to reveal the identity of an individual",
    3: "information relating to the financial or business affairs of any particular person",
    4: "information relating to consultations or negotiations in labour relations matters",
    5: "information in respect of which a claim to legal professional privilege could be maintained",
    6: "information revealing an intended notice, order or direction under an enactment",
    7: "information relating to the prevention, investigation or prosecution of crime",
}


def meeting_public_q(prefix: str = "") -> Q:
    """A meeting on the public calendar: date, time, venue and status, cancelled ones included,
    of every body that meets in public (not of a commission that is only proposed). `prefix`
    reaches a meeting across a relation (`"meeting__"` from an item)."""
    return meeting_body_q(f"{prefix}body__")


def agenda_public_q(prefix: str = "") -> Q:
    """A public meeting whose agenda the public may read."""
    return meeting_public_q(prefix) & Q(**{f"{prefix}status__in": Meeting.AGENDA_PUBLIC_STATUSES})


def minutes_public_q(prefix: str = "") -> Q:
    """A public meeting whose minutes the public may read (published or approved)."""
    return meeting_public_q(prefix) & Q(**{f"{prefix}status__in": Meeting.MINUTES_PUBLIC_STATUSES})


def meeting_published_q(prefix: str = "") -> Q:
    """A meeting whose agenda or minutes have reached the public (`Meeting.is_published`): what
    the partnership's members may open."""
    return Q(**{f"{prefix}status__in": Meeting.MINUTES_PUBLIC_STATUSES}) | Q(
        **{f"{prefix}status__in": Meeting.AGENDA_PUBLIC_STATUSES, f"{prefix}agenda_published_at__isnull": False}
    )


class MeetingQuerySet(models.QuerySet):
    def public(self) -> "MeetingQuerySet":
        """The public calendar (`meeting_public_q`), with each meeting's body and partnership
        (its public address). Agenda and minutes have their own, stricter rules."""
        return self.filter(meeting_public_q()).select_related("body__partnership")

    def published(self) -> "MeetingQuerySet":
        """Meetings whose agenda or minutes have reached the public (see `Meeting.is_published`)."""
        return self.filter(meeting_published_q())

    def with_public_agenda(self) -> "MeetingQuerySet":
        return self.public().filter(agenda_public_q())

    def with_public_minutes(self) -> "MeetingQuerySet":
        return self.public().filter(minutes_public_q())

    def upcoming(self, now: dt.datetime | None = None) -> "MeetingQuerySet":
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now: dt.datetime | None = None) -> "MeetingQuerySet":
        return self.filter(starts_at__lt=now or timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        MINUTES_DRAFTED = "minutes_drafted", "Minutes drafted"
        MINUTES_PUBLISHED = "minutes_published", "Minutes published (draft, subject to approval)"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"

    AGENDA_PUBLIC_STATUSES = (
        Status.AGENDA_PUBLISHED,
        Status.HELD,
        Status.MINUTES_DRAFTED,
        Status.MINUTES_PUBLISHED,
        Status.MINUTES_APPROVED,
    )
    MINUTES_PUBLIC_STATUSES = (Status.MINUTES_PUBLISHED, Status.MINUTES_APPROVED)

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    # Copied from the body on save, so that the database itself can hold the board's
    # three-hour limit (a check constraint cannot look across to another table).
    body_kind = models.CharField(max_length=20, choices=Body.Kind.choices, editable=False)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=255)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancellation_reason = models.TextField(blank=True)
    chaired_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings_chaired"
    )
    minutes_taken_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_taken",
        help_text="Who took the minutes.",
    )
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    late_publication_reason = models.TextField(blank=True)
    closed_at = models.TimeField(null=True, blank=True, help_text="When the chair closed the meeting.")
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at_meeting = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_approved_here",
        help_text="The meeting that approved these minutes as a correct record.",
    )
    # Moves, postponements and cancellations (`meetings.services.schedule`): what the public page
    # says ("Moved from …", "Postponed from …: reason"), and the calendar feed's SEQUENCE and
    # DTSTAMP, bumped by each change to when, where or whether the meeting takes place.
    moved_from = models.DateField(
        null=True, blank=True, editable=False, help_text="The day the meeting was arranged for before it last moved."
    )
    postponement_reason = models.TextField(
        blank=True, editable=False, help_text="Why the meeting was postponed, when its last move was a postponement."
    )
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="How many times its date, time, place or status has been revised."
    )
    revised_at = models.DateTimeField(
        default=timezone.now, editable=False, help_text="When its date, time, place or status was last revised."
    )
    # Proposed when an agenda with an exempt item is published; recorded in the minutes.
    exclusion_resolution = models.TextField(
        blank=True, help_text="The resolution to exclude the press and public for the exempt items."
    )
    minutes_future_meetings = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The dates of future meetings as the minutes gave them when first published (frozen then).",
    )
    # A past meeting brought over as the approved record (`meetings.services.historical`): its
    # minutes were approved before the partnership used this service. Shown for openness.
    historical_added_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="For a past meeting brought over with its approved minutes: the day it was added to this site.",
    )
    start_time_recorded = models.BooleanField(
        default=True, editable=False, help_text="False for a past meeting brought over without its start time."
    )

    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message="A meeting must end after it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(body_kind="board") | Q(ends_at__lte=F("starts_at") + BOARD_MAX_MEETING_LENGTH),
                name="meeting_board_at_most_three_hours",
                violation_error_message="A board meeting lasts at most three hours.",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancellation_reason=""),
                name="meeting_cancellation_has_reason",
                violation_error_message="Give a reason for cancelling the meeting.",
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.body.name}, {local.day} {local:%B %Y}"

    def save(self, *args, **kwargs) -> None:
        self.body_kind = self.body.kind
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The public, citable address: partnership, body and date."""
        kwargs = {"slug": self.body.partnership.slug, "body": self.body.slug, "date": self.date.isoformat()}
        return reverse("public:meeting", kwargs=kwargs)

    def clean(self) -> None:
        if self.starts_at and timezone.localtime(self.starts_at).date() not in MEETING_DATES:
            raise ValidationError({"starts_at": MEETING_DATES.message})  # services and the admin too, not only forms
        if self.body_id:
            check_same_partnership(self.body.partnership_id, chaired_by=self.chaired_by if self.chaired_by_id else None)
            check_same_partnership(
                self.body.partnership_id, minutes_taken_by=self.minutes_taken_by if self.minutes_taken_by_id else None
            )
        if self.body_id and self.starts_at and self.ends_at:
            self.body_kind = self.body.kind
            limit = self.body.max_meeting_length
            if limit and self.length > limit:
                raise ValidationError({"ends_at": "A board meeting lasts at most three hours."})

    @property
    def length(self) -> dt.timedelta:
        """Elapsed time, in UTC: subtracting two Europe/London times directly gives wall-clock
        time, which is an hour out on the nights the clocks change."""
        return self.ends_at.astimezone(dt.UTC) - self.starts_at.astimezone(dt.UTC)

    @property
    def date(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def agenda_is_public(self) -> bool:
        return self.status in self.AGENDA_PUBLIC_STATUSES

    @property
    def minutes_are_public(self) -> bool:
        return self.status in self.MINUTES_PUBLIC_STATUSES

    @property
    def is_historical(self) -> bool:
        """A past meeting brought over with its approved minutes (no agenda, no clear-days clock)."""
        return self.historical_added_on is not None

    @property
    def is_published(self) -> bool:
        """Its agenda or its minutes have reached the public (`MeetingQuerySet.published`)."""
        return self.minutes_are_public or (self.agenda_is_public and self.agenda_published_at is not None)


def agenda_item_public_q(prefix: str = "") -> Q:
    """An item the public may read in full: not confidential, on a published agenda."""
    return Q(**{f"{prefix}confidential": False}) & agenda_public_q(f"{prefix}meeting__")


class AgendaItemQuerySet(models.QuerySet):
    def public(self) -> "AgendaItemQuerySet":
        """Items the public may read in full (`agenda_item_public_q`)."""
        return self.filter(agenda_item_public_q())


class AttendanceQuerySet(models.QuerySet):
    def public(self) -> "AttendanceQuerySet":
        """Attendance as recorded in published minutes, with the meeting's public address."""
        return self.filter(minutes_public_q("meeting__")).select_related("meeting__body__partnership")


class MinutedQuerySet(models.QuerySet):
    """Resolutions: recorded against an item in the minutes."""

    def public(self) -> models.QuerySet:
        """Only in published minutes, and only on an item that is not confidential."""
        return self.filter(minutes_public_q("meeting__"), item__confidential=False).select_related(
            "meeting__body__partnership", "item"
        )


class DeclarationQuerySet(models.QuerySet):
    def public(self) -> "DeclarationQuerySet":
        """Declarations in published minutes, on every item, exempt ones included: who declared,
        which interest and what they did are public (the Localism Act 2011); only an exempt item's
        content is not, so a page names such an item by `AgendaItem.public_line`, never its title."""
        return self.filter(minutes_public_q("meeting__")).select_related("meeting__body__partnership", "item")


class AgendaItem(models.Model):
    class Purpose(models.TextChoices):
        DECISION = "decision", "For decision"
        NOTING = "noting", "For noting"
        INFORMATION = "information", "For information"
        VERBAL_UPDATE = "verbal_update", "Verbal update"

    class Kind(models.TextChoices):
        BUSINESS = "", "Business"
        PREVIOUS_MINUTES = "previous_minutes", "Minutes of the previous meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(help_text="The item's number on the agenda.")
    title = models.CharField(max_length=255)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.NOTING)
    presenter = models.CharField(max_length=200, blank=True)
    expected_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    confidential = models.BooleanField(default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(number, f"Paragraph {number}: {text}") for number, text in SCHEDULE_12A_PARAGRAPHS.items()],
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text="Schedule 12A to the Local Government Act 1972.",
    )
    exempt_reason = models.TextField(blank=True)
    # An exempt item's title is public unless the title itself would disclose exempt information.
    title_exempt = models.BooleanField(default=False)
    # The item's number on the public agenda ("7", "7A"), frozen when it is first published, so
    # positions may change afterwards but a published number never shifts. Blank until then.
    number_label = models.CharField(max_length=8, blank=True, editable=False)
    # Who presided for this item, when not the meeting's chair (recorded with the attendance).
    chaired_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="items_chaired"
    )
    # The item at which the minutes of the previous meeting are approved: set by the services that
    # create it (the standard opening items, or the item added at approval), never by its title.
    kind = models.CharField(max_length=20, choices=Kind.choices, blank=True, default=Kind.BUSINESS, editable=False)
    # Bumped by every save through the services: an edit form carries the version it loaded,
    # and a stale save is refused rather than overwriting someone else's change.
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords()

    objects = AgendaItemQuerySet.as_manager()

    EDITABLE_FIELDS = (
        "title",
        "purpose",
        "presenter",
        "expected_minutes",
        "confidential",
        "exempt_paragraph",
        "exempt_reason",
        "title_exempt",
    )

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_unique_position"),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(kind="previous_minutes"),
                name="agenda_item_one_previous_minutes_item",
                violation_error_message="A meeting has one item for the minutes of the previous meeting.",
            ),
            models.CheckConstraint(
                condition=Q(confidential=False)
                | Q(exempt_paragraph__isnull=False, exempt_paragraph__gte=1, exempt_paragraph__lte=7),
                name="agenda_item_confidential_cites_paragraph",
                violation_error_message="A confidential item must cite its Schedule 12A paragraph (1 to 7).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def display_number(self) -> str:
        """The number as published ("7A"), or its place on an agenda not yet published."""
        return self.number_label or str(self.position)

    @property
    def exempt_description(self) -> str:
        """The Schedule 12A paragraph an exempt item cites, as the public may read it."""
        return f"{SCHEDULE_12A_PARAGRAPHS[self.exempt_paragraph]} (paragraph {self.exempt_paragraph})"

    @property
    def public_line(self) -> str:
        """What the public sees as a confidential item's title: the title as typed, unless the
        officer marked the title itself exempt; then only the paragraph it cites."""
        if not self.confidential or not self.title_exempt:
            return self.title
        return f"Exempt item: {self.exempt_description}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"
        IN_ATTENDANCE = "in_attendance", "In attendance"
        SUBSTITUTE = "substitute", "Present as substitute"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="attendances")
    name = models.CharField(max_length=200, blank=True, help_text="For a guest who is not in the register.")
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute_for = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="substituted_by"
    )
    role_shown = models.CharField(max_length=200, blank=True, help_text="Role as written in the minutes.")
    organisation_shown = models.CharField(max_length=200, blank=True)
    # The order of those in attendance: as the officer entered them, or as they chose.
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "person__family_name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_meeting"),
            models.CheckConstraint(
                condition=~Q(status="substitute") | Q(substitute_for__isnull=False),
                name="attendance_substitute_names_member",
                violation_error_message="Say whom the substitute stands in for.",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="attendance_names_someone",
                violation_error_message="Give the name of the person attending.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.get_status_display()}"

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person_id else self.name

    def clean(self) -> None:
        if self.meeting_id:
            check_same_partnership(
                self.meeting.body.partnership_id,
                person=self.person if self.person_id else None,
                substitute_for=self.substitute_for if self.substitute_for_id else None,
            )


class ItemMinutes(models.Model):
    """The minute of one agenda item, in Markdown (rendered sanitised)."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minutes")
    narrative = models.TextField(blank=True)
    public_summary = models.TextField(
        blank=True, help_text="For a confidential item: the one line the public minutes carry."
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "item minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.item}"


class Resolution(models.Model):
    """A decision, "RESOLVED – That …", numbered within the meeting, with how it was decided
    when the minutes record it (by consensus, unanimously, or a vote with its numbers) and who
    proposed and seconded it."""

    class DecidedBy(models.TextChoices):
        NOT_RECORDED = "", "Not recorded"
        CONSENSUS = "consensus", "By consensus"
        UNANIMOUS = "unanimous", "Unanimously"
        VOTE = "vote", "By a vote"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="resolutions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    decided_by = models.CharField(max_length=10, choices=DecidedBy.choices, blank=True, default="")
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions_proposed"
    )
    seconded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions_seconded"
    )

    history = HistoricalRecords()

    objects = MinutedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="resolution_unique_number"),
            models.CheckConstraint(
                condition=(
                    Q(
                        decided_by="vote",
                        votes_for__isnull=False,
                        votes_against__isnull=False,
                        abstentions__isnull=False,
                    )
                    | (
                        ~Q(decided_by="vote")
                        & Q(votes_for__isnull=True, votes_against__isnull=True, abstentions__isnull=True)
                    )
                ),
                name="resolution_votes_only_for_a_vote",
                violation_error_message="Give the votes for, against and abstentions only for a vote.",
            ),
            models.CheckConstraint(
                condition=~Q(decided_by="vote") | Q(votes_for__gte=F("votes_against")),
                name="resolution_vote_carried",
                violation_error_message="A resolution is carried: the votes for cannot be fewer than those against.",
            ),
            models.CheckConstraint(
                condition=Q(proposed_by__isnull=True) | ~Q(proposed_by=F("seconded_by")),
                name="resolution_seconder_is_not_proposer",
                violation_error_message="The seconder must be someone other than the proposer.",
            ),
        ]

    def __str__(self) -> str:
        return f"Resolution {self.number}"

    def clean(self) -> None:
        if self.item_id and self.meeting_id and self.item.meeting_id != self.meeting_id:
            raise ValidationError({"item": "The item must belong to the same meeting."})
        if self.meeting_id:
            check_same_partnership(
                self.meeting.body.partnership_id,
                proposed_by=self.proposed_by if self.proposed_by_id else None,
                seconded_by=self.seconded_by if self.seconded_by_id else None,
            )

    @property
    def decision_summary(self) -> str:
        """How the minutes say it was decided, for example “Carried by 8 votes to 2, with 1
        abstention. Proposed by Ann Smith, seconded by Raj Patel.” Empty when nothing is recorded."""
        parts = []
        if self.decided_by == self.DecidedBy.CONSENSUS:
            parts.append("Agreed by consensus.")
        elif self.decided_by == self.DecidedBy.UNANIMOUS:
            parts.append("Carried unanimously.")
        elif self.decided_by == self.DecidedBy.VOTE:
            votes = f"Carried by {self.votes_for} vote{'' if self.votes_for == 1 else 's'} to {self.votes_against}"
            if self.votes_for == self.votes_against:
                votes += " on the chair's casting vote"
            if self.abstentions:
                votes += f", with {self.abstentions} abstention{'' if self.abstentions == 1 else 's'}"
            parts.append(votes + ".")
        if self.proposed_by_id and self.seconded_by_id:
            parts.append(f"Proposed by {self.proposed_by.full_name}, seconded by {self.seconded_by.full_name}.")
        elif self.proposed_by_id:
            parts.append(f"Proposed by {self.proposed_by.full_name}.")
        elif self.seconded_by_id:
            parts.append(f"Seconded by {self.seconded_by.full_name}.")
        return " ".join(parts)


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    class DuePrecision(models.TextChoices):
        DAY = "day", "A day"
        MONTH = "month", "A month"

    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    recommendation = models.ForeignKey(
        "commissions.Recommendation", null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    owner_name = models.CharField(max_length=200, blank=True, help_text="When the owner is not in the register.")
    due_on = models.DateField(null=True, blank=True)
    due_precision = models.CharField(
        max_length=5,
        choices=DuePrecision.choices,
        default=DuePrecision.DAY,
        help_text="Due by a day, or by the end of a month (then due_on is the month's last day).",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_name=""),
                name="action_has_owner",
                violation_error_message="Every action needs an owner: choose a member or type a name.",
            ),
            models.CheckConstraint(
                condition=Q(meeting__isnull=False) | Q(recommendation__isnull=False),
                name="action_arises_from_meeting_or_recommendation",
                violation_error_message="An action arises from a meeting or a recommendation.",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def due_text(self) -> str:
        """When it is due, as written after "by": 'September 2027' for a month, '30 September
        2027' for a day; empty when it has no due date."""
        if self.due_on is None:
            return ""
        if self.due_precision == self.DuePrecision.MONTH:
            return f"{MONTHS[self.due_on.month - 1]} {self.due_on.year}"
        return format_date(self.due_on, weekday=False)

    def clean(self) -> None:
        by_month = self.due_precision == self.DuePrecision.MONTH
        if self.due_on and by_month:
            last = calendar.monthrange(self.due_on.year, self.due_on.month)[1]
            if self.due_on.day != last:
                raise ValidationError({"due_on": "An action due by a month is due by the month's last day."})
        if self.due_on and self.meeting_id and self.due_on < self.meeting.date:
            day = format_date(self.meeting.date, weekday=False)
            raise ValidationError(
                {"due_month": f"The month it is due by must be the month of the meeting, {day}, or later"}
                if by_month
                else {"due_on": f"The due date must be on or after the day of the meeting, {day}"}
            )
        if self.owner_id and self.meeting_id:
            check_same_partnership(self.meeting.body.partnership_id, owner=self.owner)
        elif self.owner_id and self.recommendation_id:
            check_same_partnership(self.recommendation.commission.body.partnership_id, owner=self.owner)


class Declaration(models.Model):
    """A declaration of interest made at a meeting, on an item."""

    class Kind(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        OTHER = "other", "Other registrable or non-registrable interest"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    nature = models.TextField(help_text="The nature of the interest.")
    left_room = models.BooleanField(default=False)
    took_no_part = models.BooleanField(default=False)

    history = HistoricalRecords()

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="declaration_once_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.item}"

    @property
    def kind_phrase(self) -> str:
        """As the minutes say it: "declared a disclosable pecuniary interest", "declared an other
        registrable or non-registrable interest"."""
        text = self.get_kind_display().lower()
        return f"{'an' if text[:1] in 'aeiou' else 'a'} {text}"

    def clean(self) -> None:
        if self.meeting_id and self.person_id:
            check_same_partnership(self.meeting.body.partnership_id, person=self.person)


class CoverReport(models.Model):
    """A report on an agenda item, in the house format of the council's cover reports."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="report")
    key_decision = models.BooleanField(default=False)
    listed_on_forward_plan = models.BooleanField(default=False)
    within_policy = models.BooleanField(default=True)
    accountable_cabinet_member = models.CharField(max_length=200, blank=True)
    contact_officer = models.CharField(max_length=200, blank=True)
    purpose = models.TextField()
    recommendations = models.TextField()
    policy_implications = models.TextField(blank=True)
    financial_implications = models.TextField(blank=True)
    legal_implications = models.TextField(blank=True)
    equalities_implications = models.TextField(blank=True)
    safeguarding_implications = models.TextField(blank=True)
    other_implications = models.TextField(blank=True)
    background_papers = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords()

    EDITABLE_FIELDS = (
        "key_decision",
        "listed_on_forward_plan",
        "within_policy",
        "accountable_cabinet_member",
        "contact_officer",
        "purpose",
        "recommendations",
        "policy_implications",
        "financial_implications",
        "legal_implications",
        "equalities_implications",
        "safeguarding_implications",
        "other_implications",
        "background_papers",
    )
    IMPLICATIONS = (
        ("policy_implications", "Policy"),
        ("financial_implications", "Financial"),
        ("legal_implications", "Legal"),
        ("equalities_implications", "Equalities"),
        ("safeguarding_implications", "Safeguarding"),
        ("other_implications", "Other"),
    )

    def __str__(self) -> str:
        return f"Report: {self.item.title}"

    @property
    def implications(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, field)) for field, label in self.IMPLICATIONS if getattr(self, field)]


def report_file_path(instance: "ReportFile", filename: str) -> str:
    # The stored name never uses what the uploader called the file.
    return f"papers/{instance.item.meeting_id}/{uuid.uuid4().hex}.{instance.kind}"


class ReportFile(models.Model):
    """A paper attached to an agenda item. Stored outside the static files; served only
    through a view that checks permission."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        XLSX = "xlsx", "Excel spreadsheet"
        ODT = "odt", "OpenDocument text"

    CONTENT_TYPES = {
        Kind.PDF: "application/pdf",
        Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Kind.ODT: "application/vnd.oasis.opendocument.text",
    }

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    file = models.FileField(upload_to=report_file_path, max_length=255)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.kind]

    @property
    def download_name(self) -> str:
        return f"{slugify(self.title) or 'paper'}.{self.kind}"


class AgendaPublicationQuerySet(models.QuerySet):
    def public(self) -> "AgendaPublicationQuerySet":
        return self.filter(agenda_public_q("meeting__"))


class AgendaPublication(models.Model):
    """One publication of a meeting's agenda: number 0 is the agenda, 1, 2, ... supplements.

    At publication the public agenda (public items, the neutral line for exempt ones, public
    reports and the list of public papers) is frozen here with its PDF pack, so what the public
    reads is exactly what was published, until the next supplement."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="publications")
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changes = models.TextField(blank=True, help_text="For a supplement: what changed.")
    late_reason = models.TextField(blank=True)
    deadline = models.DateField()
    snapshot = models.JSONField()
    # The confidential items as published to those entitled to them (members of the body, the
    # officers and the chair), keyed by item id. Never read by a public page.
    restricted = models.JSONField(default=dict, blank=True)
    # For a supplement: what changed, item by item, as the public may read it
    # (`[{"number": "7A", "change": "added", "text": "Item 7A added: ..."}]`).
    change_list = models.JSONField(default=list, blank=True)
    pdf = models.BinaryField(editable=False)

    history = HistoricalRecords(excluded_fields=["pdf", "snapshot", "restricted", "change_list"])

    objects = AgendaPublicationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="publication_unique_number"),
            models.CheckConstraint(
                condition=Q(number=0) | ~Q(changes=""),
                name="supplement_says_what_changed",
                violation_error_message="Say what the supplement changes.",
            ),
        ]

    def __str__(self) -> str:
        return "Agenda" if self.number == 0 else f"Supplement {self.number}"

    @property
    def is_supplement(self) -> bool:
        return self.number > 0

    @property
    def summary_repeats_list(self) -> bool:
        """The officer kept the summary the page proposed (the change list joined): the list
        alone is shown, not the same words twice."""
        return bool(self.change_list) and " ".join(self.changes.split()) == " ".join(
            "; ".join(change["text"] for change in self.change_list).split()
        )


class AgendaProposal(models.Model):
    """An item a planning group member proposes for a coming meeting's agenda."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Awaiting a decision"
        ACCEPTED = "accepted", "Accepted onto the agenda"
        DECLINED = "declined", "Declined"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(max_length=255)
    purpose = models.CharField(max_length=20, choices=AgendaItem.Purpose.choices, default=AgendaItem.Purpose.NOTING)
    details = models.TextField(blank=True, help_text="Why the item should come to this meeting.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decline_reason = models.TextField(blank=True)
    accepted_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    proposed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="proposal_decline_has_reason",
                violation_error_message="Give the proposer a reason for declining.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.meeting_id and self.proposed_by_id:
            check_same_partnership(self.meeting.body.partnership_id, proposed_by=self.proposed_by)


class MinutesCorrection(models.Model):
    """A correction to minutes: agreed when they were approved, or recorded after (they are
    locked then, and change only this way). Shown with the minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField()
    at_approval = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "recorded_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class MinutesPublicationQuerySet(models.QuerySet):
    def public(self) -> "MinutesPublicationQuerySet":
        return self.filter(minutes_public_q("meeting__"))


class MinutesPublication(models.Model):
    """The minutes, rendered once each time they are published, approved or corrected, as a PDF
    and as the HTML of the web page, both served as stored: the web page and the PDF are always
    the same record, and neither is rebuilt from the tables on each visit."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", "Published (draft, subject to approval)"
        APPROVED = "approved", "Approved as a correct record"
        CORRECTED = "corrected", "Correction recorded"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_publications")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.BinaryField(editable=False)
    html = models.TextField(editable=False, blank=True)

    history = HistoricalRecords(excluded_fields=["pdf", "html"])

    objects = MinutesPublicationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="minutes_publication_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.number})"


class PastedMinutesQuerySet(models.QuerySet):
    def live(self, now: dt.datetime | None = None) -> "PastedMinutesQuerySet":
        """Drafts not yet expired (a pasted set is kept for two days, then pasted again)."""
        return self.filter(created_at__gte=(now or timezone.now()) - PastedMinutes.KEPT_FOR)

    def expired(self, now: dt.datetime | None = None) -> "PastedMinutesQuerySet":
        return self.filter(created_at__lt=(now or timezone.now()) - PastedMinutes.KEPT_FOR)


class PastedMinutes(models.Model):
    """A set of minutes pasted by an officer, kept between the preview and its confirmation (issue
    15 §4): the partnership's and that officer's only; once confirmed it names the meeting written,
    so a second confirmation writes nothing."""

    KEPT_FOR = dt.timedelta(days=2)

    partnership = models.ForeignKey("boards.Partnership", on_delete=models.CASCADE, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=255)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = PastedMinutesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "pasted minutes"

    def __str__(self) -> str:
        return f"Minutes pasted for {self.body} on {format_date(timezone.localtime(self.starts_at))}"


def past_minutes_path(instance: "PastMinutes", filename: str) -> str:
    # The stored name never uses what the uploader called the file.
    return f"historical-minutes/{instance.meeting_id}/{uuid.uuid4().hex}.{instance.kind}"


class PastMinutes(models.Model):
    """The approved minutes of a past meeting brought over (`Meeting.historical_added_on`): an
    uploaded document (its text extracted for search) or pasted text. The public reads them as
    rendered once into a `MinutesPublication` of kind approved, like any other minutes."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word document"
        ODT = "odt", "OpenDocument text"
        TEXT = "text", "Pasted text"

    CONTENT_TYPES = {
        Kind.PDF: "application/pdf",
        Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Kind.ODT: "application/vnd.oasis.opendocument.text",
    }

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="past_minutes")
    title = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    file = models.FileField(upload_to=past_minutes_path, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True, help_text="The uploaded file's name, as given.")
    size = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True, help_text="The minutes' text: pasted, or extracted from the document.")
    added_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "past minutes"

    def __str__(self) -> str:
        return self.title or f"Minutes: {self.meeting}"

    @property
    def is_document(self) -> bool:
        return self.kind != self.Kind.TEXT

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.kind]

    @property
    def download_name(self) -> str:
        return f"minutes-{self.meeting.body.slug}-{self.meeting.date.isoformat()}.{self.kind}"


class MinutesArchiveUpload(models.Model):
    """A ZIP of past minutes with its CSV index, kept between the preview and the confirmation
    (never re-posted): only the officer who uploaded it, in its partnership, confirms it, before
    it expires."""

    partnership = models.ForeignKey("boards.Partnership", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    original_name = models.CharField(max_length=255, blank=True)
    data = models.BinaryField(editable=False)
    uploaded_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["data"])

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name or f"Minutes archive {self.pk}"
