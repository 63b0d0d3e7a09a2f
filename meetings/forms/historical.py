"""Forms for past minutes brought over as the approved record: one meeting, or a ZIP in bulk."""

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from boards.models import Body
from core.forms import DateField, GovFormMixin, TimeField
from core.validators import MEETING_DATES

PAST_ONLY = "A historical record is of a meeting that has already taken place: enter a date before today."


class HistoricalRecordForm(GovFormMixin, forms.Form):
    submit_label = "Publish as approved minutes"

    body = forms.ModelChoiceField(queryset=Body.objects.none(), label="Which body met?", empty_label=None)
    date = DateField(label="Date of the meeting", within=MEETING_DATES)
    start_time = TimeField(label="Time it started (optional)", required=False, help_text="Leave blank if not known.")
    venue = forms.CharField(label="Venue (optional)", max_length=255, required=False)
    title = forms.CharField(
        label="Title (optional)",
        max_length=200,
        required=False,
        help_text="As the document is known, for example “Minutes of the board, 14 March 2024”.",
    )
    minutes_file = forms.FileField(
        label="The approved minutes as a document (PDF, DOCX or ODT, up to 20 MB)",
        required=False,
        help_text="Or paste their text below.",
    )
    minutes_text = forms.CharField(
        label="Or paste the approved minutes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Plain text; a blank line between paragraphs, “- ” for a list, **bold**.",
    )

    def __init__(self, *args, partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = (
            Body.objects.filter(partnership=partnership).meeting_bodies().order_by("kind", "name")
        )

    def layout_fields(self) -> list:
        return [
            Field.select("body"),
            Field.text("date", field_width=10),
            Field.text("start_time", field_width=5),
            Field.text("venue"),
            Field.text("title"),
            "minutes_file",
            Field.textarea("minutes_text"),
        ]

    def clean(self):
        data = super().clean()
        day = data.get("date")
        if day and day >= timezone.localdate():
            self.add_error("date", PAST_ONLY)
        has_file = bool(data.get("minutes_file"))
        has_text = bool((data.get("minutes_text") or "").strip())
        if has_file and has_text:
            self.add_error("minutes_text", "Upload the minutes or paste them, not both.")
        elif not has_file and not has_text and "minutes_file" not in self.errors:
            self.add_error("minutes_file", "Upload the approved minutes (PDF, DOCX or ODT) or paste their text.")
        return data


class MinutesArchiveForm(GovFormMixin, forms.Form):
    submit_label = "Upload and preview"

    upload = forms.FileField(
        label="ZIP file of minutes documents, with index.csv",
        help_text="The index has one row a meeting, with the columns date, body, title, file.",
    )

    def layout_fields(self) -> list:
        return ["upload"]
