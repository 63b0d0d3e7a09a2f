from crispy_forms_gds.layout import Field, Size
from django import forms

from core.dates import format_date
from core.forms import DateField, GovFormMixin, TimeField, number_input, version_field
from members.models import Membership, Person

from ..models import Attendance, Declaration, Resolution
from ..services.minutes import Decision

ATTENDANCE_CHOICES = [
    (Attendance.Status.PRESENT, "Present"),
    (Attendance.Status.APOLOGIES, "Apologies"),
    (Attendance.Status.ABSENT, "Absent"),
    (Attendance.Status.SUBSTITUTE, "Substitute"),
]
EMPTY_LABEL = "---------"  # as a ModelChoiceField shows it
OFFICER_CHOICES = [
    (Attendance.Status.IN_ATTENDANCE, "In attendance"),
    (Attendance.Status.APOLOGIES, "Apologies"),
    (Attendance.Status.ABSENT, "Absent"),
]


class AttendanceForm(GovFormMixin, forms.Form):
    """One question per member: present, apologies, absent, or a substitute (who)."""

    submit_label = "Save attendance"

    def __init__(self, *args, memberships, recorded: dict, people, **kwargs) -> None:
        self.memberships = memberships
        # The register, read once and shared by every member's substitute question (one query,
        # however many members): a chosen pk is checked against it and becomes the Person.
        people = {person.pk: person for person in people}
        names = [(pk, str(person)) for pk, person in people.items()]
        fields = {}
        for membership in memberships:
            person = membership.person
            current = recorded.get(person.pk)
            officer = membership.role == Membership.Role.OFFICER
            fields[f"status_{membership.pk}"] = forms.ChoiceField(
                label=f"{person.full_name}, {membership.job_title or membership.get_role_display()}",
                choices=OFFICER_CHOICES if officer else ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                initial=current or (Attendance.Status.IN_ATTENDANCE if officer else Attendance.Status.PRESENT),
                error_messages={"required": f"Say whether {person.full_name} was present."},
            )
            fields[f"substitute_{membership.pk}"] = forms.TypedChoiceField(
                label=f"Substitute for {person.full_name}",
                choices=[("", EMPTY_LABEL), *((pk, name) for pk, name in names if pk != person.pk)],
                coerce=lambda pk: people[int(pk)],
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]},
            )
        fields["version"] = version_field()
        self.base_fields = fields
        super().__init__(*args, **kwargs)

    def layout_fields(self) -> list:
        layout = []
        for membership in self.memberships:
            layout.append(Field.radios(f"status_{membership.pk}", inline=True, legend_size=Size.SMALL))
            if membership.role != Membership.Role.OFFICER:
                layout.append(Field.select(f"substitute_{membership.pk}"))
        return [*layout, "version"]

    def entries(self) -> list:
        return [
            (m, self.cleaned_data[f"status_{m.pk}"], self.cleaned_data.get(f"substitute_{m.pk}"))
            for m in self.memberships
        ]

    def clean(self):
        data = super().clean()
        for m in self.memberships:
            if data.get(f"status_{m.pk}") == Attendance.Status.SUBSTITUTE and not data.get(f"substitute_{m.pk}"):
                self.add_error(f"substitute_{m.pk}", f"Choose who substituted for {m.person.full_name}.")
        return data


class OtherAttendeeForm(GovFormMixin, forms.Form):
    submit_label = "Add to those in attendance"
    name = forms.CharField(label="Name", max_length=200)
    role = forms.CharField(label="Role", max_length=200, required=False)
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)


class ItemMinutesForm(GovFormMixin, forms.Form):
    submit_label = "Save minutes"
    narrative = forms.CharField(
        label="Minutes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="What was reported, discussed and noted. Markdown: a blank line starts a new paragraph; "
        "lines starting with “- ” make a list of points noted.",
    )
    public_summary = forms.CharField(
        label="One-line summary for the public minutes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="This item is confidential: the public minutes carry only this line.",
    )
    version = version_field()

    def __init__(self, *args, confidential: bool, **kwargs) -> None:
        self.confidential = confidential
        super().__init__(*args, **kwargs)
        if not confidential:
            del self.fields["public_summary"]

    def layout_fields(self) -> list:
        fields = [Field.textarea("narrative")]
        if self.confidential:
            fields.append(Field.textarea("public_summary"))
        return [*fields, "version"]


def vote_count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=999,
        widget=number_input(3),
        error_messages={
            "invalid": f"Enter the number of {label.lower()} as a whole number, for example 3.",
            "min_value": f"The number of {label.lower()} cannot be less than 0.",
            "max_value": f"The number of {label.lower()} must be 999 or fewer.",
        },
    )


