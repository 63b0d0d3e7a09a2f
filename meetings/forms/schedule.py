"""Forms for postponing a meeting and for recording one that has already taken place (moving,
adding and cancelling are in `agenda.py`)."""

import datetime as dt

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from core.forms import DateField, GovFormMixin, TimeField, version_field
from core.validators import MEETING_DATES

from .agenda import NewMeetingForm


class PostponeForm(GovFormMixin, forms.Form):
    submit_label = "Postpone the meeting"

    date = DateField(label="New date", within=MEETING_DATES, help_text="A day after the one now arranged.")
    start_time = TimeField(label="Start time", help_text="The meeting keeps its length and venue.")
    reason = forms.CharField(
        label="Why is the meeting postponed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The public page says the meeting is postponed, and gives this reason.",
        error_messages={"required": "Give the reason the meeting is postponed: the public page shows it."},
    )
    late_reason = forms.CharField(
        label="If the new date leaves less than five clear working days from today: the special circumstances",
        help_text="The agenda is issued again today as a supplement; these are recorded and shown with it.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = version_field()

    def __init__(self, *args, agenda_published: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not agenda_published:
            del self.fields["late_reason"]

    def layout_fields(self) -> list:
        return [
            Field.text("date", field_width=10),
            Field.text("start_time", field_width=5),
            Field.textarea("reason"),
            *([Field.textarea("late_reason")] if "late_reason" in self.fields else []),
            "version",
        ]


class RecordPastMeetingForm(NewMeetingForm):
    """A meeting that has already taken place: the same fields as a new one, its own page."""

    submit_label = "Record the meeting"
    plans_ahead = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "Date it took place"
        self.fields[
            "date"
        ].help_text = f"For example, {(day := timezone.localdate() - dt.timedelta(days=30)).day} {day.month} {day.year}"
        self.fields["start_time"].label = "Time it started"

    def clean(self):
        data = super().clean()
        day = data.get("date")
        if day and day > timezone.localdate():
            self.add_error(
                "date",
                "This meeting has not taken place yet: add it as a meeting to come (“Add a single meeting”) instead.",
            )
        return data
