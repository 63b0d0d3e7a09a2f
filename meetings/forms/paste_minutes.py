"""The forms for pasting a whole set of minutes (issue 15 §4): the text with the meeting's body,
date and time; then, on the preview, who each person on the attendance lists is."""

from crispy_forms_gds.layout import Field
from django import forms

from core.forms import GovFormMixin
from meetings.services.paste_minutes import IN_ATTENDANCE, MAX_CHARS, NAME_ONLY, NEW, OMIT, Match, default_choice

from .schedule import RecordPastMeetingForm


class PasteMinutesForm(RecordPastMeetingForm):
    submit_label = "Read the minutes"
    long_text_limits = {"text": MAX_CHARS}

    text = forms.CharField(
        label="The text of the minutes",
        help_text="Copy the whole set from the word processor and paste it here: the attendance lists, "
        "the numbered items, the resolutions and the actions. Nothing is saved until you check it on the next page.",
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
        strip=False,
        error_messages={"required": "Paste the text of the minutes."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].max_length = MAX_CHARS
        self.fields["text"].error_messages["max_length"] = (
            f"The text of the minutes must be {MAX_CHARS:,} characters or fewer (it has %(show_value)d): "
            "paste one meeting's minutes at a time"
        )

    def layout_fields(self) -> list:
        return [*super().layout_fields(), Field.textarea("text")]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Paste the text of the minutes.")
        return text


class PasteChoicesForm(GovFormMixin, forms.Form):
    """One choice per person on the pasted attendance lists: someone in the register, a new
    person, or leave them out. Offered from this partnership's register only."""

    def __init__(self, *args, matches: list[Match], people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        register = [(str(p.pk), p.full_name) for p in people]
        self.rows = []
        for index, match in enumerate(matches):
            attendee = match.attendee
            suggested = [(str(p.pk), f"{p.full_name} (suggested)") for p in match.candidates]
            suggested_ids = {pk for pk, _ in suggested}
            choices = [
                *suggested,
                (NEW, f"Add {attendee.name} to the register"),
                *(
                    [(NAME_ONLY, "Record the name only, not in the register")]
                    if attendee.status == IN_ATTENDANCE
                    else []
                ),
                (OMIT, "Leave out of the attendance"),
                *[(pk, name) for pk, name in register if pk not in suggested_ids],
            ]
            name = f"person_{index}"
            self.fields[name] = forms.ChoiceField(
                label=f"Who is {attendee.name}?",
                choices=choices,
                initial=default_choice(match),
                error_messages={
                    "invalid_choice": f"Choose who {attendee.name} is from the list",
                    "required": f"Choose who {attendee.name} is",
                },
            )
            self.rows.append((match, self[name]))

    def choices(self) -> dict[int, str]:
        return {index: self.cleaned_data[f"person_{index}"] for index in range(len(self.rows))}
