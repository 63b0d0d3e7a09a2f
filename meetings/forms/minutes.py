import calendar
import datetime as dt
import re

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from core.audit import record_version
from core.dates import MONTHS, format_date
from core.forms import DateField, GovFormMixin, TimeField, number_input, version_field
from core.validators import DATES, DateRange
from members.models import Membership, Person

from ..models import Action, Attendance, Declaration, Resolution
from ..services.attendance import Presiding
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


NEW_PERSON = "new"  # the substitute question's choice for someone not yet in the register


class AttendanceForm(GovFormMixin, forms.Form):
    """One question per member: present, apologies, absent, or a substitute (who: the
    organisation's named deputies first, then anyone in the register, or someone new to it); then
    who was in the chair (for the meeting and for any item) and who took the minutes."""

    submit_label = "Save attendance"

    def __init__(
        self,
        *args,
        memberships,
        recorded: dict,
        people,
        deputies: dict | None = None,
        items=(),
        partnership=None,
        **kwargs,
    ) -> None:
        self.memberships = memberships
        self.items = list(items)
        self.partnership = partnership
        deputies = deputies or {}
        # The register, read once and shared by every member's substitute question (one query,
        # however many members): a chosen pk is checked against it and becomes the Person.
        people = {person.pk: person for person in people}
        self.people = people
        names = [(pk, str(person)) for pk, person in people.items()]

        def person_or_new(value):
            return NEW_PERSON if value == NEW_PERSON else people[int(value)]

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
            if officer:
                continue
            named = [d for d in deputies.get(membership.organisation_id, []) if d.pk != person.pk and d.pk in people]
            named_pks = {d.pk for d in named}
            choices = [("", EMPTY_LABEL)]
            if named:
                organisation = membership.organisation.name if membership.organisation_id else ""
                choices.append((f"Named deputies for {organisation}", [(d.pk, str(d)) for d in named]))
            others = [(pk, name) for pk, name in names if pk != person.pk and pk not in named_pks]
            choices.append(("Everyone else in the register" if named else "The register", others))
            choices.append(("Not in the register", [(NEW_PERSON, "Someone new: give their name below")]))
            fields[f"substitute_{membership.pk}"] = forms.TypedChoiceField(
                label=f"Substitute for {person.full_name}",
                choices=choices,
                coerce=person_or_new,
                empty_value=None,
                required=False,
                error_messages={
                    "invalid_choice": f"Choose the substitute for {person.full_name} from the list, or leave it empty"
                },
            )
            fields[f"new_given_{membership.pk}"] = forms.CharField(
                label=format_html(
                    'First name, if new to the register<span class="govuk-visually-hidden">: the substitute for '
                    "{}</span>",
                    person.full_name,
                ),
                max_length=100,
                required=False,
            )
            fields[f"new_family_{membership.pk}"] = forms.CharField(
                label=format_html(
                    'Last name, if new to the register<span class="govuk-visually-hidden">: the substitute for '
                    "{}</span>",
                    person.full_name,
                ),
                max_length=100,
                required=False,
            )
        fields["chair"] = forms.TypedChoiceField(
            label="Who was in the chair?",
            help_text="The body's chair, unless the vice-chair or another member presided.",
            choices=[("", "Not recorded"), *names],
            coerce=lambda pk: people[int(pk)],
            empty_value=None,
            required=False,
        )
        for item in self.items:
            fields[f"item_chair_{item.pk}"] = forms.TypedChoiceField(
                label=f"In the chair for item {item.position}, {item.title}",
                choices=[("", "The chair of the meeting"), *names],
                coerce=lambda pk: people[int(pk)],
                empty_value=None,
                required=False,
                initial=item.chaired_by_id,
            )
        fields["minutes_taken_by"] = forms.TypedChoiceField(
            label="Who took the minutes?",
            choices=[("", "Not recorded"), *names],
            coerce=lambda pk: people[int(pk)],
            empty_value=None,
            required=False,
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
                layout.append(Field.text(f"new_given_{membership.pk}", field_width=20))
                layout.append(Field.text(f"new_family_{membership.pk}", field_width=20))
        presiding = [Field.select("chair")]
        presiding += [Field.select(f"item_chair_{item.pk}") for item in self.items]
        presiding.append(Field.select("minutes_taken_by"))
        return [
            Fieldset(*layout, legend="Members of the body", legend_size=Size.MEDIUM),
            Fieldset(*presiding, legend="Who presided and who took the minutes", legend_size=Size.MEDIUM),
            "version",
        ]

    def _substitute(self, membership, data):
        chosen = data.get(f"substitute_{membership.pk}")
        if chosen != NEW_PERSON:
            return chosen
        return Person(
            partnership=self.partnership,
            given_name=(data.get(f"new_given_{membership.pk}") or "").strip(),
            family_name=(data.get(f"new_family_{membership.pk}") or "").strip(),
        )

    def entries(self) -> list:
        return [
            (m, self.cleaned_data[f"status_{m.pk}"], self._substitute(m, self.cleaned_data)) for m in self.memberships
        ]

    def presiding(self):
        data = self.cleaned_data
        return Presiding(
            chair=data.get("chair"),
            minutes_taken_by=data.get("minutes_taken_by"),
            item_chairs={item.pk: data.get(f"item_chair_{item.pk}") for item in self.items},
        )

    def clean(self):
        data = super().clean()
        present = set()
        substitutes = {}
        members = {m.person_id for m in self.memberships}
        for m in self.memberships:
            status = data.get(f"status_{m.pk}")
            chosen = data.get(f"substitute_{m.pk}")
            if status == Attendance.Status.PRESENT:
                present.add(m.person_id)
            if status != Attendance.Status.SUBSTITUTE:
                continue
            if not chosen:
                self.add_error(f"substitute_{m.pk}", f"Choose who substituted for {m.person.full_name}.")
            elif chosen == NEW_PERSON:
                for part, what in (("given", "first"), ("family", "last")):
                    name = f"new_{part}_{m.pk}"
                    if name not in self.errors and not (data.get(name) or "").strip():
                        self.add_error(
                            name,
                            f"Enter the {what} name of the substitute for {m.person.full_name} new to the register.",
                        )
            elif chosen.pk in members:
                self.add_error(
                    f"substitute_{m.pk}",
                    f"{chosen.full_name} is a member of this body: record them as present in their own seat.",
                )
            elif chosen.pk in substitutes:
                self.add_error(
                    f"substitute_{m.pk}",
                    f"{chosen.full_name} is already the substitute for {substitutes[chosen.pk]}: choose someone else.",
                )
            else:
                substitutes[chosen.pk] = m.person.full_name
                present.add(chosen.pk)
        for name in ["chair", *(f"item_chair_{item.pk}" for item in self.items)]:
            chosen = data.get(name)
            if chosen and chosen.pk not in present:
                self.add_error(name, f"{chosen.full_name} is not recorded as present: choose someone who was.")
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


class MonthField(forms.CharField):
    """A month typed as people write it ("September 2027", "Sept 2027", "9/2027", "2027-09"):
    cleaned to the month's last day, the day an action due "by September 2027" is due by."""

    default_error_messages = {"invalid": "Enter a real month and year, for example September 2027."}
    _NAMES = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}

    def __init__(self, *, within: DateRange = DATES, **kwargs) -> None:
        super().__init__(**kwargs)
        self.within = within
        self.widget.attrs.setdefault("class", "govuk-input govuk-input--width-10")

    def _month(self, text: str) -> tuple[int, int] | None:
        words = re.findall(r"[a-z]+|\d+", text.lower())
        if len(words) != 2:
            return None
        first, second = words
        if first.isdigit() and second.isdigit():
            month, year = (int(second), int(first)) if len(first) == 4 else (int(first), int(second))
        elif second.isdigit() and len(first) >= 3:
            names = [number for name, number in self._NAMES.items() if name.startswith(first)]
            if len(names) != 1 and first != "sept":
                return None
            month, year = (9 if first == "sept" else names[0]), int(second)
        else:
            return None
        if not (1 <= month <= 12 and len(str(year)) == 4):
            return None
        return year, month

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        found = self._month(text) if len(text) <= 40 else None
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = found
        if not 1 <= year <= 9999:
            raise forms.ValidationError(self.within.message, code="date_out_of_range")
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if last.replace(day=1) not in self.within and last not in self.within:
            raise forms.ValidationError(self.within.message, code="date_out_of_range")
        return last


