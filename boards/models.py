"""Partnerships and the bodies that meet within them.

Many partnerships live in one installation (Milton Keynes, Derby, ...): every governance record
hangs off one, and nothing assumes there is only one.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

BOARD_MAX_MEETING_LENGTH = dt.timedelta(hours=3)


# Words the site's own addresses use beside a partnership's (/manage/<slug>/…, /manage/meetings/…):
# never a partnership's address, so no address of one can shadow another page.
RESERVED_SLUGS = frozenset(
    {
        *("accounts", "actions", "admin", "api", "attendance", "commissions", "feeds", "interests", "invitations"),
        *("items", "manage", "media", "meetings", "new", "papers", "partnerships", "proposals", "recommendations"),
        *("register", "resolutions", "search", "setup", "sign-in", "sign-out", "static"),
    }
)


class Partnership(models.Model):
    class ApprovalWording(models.TextChoices):
        """How the minutes say they were approved: the phrase of the partnership's own standing orders."""

        CORRECT_RECORD = "correct_record", "approved as a correct record"
        TRUE_RECORD = "true_record", "agreed as a true record"

    class ResolutionStyle(models.TextChoices):
        """The heading each decision carries in the minutes."""

        RESOLVED = "resolved", "RESOLVED –"
        AGREED = "agreed", "AGREED –"

    class ItemNumbering(models.TextChoices):
        """How an agenda item's number is written on pages and PDFs: "5." or "5.0"."""

        PLAIN = "plain", "1."
        DECIMAL = "decimal", "1.0"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in public web addresses.")
    area = models.CharField(max_length=200, help_text="The local authority area it serves.")
    vision = models.TextField(
        help_text="The vision in a few short lines, one per line "
        "(for example “Better services / Better connected / Better outcomes”)."
    )
    vision_statement = models.TextField(blank=True)
    participation_statement = models.TextField(blank=True)
    administering_authority = models.CharField(
        max_length=200, blank=True, help_text="The council that provides administrative support."
    )
    nolan_undertaking = models.TextField(
        blank=True,
        help_text="The undertaking members sign to uphold the seven principles of public life, in the "
        "partnership's own words. Leave blank for the standard wording.",
    )
    chair_may_establish_commissions = models.BooleanField(
        default=False,
        help_text="The board has delegated to the chair the power to establish commissions.",
    )
    minutes_approval_wording = models.CharField(
        max_length=20,
        choices=ApprovalWording.choices,
        default=ApprovalWording.CORRECT_RECORD,
        help_text="How the minutes record their approval at a later meeting.",
    )
    resolution_style = models.CharField(
        max_length=20,
        choices=ResolutionStyle.choices,
        default=ResolutionStyle.RESOLVED,
        help_text="The heading of each decision in the minutes.",
    )
    item_numbering = models.CharField(
        max_length=20,
        choices=ItemNumbering.choices,
        default=ItemNumbering.PLAIN,
        help_text="How agenda items are numbered on pages and PDFs.",
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="officer_of",
        blank=True,
        help_text="Partnership officers: the administrative support who run its business.",
    )

    history = HistoricalRecords(m2m_fields=[officers])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:partnership", kwargs={"slug": self.slug})

    @property
    def vision_lines(self) -> list[str]:
        return [line.strip() for line in self.vision.splitlines() if line.strip()]

    @property
    def approval_phrase(self) -> str:
        """“approved as a correct record” or “agreed as a true record”."""
        return self.get_minutes_approval_wording_display()

    @property
    def approval_status(self) -> str:
        """The minutes' status line: “Approved as a correct record”."""
        phrase = self.approval_phrase
        return phrase[0].upper() + phrase[1:]

    @property
    def record_phrase(self) -> str:
        """“a correct record” or “a true record”, as in “Signed as a correct record”."""
        return self.approval_phrase.split(" as ", 1)[1]

    @property
    def resolution_heading(self) -> str:
        """“RESOLVED –” or “AGREED –”."""
        return self.get_resolution_style_display()

    def clean(self) -> None:
        if self.slug and self.slug.lower() in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is a word the site uses in its own addresses: choose another"}
            )

    def item_number(self, number) -> str:
        """An agenda item's number in the house style: "5." or "5.0"; a late item keeps its letter
        ("5A." or "5A.0")."""
        return self.number_in_style(number, self.item_numbering)

    @classmethod
    def number_in_style(cls, number, style: str) -> str:
        """The number written in `style` ("plain" or "decimal"), as an agenda published in it reads."""
        return f"{number}.0" if style == cls.ItemNumbering.DECIMAL else f"{number}."

    @property
    def board(self) -> "Body | None":
        return self.bodies.filter(kind=Body.Kind.BOARD).first()


