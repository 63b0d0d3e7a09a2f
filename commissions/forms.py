from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from boards.models import FocusArea, Partnership
from core.forms import ChoicesField, DateField, GovFormMixin, version_field
from meetings.models import Resolution
from members.models import Membership, Organisation, Person

from .models import EvidenceSession, Recommendation
from .services import COMMISSION_ROLES, DECISIONS, PROGRESS


def resolution_choices(partnership: Partnership):
    return (
        Resolution.objects.filter(meeting__body__partnership=partnership, meeting__body__kind="board")
        .select_related("meeting")
        .order_by("-meeting__starts_at", "number")
    )


def label_resolution(resolution: Resolution) -> str:
    return f"{resolution.meeting.date:%-d %B %Y}, resolution {resolution.number}: {resolution.text[:90]}"


class ProposeForm(GovFormMixin, forms.Form):
    submit_label = "Propose the commission"
    title = forms.CharField(label="Title", max_length=200, help_text="For example “Child Poverty Commission”.")
    issue = forms.CharField(label="The issue identified", widget=forms.Textarea(attrs={"rows": 3}))
    remit = forms.CharField(label="Remit (terms of reference)", widget=forms.Textarea(attrs={"rows": 5}))
    focus_areas = ChoicesField(
        label="Focus areas", queryset=FocusArea.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    members = ChoicesField(
        label="Proposed members from the partnership",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Specialist advisors and co-opted members are added once it is established.",
    )
    chair = forms.ModelChoiceField(
        label="Chair of the commission (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not yet chosen",
        help_text="A member of the partnership who will chair it. You can name the chair later.",
    )
    starts_on = DateField(label="Start date")
    ends_on = DateField(
        label="End date (the time limit)", error_messages={"required": "Every commission needs an end date."}
    )
    participation_strategy = forms.CharField(
        label="How children, young people and families will be heard",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Direct involvement, research, the Youth Cabinet, surveys … It is required before the commission "
        "can become active.",
    )

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = partnership.focus_areas.all()
        board = partnership.board
        self.fields["members"].queryset = (
            Person.objects.in_partnership(partnership).filter(pk__in=board.memberships.current().values("person_id"))
            if board
            else Person.objects.none()
        )
        self.fields["members"].label_from_instance = lambda person: person.full_name
        self.fields["chair"].queryset = self.fields["members"].queryset
        self.fields["chair"].label_from_instance = lambda person: person.full_name

    def layout_fields(self) -> list:
        return [
            Field.text("title"),
            Field.textarea("issue"),
            Field.textarea("remit"),
            Field.checkboxes("focus_areas", legend_size=Size.SMALL),
            Field.checkboxes("members", legend_size=Size.SMALL),
            Field.select("chair"),
            Field.text("starts_on"),
            Field.text("ends_on"),
            Field.textarea("participation_strategy"),
        ]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", "The end date must be after the start date.")
        elif data.get("ends_on") and data["ends_on"] <= timezone.localdate():
            self.add_error("ends_on", "The end date must be in the future: a commission cannot end before it is set up")
        return data


class EstablishForm(GovFormMixin, forms.Form):
    submit_label = "Establish the commission"
    resolution = forms.ModelChoiceField(
        label="The board's resolution", queryset=Resolution.objects.none(), required=False
    )
    by_chair = forms.BooleanField(label="Established by the chair under powers delegated by the board", required=False)
    established_on = DateField(label="Date established")

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = resolution_choices(partnership)
        self.fields["resolution"].label_from_instance = label_resolution
        if not partnership.chair_may_establish_commissions:
            del self.fields["by_chair"]

    def layout_fields(self) -> list:
        return [
            Field.select("resolution"),
            *([Field.checkbox("by_chair")] if "by_chair" in self.fields else []),
            Field.text("established_on"),
        ]

    def clean(self):
        data = super().clean()
        if not data.get("resolution") and not data.get("by_chair"):
            self.add_error("resolution", "Choose the board resolution that established the commission.")
        return data


class MemberForm(GovFormMixin, forms.Form):
    submit_label = "Add to the commission"
    person = forms.ModelChoiceField(
        label="A person already in the register", queryset=Person.objects.none(), required=False
    )
    given_name = forms.CharField(label="Or someone new to co-opt: first name", max_length=100, required=False)
    family_name = forms.CharField(label="Last name", max_length=100, required=False)
    honorific = forms.CharField(label="Title (optional)", max_length=40, required=False)
    job_title = forms.CharField(label="Role or expertise", max_length=200, required=False)
    organisation = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none(), required=False)
    role = forms.ChoiceField(
        label="Role on the commission",
        choices=[(r, Membership.Role(r).label) for r in COMMISSION_ROLES],
        widget=forms.RadioSelect,
        initial=Membership.Role.MEMBER,
    )
    voting = forms.BooleanField(label="Voting member", required=False, initial=True)
    starts_on = DateField(label="From", error_messages={"required": "Enter the date the member joins the commission"})
    ends_on = DateField(label="Until (optional)", required=False)

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.in_partnership(partnership)
        self.fields["person"].label_from_instance = lambda person: person.full_name
        self.fields["organisation"].queryset = partnership.organisations.all()

    def layout_fields(self) -> list:
        return [
            Field.select("person"),
            Fieldset(
                Field.text("honorific", field_width=10),
                Field.text("given_name"),
                Field.text("family_name"),
                legend="Or co-opt someone new",
                legend_size=Size.SMALL,
            ),
            Field.text("job_title"),
            Field.select("organisation"),
            Field.radios("role", legend_size=Size.SMALL),
            Field.checkbox("voting"),
            Field.text("starts_on"),
            Field.text("ends_on"),
        ]

    def clean(self):
        data = super().clean()
        new = (data.get("given_name") or "").strip() or (data.get("family_name") or "").strip()
        if not data.get("person") and not new:
            self.add_error("person", "Choose a person, or give the name of someone new to co-opt.")
        if data.get("person") and new:
            self.add_error("given_name", "Choose a person from the register or type a new name, not both.")
        if (
            not data.get("person")
            and new
            and not ((data.get("given_name") or "").strip() and (data.get("family_name") or "").strip())
        ):
            self.add_error("family_name", "Give both the first and last name.")
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return data

    def new_person(self) -> dict | None:
        if self.cleaned_data.get("person"):
            return None
        return {k: self.cleaned_data[k].strip() for k in ("honorific", "given_name", "family_name")}