class ActionForm(GovFormMixin, forms.Form):
    submit_label = "Add action"
    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label="Owner", queryset=Person.objects.none(), required=False)
    owner_name = forms.CharField(label="Or the owner's name, if not listed", max_length=200, required=False)
    due_on = DateField(label="Due by", required=False)
    due_month = MonthField(
        label="Or due by the end of a month",
        required=False,
        help_text="For example, September 2027. Leave the day empty when the action is due by a month.",
    )

    def __init__(self, *args, people, meeting=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.meeting = meeting

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not (data.get("owner_name") or "").strip() and "owner_name" not in self.errors:
            self.add_error("owner", "Every action needs an owner: choose a member or type a name.")
        month = data.pop("due_month", None)
        if month and data.get("due_on"):
            self.add_error("due_month", "Give the day it is due by or the month, not both.")
        elif month:
            data["due_on"], data["due_precision"] = month, Action.DuePrecision.MONTH
        else:
            data["due_precision"] = Action.DuePrecision.DAY
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


# -- Corrections: a record changed or withdrawn, with the reason recorded in its history ---------


def reason_field(label: str, hint: str, required_message: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=hint,
        error_messages={"required": required_message},
    )


class ActionCorrectionForm(ActionForm):
    """The action's owner, due date and description, as corrected, and why."""

    submit_label = "Save the correction"
    reason = reason_field(
        "Reason for the correction",
        "Recorded in the action's history, for example “Owner changed at the board's request”.",
        "Give the reason for the correction.",
    )
    version = version_field()

    def __init__(self, *args, action: Action, **kwargs) -> None:
        initial = {
            "description": action.description,
            "owner": action.owner_id,
            "owner_name": action.owner_name,
            "due_on": action.due_on if action.due_precision == Action.DuePrecision.DAY else None,
            "due_month": action.due_text if action.due_precision == Action.DuePrecision.MONTH else "",
            "version": record_version(action),
        }
        super().__init__(*args, initial=initial, **kwargs)


class WithdrawForm(GovFormMixin, forms.Form):
    """Withdraw a record: only the reason, and the version it was opened at."""

    submit_label = "Withdraw"
    reason = reason_field(
        "Reason for withdrawing it", "Recorded in its history.", "Give the reason for withdrawing it."
    )
    version = version_field()

    def __init__(self, *args, record, submit_label: str | None = None, **kwargs) -> None:
        super().__init__(*args, initial={"version": record_version(record)}, **kwargs)
        if submit_label:
            self.submit_label = submit_label


class ResolutionCorrectionForm(GovFormMixin, forms.Form):
    """A resolution's wording, corrected before the minutes are published, and why."""

    submit_label = "Save the correction"
    text = ResolutionForm.base_fields["text"]
    reason = reason_field(
        "Reason for the correction",
        "Recorded in the meeting's history of changes.",
        "Give the reason for the correction.",
    )
    version = version_field()

    def __init__(self, *args, resolution, **kwargs) -> None:
        initial = {"text": resolution.text, "version": record_version(resolution)}
        super().__init__(*args, initial=initial, **kwargs)


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
