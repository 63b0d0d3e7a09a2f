import datetime as dt

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from core.forms import DateField, GovFormMixin, TimeField, version_field
from members.models import Membership, Person

from ..models import Attendance, Declaration

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
    long_text_limits = {"narrative": 100_000}
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


class ResolutionForm(GovFormMixin, forms.Form):
    submit_label = "Add resolution"
    text = forms.CharField(
        label="RESOLVED –",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: “That the report be noted.”",
        error_messages={"required": "Write the resolution, for example “That the report be noted.”"},
    )


class ActionForm(GovFormMixin, forms.Form):
    submit_label = "Add action"
    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label="Owner", queryset=Person.objects.none(), required=False)
    owner_name = forms.CharField(label="Or the owner's name, if not listed", max_length=200, required=False)
    due_on = DateField(label="Due by", required=False)

    def __init__(self, *args, people, meeting=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.meeting = meeting

    def clean(self):
        data = super().clean()
        due = data.get("due_on")
        if due and self.meeting is not None and due < self.meeting.date:
            self.add_error(
                "due_on",
                f"The due date must be on or after the day of the meeting, {self.meeting.date:%-d %B %Y}",
            )
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


CLOSING_LEEWAY = dt.timedelta(hours=2)


class CloseTimeForm(GovFormMixin, forms.Form):
    """The time the chair closed the meeting: between its start and two hours after its planned
    end (a time outside is nearly always a slip, 9pm typed for 9am)."""

    submit_label = "Save closing time"
    closed_at = TimeField(
        label="The chair closed the meeting at",
        error_messages={"required": "Enter the time the chair closed the meeting"},
    )
    version = version_field()

    def __init__(self, *args, meeting=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean_closed_at(self):
        closed = self.cleaned_data["closed_at"]
        if self.meeting is None or closed is None:
            return closed
        starts, ends = timezone.localtime(self.meeting.starts_at), timezone.localtime(self.meeting.ends_at)
        closed_at = starts.replace(hour=closed.hour, minute=closed.minute, second=0, microsecond=0)
        if closed_at <= starts:
            raise forms.ValidationError(
                f"The closing time must be after the meeting started, at {uk_time(starts)}: check the time"
            )
        if closed_at > ends + CLOSING_LEEWAY:
            raise forms.ValidationError(
                f"The meeting was due to end at {uk_time(ends)}: {uk_time(closed_at)} is more than two hours later. "
                "Check the time (for example 9:30am, not 9:30pm)"
            )
        return closed


def uk_time(moment) -> str:
    return f"{moment:%-I:%M%p}".lower().replace(":00", "")


class ApproveForm(GovFormMixin, forms.Form):
    submit_label = "Approve and sign as a correct record"
    at_meeting = forms.ModelChoiceField(
        label="Approved at the meeting held on", queryset=None, empty_label=None, widget=forms.RadioSelect
    )
    corrections = forms.CharField(
        label="Corrections agreed (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leave empty if the minutes were approved as they stand.",
    )

    def __init__(self, *args, meetings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = meetings
        self.fields["at_meeting"].label_from_instance = lambda m: f"{m.body.name}, {m.starts_at:%-d %B %Y}"

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