class SessionForm(GovFormMixin, forms.ModelForm):
    submit_label = "Log the session"

    class Meta:
        model = EvidenceSession
        fields = ["kind", "held_on", "heard", "summary"]
        widgets = {
            "kind": forms.RadioSelect,
            "heard": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        field_classes = {"held_on": DateField}
        labels = {"held_on": "Date of the session"}
        error_messages = {"kind": {"required": "Choose whether it was an evidence or a participation session."}}

    def layout_fields(self) -> list:
        return [
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("held_on"),
            Field.textarea("heard"),
            Field.textarea("summary"),
        ]

    def _post_clean(self):
        pass


class RecommendationForm(GovFormMixin, forms.Form):
    submit_label = "Add the recommendation"
    text = forms.CharField(label="Recommendation", widget=forms.Textarea(attrs={"rows": 4}))
    addressed_to = forms.ModelChoiceField(
        label="Addressed to",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="The partnership board",
    )

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressed_to"].queryset = partnership.organisations.all()


class DecisionForm(GovFormMixin, forms.Form):
    submit_label = "Record the board's decision"
    status = forms.ChoiceField(
        label="The board's decision",
        choices=[(s, Recommendation.Status(s).label) for s in DECISIONS],
        widget=forms.RadioSelect,
    )
    resolution = forms.ModelChoiceField(label="The board's resolution", queryset=Resolution.objects.none())
    response = forms.CharField(label="The response", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = resolution_choices(partnership)
        self.fields["resolution"].label_from_instance = label_resolution


class ProgressForm(GovFormMixin, forms.Form):
    submit_label = "Save progress"
    status = forms.ChoiceField(
        label="Progress", choices=[(s, Recommendation.Status(s).label) for s in PROGRESS], widget=forms.RadioSelect
    )
    outcome = forms.CharField(label="Outcome so far", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = version_field()


class ExtendForm(GovFormMixin, forms.Form):
    submit_label = "Extend the time limit"
    new_end = DateField(label="New end date")
    reason = forms.CharField(
        label="Reason for the extension",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the extension."},
    )
    resolution = forms.ModelChoiceField(
        label="The board's resolution, if the board decided it", queryset=Resolution.objects.none(), required=False
    )
    version = version_field()

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolution"].queryset = resolution_choices(partnership)
        self.fields["resolution"].label_from_instance = label_resolution

    def clean_new_end(self):
        new_end = self.cleaned_data["new_end"]
        if new_end and new_end <= timezone.localdate():
            raise forms.ValidationError("The new end date must be in the future")
        return new_end


class ReportForm(GovFormMixin, forms.Form):
    submit_label = "Submit the final report"
    long_text_limits = {"final_report": 200_000}
    final_report = forms.CharField(
        label="Final report",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Markdown. Its recommendations are listed with it.",
        error_messages={"required": "Write or paste the commission's final report."},
    )
