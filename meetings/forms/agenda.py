import datetime as dt

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from boards.models import Body
from core.forms import ChoicesField, DateField, GovFormMixin, TimeField, not_in_the_past, number_input, version_field
from core.validators import MEETING_DATES
from members.models import Person

from ..models import AgendaItem, AgendaProposal, CoverReport
from ..services.calendar import RepeatRule, series_dates
from ..services.schedule import RECORD_PAST


def duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} hour{'s' if hours != 1 else ''}" + (f" {rest} minutes" if rest else "")


DURATION_CHOICES = [(minutes, duration_label(minutes)) for minutes in range(60, 301, 30)]


BOARD_TOO_LONG = "A board meeting lasts at most three hours: choose 3 hours or less."


def too_long(body: Body | None, duration: dt.timedelta | None) -> bool:
    limit = body.max_meeting_length if body else None
    return bool(limit and duration and duration > limit)


class SeriesForm(GovFormMixin, forms.Form):
    submit_label = "Preview the dates"

    body = forms.ModelChoiceField(queryset=Body.objects.none(), label="Which body is meeting?", empty_label=None)
    first_date = DateField(label="Date of the first meeting", within=MEETING_DATES)
    every_months = forms.IntegerField(
        label="Repeat every how many months?",
        min_value=1,
        max_value=12,
        initial=2,
        help_text="The board meets every 2 months.",
    )
    rule = forms.ChoiceField(
        label="On which day of the month?", choices=RepeatRule.choices, initial=RepeatRule.SAME_WEEKDAY
    )
    count = forms.IntegerField(label="How many meetings?", min_value=1, max_value=24, initial=6, widget=number_input(2))
    start_time = TimeField(label="Start time", initial=dt.time(14, 0))
    duration = forms.TypedChoiceField(label="Length", coerce=int, choices=DURATION_CHOICES, initial=180)
    venue = forms.CharField(label="Venue", max_length=255)

    def __init__(self, *args, partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = (
            Body.objects.filter(partnership=partnership).meeting_bodies().order_by("kind", "name")
        )
        board = self.fields["body"].queryset.filter(kind=Body.Kind.BOARD).first()
        if board:
            self.fields["body"].initial = board.pk

    def layout_fields(self) -> list:
        return [
            Field.select("body"),
            Field.text("first_date", field_width=10),
            Field.text("every_months", field_width=2),
            Field.radios("rule", legend_size=Size.SMALL),
            Field.text("count", field_width=2),
            Field.text("start_time", field_width=5),
            Field.select("duration"),
            Field.text("venue"),
        ]

    plans_ahead = True  # a meeting to come; `RecordPastMeetingForm` records one already held

    def clean_duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.cleaned_data["duration"])

    def clean(self):
        data = super().clean()
        if too_long(data.get("body"), data.get("duration")):
            self.add_error("duration", BOARD_TOO_LONG)
        first, rule = data.get("first_date"), data.get("rule")
        past = not_in_the_past(self.fields["first_date"], first, "The date of the first meeting")
        if past:
            self.add_error("first_date", past)
        elif first and rule:
            if rule == RepeatRule.SAME_DATE and first.day > 28:
                self.add_error("first_date", "Choose a date from the 1st to the 28th, so every month has it.")
            elif data.get("every_months") and data.get("count"):
                dates = series_dates(first, every_months=data["every_months"], rule=rule, count=data["count"])
                if dates and dates[0] != first:
                    self.add_error("rule", f"{first:%-d %B %Y} is not on that day of the month: choose another rule.")
                elif dates and dates[-1] not in MEETING_DATES:
                    self.add_error(
                        "count",
                        f"The last meeting would be on {dates[-1]:%-d %B %Y}, after "
                        f"{MEETING_DATES.latest:%-d %B %Y}: choose fewer meetings.",
                    )
        return data


class SeriesDatesForm(GovFormMixin, forms.Form):
    """The preview: each date can be moved before anything is saved."""

    submit_label = "Schedule these meetings"

    def __init__(self, *args, days: list[dt.date], **kwargs) -> None:
        self.base_fields = {
            f"date_{index}": DateField(label=f"Date of meeting {index}", initial=day, within=MEETING_DATES)
            for index, day in enumerate(days, start=1)
        }
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        for index, name in enumerate(self.fields, start=1):
            past = not_in_the_past(self.fields[name], data.get(name), f"The date of meeting {index}")
            if past:
                self.add_error(name, past)
        return data

    @property
    def days(self) -> list[dt.date]:
        return [self.cleaned_data[name] for name in self.fields]


