from crispy_forms_gds.layout import Field, Size
from django import forms
from django.forms.models import construct_instance
from django.utils import timezone

from boards.models import Body, Partnership
from core.audit import record_version
from core.forms import DateField, GovFormMixin, version_field

from .models import NOLAN_PRINCIPLES, InterestEntry, Membership, Organisation, Person

INTEREST_DESCRIPTION_MAX = 1000


class ServiceValidatedModelForm(GovFormMixin, forms.ModelForm):
    """Fields validated here; the rules across records (overlaps, one chair) in the service."""

    def _post_clean(self):
        # Build the instance without running model validation: the service validates and saves.
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


class VersionedForm(ServiceValidatedModelForm):
    """An edit form that carries the version of the record it loaded (a hidden field), so the
    service can refuse a save made after someone else's."""

    version = version_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = record_version(self.instance)

    def loaded_version(self) -> int | None:
        """What the service compares: the version the form loaded (0 when a form for an existing
        record came back without one), or None when adding a record."""
        if self.instance.pk is None:
            return None
        return self.cleaned_data.get("version") or 0

    def reload_version(self) -> None:
        """After a refused save: carry the version now saved, so that saving again, having looked
        at the other change, goes through. Everything else stays as the user typed it."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = record_version(
            type(self.instance)._default_manager.get(pk=self.instance.pk)
        )


class OrganisationForm(VersionedForm):
    submit_label = "Save organisation"

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "sector", "duty_to_cooperate"]
        labels = {"duty_to_cooperate": "Carries the duty to cooperate (Children Act 2004, section 10)"}

    def layout_fields(self) -> list:
        return [
            Field.text("name"),
            Field.text("short_name", field_width=10),
            Field.select("sector"),
            Field.checkbox("duty_to_cooperate"),
            "version",
        ]

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.partnership = partnership

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Organisation.objects.filter(partnership=self.partnership, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError("The register already has an organisation with this name.")
        return name


class PersonForm(VersionedForm):
    submit_label = "Save person"

    class Meta:
        model = Person
        fields = ["honorific", "given_name", "family_name", "email", "phone"]
        labels = {
            "honorific": "Title (optional)",
            "given_name": "First name",
            "family_name": "Last name",
            "email": "Email (private)",
            "phone": "Telephone (private)",
        }

    def layout_fields(self) -> list:
        return [
            Field.text("honorific", field_width=10),
            Field.text("given_name"),
            Field.text("family_name"),
            Field.text("email"),
            Field.text("phone", field_width=20),
            "version",
        ]

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership  # a person added here joins this register


class MembershipForm(ServiceValidatedModelForm):
    submit_label = "Save membership"

    class Meta:
        model = Membership
        fields = [
            "body",
            "role",
            "basis",
            "organisation",
            "job_title",
            "voting",
            "starts_on",
            "started_before",
            "ends_on",
        ]
        labels = {
            "basis": "What the seat represents",
            "job_title": "Job title, as listed in minutes",
            "voting": "Voting member",
            "starts_on": "From (leave blank if not known)",
            "started_before": "If the start is not known: serving before (optional)",
            "ends_on": "Until (optional)",
        }
        field_classes = {"starts_on": DateField, "started_before": DateField, "ends_on": DateField}

    def __init__(self, *args, partnership: Partnership, person: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.person = person
        self.fields["body"].queryset = Body.objects.filter(partnership=partnership)
        self.fields["organisation"].queryset = Organisation.objects.filter(partnership=partnership)

    def layout_fields(self) -> list:
        return [
            Field.select("body"),
            Field.select("role"),
            Field.select("basis"),
            Field.select("organisation"),
            Field.text("job_title"),
            Field.checkbox("voting"),
            Field.text("starts_on"),
            Field.text("started_before"),
            Field.text("ends_on"),
        ]

    def clean(self):
        data = super().clean()
        if (
            data.get("basis") == Membership.Basis.ORGANISATION
            and not data.get("organisation")
            and "organisation" not in self.errors
        ):
            self.add_error("organisation", "Name the organisation this member represents.")
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "A membership cannot end before it starts.")
        if data.get("starts_on") and data.get("started_before"):
            self.add_error("started_before", "Give either the start date or the date it had started by, not both.")
        return data


class EndMembershipForm(GovFormMixin, forms.Form):
    submit_label = "End the membership"
    ends_on = DateField(label="Last day of the membership")


class DeputyForm(GovFormMixin, forms.Form):
    submit_label = "Name the deputy"
    body = forms.ModelChoiceField(label="For the seat on", queryset=Body.objects.none(), empty_label=None)
    person = forms.ModelChoiceField(label="Deputy", queryset=Person.objects.none())

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(partnership=partnership)
        self.fields["person"].queryset = Person.objects.in_partnership(partnership)
        self.fields["person"].label_from_instance = lambda person: person.full_name


class UndertakingForm(GovFormMixin, forms.Form):
    submit_label = "Sign the undertaking"
    acknowledged = forms.MultipleChoiceField(
        label="I undertake to uphold each of these principles",
        choices=[(name, f"{name}: {meaning}") for name, meaning in NOLAN_PRINCIPLES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Acknowledge each of the seven principles."},
    )

    def layout_fields(self) -> list:
        return [Field.checkboxes("acknowledged", legend_size=Size.MEDIUM)]

    def clean_acknowledged(self):
        chosen = self.cleaned_data["acknowledged"]
        missing = [name for name, _ in NOLAN_PRINCIPLES if name not in chosen]
        if missing:
            raise forms.ValidationError("Acknowledge each of the seven principles: " + ", ".join(missing) + ".")
        return chosen


class InterestForm(VersionedForm):
    submit_label = "Save the interest"
    long_text_limits = {"description": INTEREST_DESCRIPTION_MAX}

    class Meta:
        model = InterestEntry
        fields = ["category", "description", "organisation_name", "sensitive", "registered_on", "ends_on"]
        labels = {
            "organisation_name": "Organisation (if any)",
            "sensitive": "Sensitive: disclosure could lead to violence or intimidation (the public register then says "
            "only that such an interest exists)",
            "registered_on": "Held since",
            "ends_on": "Ended on (optional)",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "category": forms.RadioSelect}
        field_classes = {"registered_on": DateField, "ends_on": DateField}
        error_messages = {"category": {"required": "Choose the category of the interest."}}

    def __init__(self, *args, person: Person, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.person, self.instance.partnership = person, partnership
        self.fields["registered_on"].error_messages["required"] = "Enter the date you have held the interest since"
        self.fields["description"].error_messages["max_length"] = (
            f"The description must be {INTEREST_DESCRIPTION_MAX} characters or fewer (it has %(show_value)d)"
        )

    def clean(self):
        data = super().clean()
        since, ended = data.get("registered_on"), data.get("ends_on")
        if since and since > timezone.localdate():
            self.add_error("registered_on", "The date you have held the interest since must be today or in the past")
        if since and ended and ended < since:
            self.add_error("ends_on", "The date the interest ended must be on or after the date it was held since")
        elif ended and ended > timezone.localdate():
            self.add_error("ends_on", "The date the interest ended must be today or in the past")
        return data

    def layout_fields(self) -> list:
        return [
            Field.radios("category", legend_size=Size.SMALL),
            Field.textarea("description"),
            Field.text("organisation_name"),
            Field.checkbox("sensitive"),
            Field.text("registered_on"),
            Field.text("ends_on"),
            "version",
        ]


def reason_field(label: str, hint: str, required_message: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=hint,
        error_messages={"required": required_message},
    )


class MembershipCorrectionForm(VersionedForm):
    """A seat recorded wrongly, corrected, with the reason its history keeps."""

    submit_label = "Save the correction"
    reason = reason_field(
        "Reason for the correction",
        "Recorded in the person's history, for example “End date entered wrongly: they stood down in March”.",
        "Give the reason for the correction.",
    )

    class Meta:
        model = Membership
        fields = ["role", "basis", "organisation", "job_title", "voting", "starts_on", "started_before", "ends_on"]
        labels = MembershipForm.Meta.labels
        field_classes = MembershipForm.Meta.field_classes

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(partnership=partnership)

    def layout_fields(self) -> list:
        return [
            Field.select("role"),
            Field.select("basis"),
            Field.select("organisation"),
            Field.text("job_title"),
            Field.checkbox("voting"),
            Field.text("starts_on"),
            Field.text("started_before"),
            Field.text("ends_on"),
            Field.textarea("reason"),
            "version",
        ]

    def clean(self):
        data = super().clean()
        if (
            data.get("basis") == Membership.Basis.ORGANISATION
            and not data.get("organisation")
            and "organisation" not in self.errors
        ):
            self.add_error("organisation", "Name the organisation this member represents.")
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "A membership cannot end before it starts.")
        if data.get("starts_on") and data.get("started_before"):
            self.add_error("started_before", "Give either the start date or the date it had started by, not both.")
        return data


class WithdrawMembershipForm(GovFormMixin, forms.Form):
    submit_label = "Withdraw the membership"
    reason = reason_field(
        "Reason for withdrawing it",
        "Recorded in the person's history, for example “Added to the wrong body”.",
        "Give the reason for withdrawing the membership.",
    )
    version = version_field()

    def __init__(self, *args, membership: Membership, **kwargs) -> None:
        super().__init__(*args, initial={"version": record_version(membership)}, **kwargs)


class RegisterUploadForm(GovFormMixin, forms.Form):
    submit_label = "Upload and preview"
    upload = forms.FileField(
        label="The register, as a CSV file or an Excel workbook (.xlsx), up to 5 MB",
        error_messages={
            "required": "Choose the file of the register to upload",
            "empty": "The file is empty.",
            "invalid": "Choose the file of the register to upload",
        },
    )

    def layout_fields(self) -> list:
        return ["upload"]