class PartnershipSlugRedirect(models.Model):
    """An address the partnership had before: a request naming it is sent, permanently, to the
    partnership's address now (`boards.lookup.partnership_redirect`)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="old_slugs")
    old_slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.partnership.slug}"


class FocusArea(models.Model):
    """One of the factors the partnership focuses on (seven in Milton Keynes), in order."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="focus_areas")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "position"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "position"], name="focus_area_unique_position"),
            models.UniqueConstraint(fields=["partnership", "name"], name="focus_area_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Principle(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="principles")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="principle_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Principle {self.number}: {self.title}"


class PrincipleAim(models.Model):
    """An aim under a principle ("The partnership will aim to: ...")."""

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="aims")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["principle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["principle", "position"], name="aim_unique_position"),
        ]

    def __str__(self) -> str:
        return self.text


def meeting_body_q(prefix: str = "") -> Q:
    """The one rule for which bodies meet in public: every body but a commission still only
    proposed. `prefix` reaches a body across a relation (`"body__"` from a meeting or a seat)."""
    return ~Q(**{f"{prefix}kind": Body.Kind.COMMISSION, f"{prefix}commission__status": "proposed"})


class BodyQuerySet(models.QuerySet):
    def public(self) -> "BodyQuerySet":
        """Bodies the public may see: everything but a commission still only proposed."""
        return self.filter(meeting_body_q())

    def meeting_bodies(self) -> "BodyQuerySet":
        """Bodies that hold formal meetings: the public ones."""
        return self.public()


class Body(models.Model):
    """Anything that meets: the board, the planning group, other groups, and commissions.

    One meeting and minutes machinery (the `meetings` app) serves every kind of body.
    """

    class Kind(models.TextChoices):
        BOARD = "board", "Partnership board"
        PLANNING_GROUP = "planning_group", "Planning group"
        GROUP = "group", "Other group"
        COMMISSION = "commission", "Commission"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, help_text="Used in public web addresses.")
    description = models.TextField(blank=True)
    quorum = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Number of voting members needed for a quorate meeting."
    )
    terms_of_reference = models.TextField(blank=True)
    quorum_rule = models.CharField(
        max_length=300,
        blank=True,
        help_text="The quorum in the body's own words (for example “one third of members, including the chair”).",
    )
    usual_venue = models.CharField(max_length=200, blank=True)
    usual_start_time = models.TimeField(null=True, blank=True)
    max_meeting_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The longest a meeting may run, in minutes. Leave blank for the usual: "
        "three hours for the board, no limit for other bodies.",
    )
    meeting_frequency = models.CharField(
        max_length=120, blank=True, help_text="For example “Every two months” or “Quarterly”."
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_telephone = models.CharField(max_length=40, blank=True)

    history = HistoricalRecords()

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "kind", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="body_unique_slug"),
            models.UniqueConstraint(fields=["partnership", "name"], name="body_unique_name"),
            models.UniqueConstraint(
                fields=["partnership"], condition=Q(kind="board"), name="body_one_board_per_partnership"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_board(self) -> bool:
        return self.kind == self.Kind.BOARD

    @property
    def max_meeting_length(self) -> dt.timedelta | None:
        """As the officers set it; otherwise the board "meets as a formal board for up to three
        hours" (seed 002) and other bodies have no limit."""
        if self.max_meeting_minutes:
            return dt.timedelta(minutes=self.max_meeting_minutes)
        return BOARD_MAX_MEETING_LENGTH if self.is_board else None

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_email or self.contact_telephone)


@dataclass(frozen=True)
class PrincipleWithAims:
    number: int
    title: str
    aims: list[str]


def principles_with_aims(partnership: Partnership) -> list[PrincipleWithAims]:
    """The partnership's principles in order, each with its aims in order: one query (a principle
    with no aim yet comes once, with `None` for its aim)."""
    rows = Principle.objects.filter(partnership=partnership).order_by("number", "aims__position")
    principles: dict[int, PrincipleWithAims] = {}
    for number, title, aim in rows.values_list("number", "title", "aims__text"):
        principle = principles.setdefault(number, PrincipleWithAims(number, title, []))
        if aim is not None:
            principle.aims.append(aim)
    return list(principles.values())