class MeetingForm(GovFormMixin, forms.Form):
    submit_label = "Save meeting"

    date = DateField(label="Date of the meeting", within=MEETING_DATES)
    start_time = TimeField(label="Start time")
    duration = forms.TypedChoiceField(label="Length", coerce=int, choices=DURATION_CHOICES, initial=120)
    venue = forms.CharField(label="Venue", max_length=255)
    late_reason = forms.CharField(
        label="If the new date leaves less than five clear working days since the agenda was published: "
        "the special circumstances",
        help_text="Recorded and shown with the agenda, as for late publication.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = version_field()

    def __init__(self, *args, body: Body, agenda_published: bool = False, **kwargs) -> None:
        self.body = body
        super().__init__(*args, **kwargs)
        if not agenda_published:
            del self.fields["late_reason"]

    def clean_duration(self) -> dt.timedelta:
        duration = dt.timedelta(minutes=self.cleaned_data["duration"])
        if too_long(self.body, duration):
            raise forms.ValidationError(BOARD_TOO_LONG)
        return duration

    def layout_fields(self) -> list:
        return [
            Field.text("date", field_width=10),
            Field.text("start_time", field_width=5),
            Field.select("duration"),
            Field.text("venue"),
            *([Field.textarea("late_reason")] if "late_reason" in self.fields else []),
            *(["version"] if "version" in self.fields else []),
        ]


class NewMeetingForm(MeetingForm):
    body_choice = forms.ModelChoiceField(queryset=Body.objects.none(), label="Which body is meeting?", empty_label=None)

    def __init__(self, *args, partnership, **kwargs) -> None:
        self.base_fields = {name: f for name, f in self.base_fields.items() if name != "version"}  # a new meeting
        super().__init__(*args, body=None, **kwargs)
        self.fields["body_choice"].queryset = Body.objects.filter(partnership=partnership).meeting_bodies()

    def layout_fields(self) -> list:
        return [Field.select("body_choice"), *super().layout_fields()]

    plans_ahead = True  # a meeting to come; `RecordPastMeetingForm` records one already held

    def clean_duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.cleaned_data["duration"])

    def clean(self):
        data = super().clean()
        if too_long(data.get("body_choice"), data.get("duration")):
            self.add_error("duration", BOARD_TOO_LONG)
        past = self.plans_ahead and not_in_the_past(self.fields["date"], data.get("date"), "The date of the meeting")
        if past:
            # A meeting already held is recorded another way; this form plans meetings.
            self.add_error("date", f"{past}. To add a meeting that has already taken place, use “{RECORD_PAST}”")
        return data


class CancelForm(GovFormMixin, forms.Form):
    submit_label = "Cancel the meeting"
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The public sees that the meeting is cancelled.",
        error_messages={"required": "Give a reason for cancelling the meeting."},
    )


ITEM_MINUTES_MAX = 600  # ten hours: longer than any meeting a body may hold


class AgendaItemForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save item"
    version = version_field()

    class Meta:
        model = AgendaItem
        fields = list(AgendaItem.EDITABLE_FIELDS)
        labels = {
            "expected_minutes": "Expected time, in minutes",
            "confidential": "Confidential (exempt information): not for the public",
            "exempt_paragraph": "Schedule 12A paragraph",
            "exempt_reason": "Why the information is exempt",
            "title_exempt": "What the item is called is itself exempt: the public sees only the paragraph it cites",
        }
        widgets = {
            "exempt_reason": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.RadioSelect,
            "expected_minutes": number_input(3),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = AgendaItem.Purpose.choices
        self.fields["exempt_paragraph"].required = False
        self.fields["expected_minutes"].validators += [
            MinValueValidator(1, "Enter the expected time as a number of minutes, 1 or more"),
            MaxValueValidator(ITEM_MINUTES_MAX, f"An item can be expected to take at most {ITEM_MINUTES_MAX} minutes"),
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def layout_fields(self) -> list:
        return [
            Field.text("title"),
            Field.radios("purpose", legend_size=Size.SMALL, inline=False),
            Field.text("presenter"),
            Field.text("expected_minutes", field_width=3),
            Fieldset(
                Field.checkbox("confidential"),
                Field.select("exempt_paragraph"),
                Field.textarea("exempt_reason"),
                Field.checkbox("title_exempt"),
                legend="Exempt information",
                legend_size=Size.SMALL,
            ),
            "version",
        ]

    def clean(self):
        data = super().clean()
        if data.get("confidential"):
            if not data.get("exempt_paragraph"):
                self.add_error("exempt_paragraph", "Choose the Schedule 12A paragraph that makes the item exempt.")
            if not (data.get("exempt_reason") or "").strip():
                self.add_error("exempt_reason", "Say why the information is exempt.")
        return data

    def _post_clean(self):
        # Services write the record; the form only validates fields.
        pass


class CoverReportForm(GovFormMixin, forms.ModelForm):
    submit_label = "Save report"
    version = version_field()

    class Meta:
        model = CoverReport
        fields = list(CoverReport.EDITABLE_FIELDS)
        labels = {
            "key_decision": "Key decision",
            "listed_on_forward_plan": "Listed on the forward plan",
            "within_policy": "Within policy",
            "purpose": "Purpose of the report",
        }
        textareas = [
            "purpose",
            "recommendations",
            "policy_implications",
            "financial_implications",
            "legal_implications",
            "equalities_implications",
            "safeguarding_implications",
            "other_implications",
            "background_papers",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in textareas}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else 0

    def layout_fields(self) -> list:
        return [
            Fieldset(
                Field.checkbox("key_decision"),
                Field.checkbox("listed_on_forward_plan"),
                Field.checkbox("within_policy"),
                legend="About the decision",
                legend_size=Size.SMALL,
            ),
            Field.text("accountable_cabinet_member"),
            Field.text("contact_officer"),
            Field.textarea("purpose"),
            Field.textarea("recommendations"),
            Fieldset(
                *[
                    Field.textarea(name)
                    for name in (
                        "policy_implications",
                        "financial_implications",
                        "legal_implications",
                        "equalities_implications",
                        "safeguarding_implications",
                        "other_implications",
                    )
                ],
                legend="Implications",
                legend_size=Size.SMALL,
            ),
            Field.textarea("background_papers"),
            "version",
        ]

    def _post_clean(self):
        pass


class PaperForm(GovFormMixin, forms.Form):
    submit_label = "Attach paper"
    title = forms.CharField(label="Title of the paper", max_length=200)
    upload = forms.FileField(label="File (PDF, DOCX, XLSX or ODT, up to 20 MB)")

    def layout_fields(self) -> list:
        return [Field.text("title"), "upload"]


class PublishForm(GovFormMixin, forms.Form):
    late_reason = forms.CharField(
        label="The special circumstances that make the agenda late",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded, and shown on the public agenda and in the minutes.",
    )
    changes = forms.CharField(
        label="What does this supplement change?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: “Item 6 added: Youth Cabinet report.”",
    )
    exclusion_resolution = forms.CharField(
        label="Resolution to exclude the press and public",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The agenda has an exempt item. The meeting is asked to pass this resolution before it; "
        "it is shown on the agenda and recorded in the minutes.",
    )

    def __init__(self, *args, late: bool, supplement: bool, exempt: bool = False, **kwargs) -> None:
        self.submit_label = "Publish the supplement" if supplement else "Publish the agenda"
        self.wanted = ["changes"] if supplement else (["late_reason"] if late else [])
        if exempt:
            self.wanted.append("exclusion_resolution")
        super().__init__(*args, **kwargs)
        for name in [name for name in self.fields if name not in self.wanted]:
            del self.fields[name]
        messages = {
            "changes": "Say what the supplement changes.",
            "late_reason": "The deadline has passed: give the special circumstances that make the agenda late.",
            "exclusion_resolution": "Enter the resolution to exclude the press and public for the exempt items.",
        }
        for name in self.wanted:
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = messages[name]

    def layout_fields(self) -> list:
        return [Field.textarea(name) for name in self.wanted]


class ProposalForm(GovFormMixin, forms.ModelForm):
    submit_label = "Propose the item"

    class Meta:
        model = AgendaProposal
        fields = ["title", "purpose", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 4}), "purpose": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = AgendaItem.Purpose.choices

    def layout_fields(self) -> list:
        return [Field.text("title"), Field.radios("purpose", legend_size=Size.SMALL), Field.textarea("details")]

    def _post_clean(self):
        pass


class DeclineForm(GovFormMixin, forms.Form):
    submit_label = "Decline the proposal"
    reason = forms.CharField(
        label="Reason, for the proposer",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the proposer a reason for declining."},
    )


class PlanningGroupForm(GovFormMixin, forms.Form):
    submit_label = "Appoint the planning group"
    people = ChoicesField(
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Members of the planning group",
    )
    version = version_field()

    def __init__(self, *args, board: Body, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Person.objects.in_partnership(board.partnership).filter(
            pk__in=board.memberships.current().values("person_id")
        )
        self.fields["people"].label_from_instance = lambda person: person.full_name

    def layout_fields(self) -> list:
        return [Field.checkboxes("people", legend_size=Size.SMALL), "version"]


class AgendaItemCorrectionForm(AgendaItemForm):
    """An item of a published agenda, corrected: the change reaches the public in the next
    supplement; the reason is recorded in the meeting's history."""

    submit_label = "Save the correction"
    reason = forms.CharField(
        label="Reason for the correction",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded in the meeting's history of changes, for example “Presenter changed”.",
        error_messages={"required": "Give the reason for the correction."},
    )

    def layout_fields(self) -> list:
        fields = super().layout_fields()
        return [*fields[:-1], Field.textarea("reason"), fields[-1]]