class ResolutionForm(GovFormMixin, forms.Form):
    """The resolution in the partnership's own style (“RESOLVED –” or “AGREED –”), and how it was
    decided: by consensus, unanimously or by a vote (with its numbers), proposed and seconded by
    people present."""

    submit_label = "Add resolution"
    text = forms.CharField(
        label="RESOLVED –",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: “That the report be noted.”",
        error_messages={"required": "Write the resolution, for example “That the report be noted.”"},
    )
    decided_by = forms.ChoiceField(
        label="How was it decided?",
        choices=Resolution.DecidedBy.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose how the resolution was decided."},
    )
    votes_for = vote_count("Votes for")
    votes_against = vote_count("Votes against")
    abstentions = vote_count("Abstentions")
    proposed_by = forms.ModelChoiceField(
        label="Proposed by (optional)",
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose the proposer from those present."},
    )
    seconded_by = forms.ModelChoiceField(
        label="Seconded by (optional)",
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose the seconder from those present."},
    )

    def __init__(self, *args, heading: str = "RESOLVED –", present=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = heading
        self.fields["decided_by"].initial = Resolution.DecidedBy.NOT_RECORDED
        for name in ("proposed_by", "seconded_by"):
            self.fields[name].queryset = present if present is not None else Person.objects.none()
        for name in ("votes_for", "votes_against", "abstentions"):
            self.fields[name].help_text = "Only for a vote."

    def layout_fields(self) -> list:
        return [
            Field.textarea("text"),
            Field.radios("decided_by", legend_size=Size.SMALL),
            Field.text("votes_for"),
            Field.text("votes_against"),
            Field.text("abstentions"),
            Field.select("proposed_by"),
            Field.select("seconded_by"),
        ]

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            decided_by=data.get("decided_by") or "",
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            abstentions=data.get("abstentions"),
            proposed_by=data.get("proposed_by"),
            seconded_by=data.get("seconded_by"),
        )


class ActionForm(GovFormMixin, forms.Form):
    submit_label = "Add action"
    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label="Owner", queryset=Person.objects.none(), required=False)
    owner_name = forms.CharField(label="Or the owner's name, if not listed", max_length=200, required=False)
    due_on = DateField(label="Due by", required=False)

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not (data.get("owner_name") or "").strip():
            self.add_error("owner", "Every action needs an owner: choose a member or type a name.")
        return data


class DeclarationForm(GovFormMixin, forms.Form):
    submit_label = "Record the declaration"
    person = forms.ModelChoiceField(label="Who declared an interest?", queryset=Person.objects.none())
    kind = forms.ChoiceField(label="Kind of interest", choices=Declaration.Kind.choices, widget=forms.RadioSelect)
    nature = forms.CharField(label="The nature of the interest", widget=forms.Textarea(attrs={"rows": 3}))
    left_room = forms.BooleanField(label="Left the room for this item", required=False)
    took_no_part = forms.BooleanField(label="Took no part in the discussion or vote", required=False)

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people

    def layout_fields(self) -> list:
        return [
            Field.select("person"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("nature"),
            Field.checkbox("left_room"),
            Field.checkbox("took_no_part"),
        ]


class CloseTimeForm(GovFormMixin, forms.Form):
    submit_label = "Save closing time"
    closed_at = TimeField(label="The chair closed the meeting at")
    version = version_field()


def approval_verb(partnership) -> str:
    """“Approve” or “Agree”, from the partnership's wording (“approved as a correct record”)."""
    return partnership.approval_phrase.split(" ", 1)[0].removesuffix("d").capitalize()


class ApproveForm(GovFormMixin, forms.Form):
    submit_label = "Approve and sign as a correct record"
    at_meeting = forms.ModelChoiceField(
        label="Approved at the meeting held on",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the meeting at which the minutes were approved.",
            "invalid_choice": "Choose one of the meetings listed: a later meeting of the same body that has been held.",
        },
    )
    corrections = forms.CharField(
        label="Corrections agreed (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leave empty if the minutes were approved as they stand.",
    )

    def __init__(self, *args, meetings, partnership=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = meetings
        self.fields["at_meeting"].label_from_instance = lambda m: f"{m.body.name}, {format_date(m.starts_at)}"
        if partnership is not None:
            verb = approval_verb(partnership)
            self.submit_label = f"{verb} and sign as {partnership.record_phrase}"
            self.fields["at_meeting"].label = f"{verb}d at the meeting held on"

    def layout_fields(self) -> list:
        return [Field.radios("at_meeting", legend_size=Size.SMALL), Field.textarea("corrections")]


class CorrectionForm(GovFormMixin, forms.Form):
    submit_label = "Record the correction"
    text = forms.CharField(
        label="The correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Approved minutes are locked: the correction is shown with them and in the PDF.",
        error_messages={"required": "Describe the correction."},
    )


class MinutesPublishForm(GovFormMixin, forms.Form):
    """Publishing the minutes; when the previous meeting's minutes await approval, whether this
    meeting approved them (recorded in these minutes before they are published), and the
    corrections it agreed."""

    submit_label = "Publish the minutes"
    approve_previous = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No, they still await approval")],
    )
    corrections = forms.CharField(
        label="Corrections agreed to those minutes (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leave empty if they were approved as they stand, or not approved at this meeting.",
    )

    def __init__(self, *args, previous=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.previous = previous
        if previous is None:
            self.fields.clear()
            return
        phrase = previous.body.partnership.approval_phrase
        when = format_date(previous.starts_at)
        self.fields["approve_previous"].label = f"Did this meeting agree that the minutes of {when} be {phrase}?"
        self.fields["approve_previous"].choices = [
            ("yes", f"Yes: record it in these minutes and mark the minutes of {when} {phrase}"),
            ("no", "No, they still await approval"),
        ]
        self.fields["approve_previous"].error_messages["required"] = (
            f"Say whether this meeting agreed that the minutes of {when} be {phrase}."
        )

    def layout_fields(self) -> list:
        if self.previous is None:
            return []
        return [Field.radios("approve_previous", legend_size=Size.SMALL), Field.textarea("corrections")]

    @property
    def approving(self) -> bool:
        return self.previous is not None and self.cleaned_data.get("approve_previous") == "yes"

    def correction_lines(self) -> list[str]:
        return (self.cleaned_data.get("corrections") or "").splitlines() if self.approving else []
