"""The register: organisations, people, their memberships, Nolan undertakings and interests."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import Body, Partnership, meeting_body_q

NOLAN_PRINCIPLES: list[tuple[str, str]] = [
    (
        "Selflessness",
        "Holders of public office should act solely in terms of the public interest.",
    ),
    (
        "Integrity",
        "Holders of public office must avoid placing themselves under any obligation to people or "
        "organisations that might try inappropriately to influence them in their work. They should "
        "not act or take decisions in order to gain financial or other material benefits for "
        "themselves, their family, or their friends. They must declare and resolve any interests "
        "and relationships.",
    ),
    (
        "Objectivity",
        "Holders of public office must act and take decisions impartially, fairly and on merit, "
        "using the best evidence and without discrimination or bias.",
    ),
    (
        "Accountability",
        "Holders of public office are accountable to the public for their decisions and actions "
        "and must submit themselves to the scrutiny necessary to ensure this.",
    ),
    (
        "Openness",
        "Holders of public office should act and take decisions in an open and transparent manner. "
        "Information should not be withheld from the public unless there are clear and lawful "
        "reasons for so doing.",
    ),
    (
        "Honesty",
        "Holders of public office should be truthful.",
    ),
    (
        "Leadership",
        "Holders of public office should exhibit these principles in their own behaviour and treat "
        "others with respect. They should actively promote and robustly support the principles "
        "and challenge poor behaviour wherever it occurs.",
    ),
]


class Organisation(models.Model):
    """An agency, forum or party that members represent, within one partnership's register."""

    class Sector(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        HEALTH = "health", "Health"
        POLICE = "police", "Police"
        PROBATION = "probation", "Probation"
        EDUCATION = "education", "Schools and colleges"
        EARLY_YEARS = "early_years", "Early years"
        VOLUNTARY = "voluntary", "Community and voluntary sector"
        EMPLOYMENT = "employment", "Employment and benefits"
        SAFEGUARDING = "safeguarding", "Safeguarding"
        YOUTH = "youth", "Youth voice"
        POLITICAL_PARTY = "political_party", "Political party"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="For example “MKC”.")
    sector = models.CharField(max_length=20, choices=Sector.choices)
    duty_to_cooperate = models.BooleanField(
        default=False,
        help_text="Carries the duty to cooperate under section 10 of the Children Act 2004.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet):
    def in_partnership(self, partnership: Partnership) -> "PersonQuerySet":
        """The partnership's register of people (with a seat or not yet), by name."""
        return self.filter(partnership=partnership).order_by("family_name", "given_name")

    def public(self) -> "PersonQuerySet":
        """People the public may read about: those with a seat, now or before, on a body that
        meets in public (`Membership.objects.public()`); only their names and address."""
        seats = Membership.objects.public().filter(person=OuterRef("pk"))
        return self.filter(Exists(seats)).only("partnership", "honorific", "given_name", "family_name", "slug")


class Person(models.Model):
    """Someone who serves on, advises or attends a body, in one partnership's register. Contact
    details stay private: only that partnership's officers read them."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    honorific = models.CharField(max_length=40, blank=True, help_text="For example “Councillor”, “Dr”.")
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, help_text="Used in public web addresses; unique within the partnership.")
    email = models.EmailField(blank=True, help_text="Private: never shown to the public.")
    phone = models.CharField(max_length=40, blank=True, help_text="Private: never shown to the public.")

    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "slug"],
                name="person_unique_slug_in_partnership",
                violation_error_message="Someone in this partnership's register already has this web address.",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return self.join_name(self.honorific, self.given_name, self.family_name)

    @staticmethod
    def join_name(*parts: str) -> str:
        return " ".join(part for part in parts if part)


def check_same_partnership(partnership_id: int | None, **records) -> None:
    """Refuse a record that joins a person, organisation or body of another partnership's register
    to this one (a form offers only the partnership's own; this holds for every other path)."""
    errors = {}
    for field, record in records.items():
        if record is not None and partnership_id is not None and record.partnership_id != partnership_id:
            errors[field] = f"{record} is in another partnership's register."
    if errors:
        raise ValidationError(errors)


def not_ended_q(on: dt.date, prefix: str = "") -> Q:
    """Memberships not ended by `on`: open-ended or ending that day or later. `prefix` reaches
    them across a relation (`"memberships__"` from a body)."""
    return Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})


def started_by_q(on: dt.date, prefix: str = "") -> Q:
    """Memberships started by `on`: a known start that day or before, or an unknown start (an
    imported seat "since before records began", `Membership.started_before`), counted as started."""
    return Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__lte": on})


def membership_public_q(prefix: str = "") -> Q:
    """A seat the public may see: on a body that meets in public. `prefix` reaches it across a
    relation (`"memberships__"` from a person)."""
    return meeting_body_q(f"{prefix}body__")


class MembershipQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None) -> "MembershipQuerySet":
        on = on or timezone.localdate()
        return self.not_ended(on).filter(started_by_q(on))

    def not_ended(self, on: dt.date | None = None) -> "MembershipQuerySet":
        """Serving now or appointed to start later (a commission's members before it begins)."""
        return self.filter(not_ended_q(on or timezone.localdate()))

    def public(self) -> "MembershipQuerySet":
        """Seats the public may see (on a body that meets in public: `membership_public_q`) and
        what the public register shows of them: name, role, organisation and dates; no contact
        details. Add `current()` or `not_ended()` for the seats held now."""
        return (
            self.filter(membership_public_q())
            .select_related("person", "organisation", "body")
            .only(
                "role",
                "job_title",
                "basis",
                "voting",
                "starts_on",
                "started_before",
                "ends_on",
                "person__honorific",
                "person__given_name",
                "person__family_name",
                "person__slug",
                "organisation__name",
                "organisation__short_name",
                "organisation__sector",
                "organisation__duty_to_cooperate",
                "body__name",
                "body__slug",
                "body__kind",
            )
        )

    def by_name(self) -> "MembershipQuerySet":
        return self.order_by("person__family_name", "person__given_name", "pk")


class Membership(models.Model):
    """A person's seat on a body, with a role, for a period. Ending one role and taking
    another is a second membership: the person keeps one history."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        CO_OPTED = "co_opted", "Co-opted member"
        ADVISOR = "advisor", "Specialist advisor"
        OFFICER = "officer", "Officer in attendance"

    class Basis(models.TextChoices):
        """What the seat represents, from seed 002's membership rules."""

        ORGANISATION = "organisation", "Senior leader of a partner organisation"
        CABINET_MEMBER = "cabinet_member", "Cabinet member for children and young people"
        POLITICAL_PARTY = "political_party", "Political party on the council"
        SAFEGUARDING_CHAIR = "safeguarding_chair", "Chair of the Safeguarding Children Board"
        YOUTH_CABINET = "youth_cabinet", "Youth Cabinet"
        EXPERTISE = "expertise", "Chosen for expertise or interest"
        SUPPORT = "support", "Administrative support"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    basis = models.CharField(max_length=20, choices=Basis.choices, default=Basis.ORGANISATION)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="The organisation, party or forum represented.",
    )
    job_title = models.CharField(max_length=200, blank=True, help_text="As listed in minutes.")
    voting = models.BooleanField(default=True)
    starts_on = models.DateField(
        null=True, blank=True, help_text="Blank when the start is not known (a seat held before records began)."
    )
    started_before = models.DateField(
        null=True,
        blank=True,
        help_text="For a seat whose start is not known: a day by which it had begun, for example the date of the "
        "earliest minutes that name the member.",
    )
    ends_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="membership_ends_after_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["body"],
                condition=Q(role="chair", ends_on__isnull=True),
                name="membership_one_open_chair_per_body",
                violation_error_message="This body already has a chair.",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(started_before__isnull=True),
                name="membership_start_known_or_before",
                violation_error_message="Give either the start date or the date it had started by, not both.",
            ),
            models.CheckConstraint(
                condition=~Q(basis="organisation") | Q(organisation__isnull=False),
                name="membership_organisation_basis_names_organisation",
                violation_error_message="Name the organisation this member represents.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.body}"

    def clean(self) -> None:
        if self.body_id:
            check_same_partnership(
                self.body.partnership_id,
                person=self.person if self.person_id else None,
                organisation=self.organisation if self.organisation_id else None,
            )

    @property
    def represents(self) -> str:
        """The organisation represented, or else the basis of the seat ("Youth Cabinet")."""
        return self.organisation.name if self.organisation_id else self.get_basis_display()

    @property
    def starts_later(self) -> bool:
        """Appointed to start after today (never a seat whose start is unknown)."""
        return self.starts_on is not None and self.starts_on > timezone.localdate()

    @property
    def start_known(self) -> bool:
        return self.starts_on is not None

    @property
    def effective_start(self) -> dt.date:
        """The start for comparing dates: an unknown start is before every recorded date."""
        return self.starts_on or dt.date.min


class NolanUndertaking(models.Model):
    """A member's signed undertaking to uphold the seven principles of public life.

    The text is stored as signed, so a later change of wording never rewrites what was signed.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="undertakings")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="undertakings")
    signed_on = models.DateField()
    text_signed = models.TextField()
    principles_acknowledged = models.JSONField(
        default=list, help_text="The names of the principles the member acknowledged."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_on"]
        constraints = [
            models.UniqueConstraint(fields=["person", "partnership", "signed_on"], name="undertaking_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.person} signed {self.signed_on:%d %B %Y}"

    def clean(self) -> None:
        check_same_partnership(self.partnership_id, person=self.person if self.person_id else None)


class InterestQuerySet(models.QuerySet):
    def current(self, on: dt.date | None = None) -> "InterestQuerySet":
        on = on or timezone.localdate()
        return self.filter(Q(registered_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gte=on))

    def public(self) -> "InterestQuerySet":
        """The public register: current entries, by category. Of a sensitive interest only its
        category and that it exists (Localism Act 2011, s.32): its description and organisation
        never leave the database (`public_description`, `public_organisation` are blank)."""
        return (
            self.current()
            .annotate(
                public_description=Case(
                    When(sensitive=True, then=Value("")), default=F("description"), output_field=models.TextField()
                ),
                public_organisation=Case(
                    When(sensitive=True, then=Value("")),
                    default=F("organisation_name"),
                    output_field=models.CharField(),
                ),
            )
            .only("person", "partnership", "category", "sensitive", "registered_on", "ends_on")
            .order_by("category", "registered_on")
        )


class InterestEntry(models.Model):
    """An entry in a member's register of interests (Localism Act 2011 categories)."""

    class Category(models.TextChoices):
        EMPLOYMENT = "employment", "Employment, office, trade, profession or vocation"
        SPONSORSHIP = "sponsorship", "Sponsorship"
        CONTRACTS = "contracts", "Contracts"
        LAND = "land", "Land"
        LICENCES = "licences", "Licences"
        CORPORATE_TENANCIES = "corporate_tenancies", "Corporate tenancies"
        SECURITIES = "securities", "Securities"
        OTHER = "other", "Other interests"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interests")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="interests")
    category = models.CharField(max_length=24, choices=Category.choices)
    description = models.TextField()
    organisation_name = models.CharField(max_length=200, blank=True)
    sensitive = models.BooleanField(
        default=False,
        help_text="Sensitive: the public register says only that such an interest exists.",
    )
    registered_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["person", "category", "registered_on"]
        verbose_name_plural = "interest entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("registered_on")),
                name="interest_ends_after_registration",
                violation_error_message="An interest cannot end before it was registered.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_category_display()}"

    def clean(self) -> None:
        check_same_partnership(self.partnership_id, person=self.person if self.person_id else None)


class DeputyQuerySet(models.QuerySet):
    def public(self) -> "DeputyQuerySet":
        """Named deputies the public may see: for a seat on a body that meets in public (as
        `Membership.objects.public()`), with the organisation and body named."""
        return self.filter(membership_public_q()).select_related("organisation", "body")


class Deputy(models.Model):
    """A substitute or deputy an organisation names for its seat on a body: offered first as a
    substitute for the organisation's members in the attendance form."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="deputies")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="deputies")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="deputy_for")

    history = HistoricalRecords()

    objects = DeputyQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "person__family_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "body", "person"], name="deputy_once_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.person} (deputy for {self.organisation})"

    def clean(self) -> None:
        if self.body_id:
            check_same_partnership(
                self.body.partnership_id,
                person=self.person if self.person_id else None,
                organisation=self.organisation if self.organisation_id else None,
            )


class InterestRegister(models.Model):
    """A member's register of interests in one partnership: when they last confirmed it complete."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registers")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="registers")
    completed_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "partnership"], name="one_register_per_partnership"),
        ]

    def __str__(self) -> str:
        return f"Register of {self.person}, completed {self.completed_on}"

    def clean(self) -> None:
        check_same_partnership(self.partnership_id, person=self.person if self.person_id else None)


IMPORT_KEPT = dt.timedelta(hours=24)


class RegisterImportQuerySet(models.QuerySet):
    def open_for(self, partnership: Partnership, user) -> "RegisterImportQuerySet":
        """The uploads an officer may preview or confirm: their own, for this partnership, not
        yet confirmed, uploaded within the last day."""
        return self.filter(
            partnership=partnership,
            uploaded_by=user,
            confirmed_at__isnull=True,
            uploaded_at__gte=timezone.now() - IMPORT_KEPT,
        )


class RegisterImport(models.Model):
    """A spreadsheet of the register uploaded by an officer, kept (as its rows, parsed) between
    the preview and their confirmation, so what is confirmed is what was previewed. Confirmed
    once; an unconfirmed one expires after a day. Not a governance record: the records it
    writes carry their own history ("Imported from <file name>")."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="register_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    # What the preview showed, row by row ({"number", "summary", "actions", "errors"}): worked out
    # once, at upload; a confirmation that would now do anything else is refused.
    preview = models.JSONField(default=list)
    uploaded_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = RegisterImportQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.partnership})"
