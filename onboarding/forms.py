"""The set-up pages' forms: laid out the GOV.UK way, validated field by field; the services
enforce the rules."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm

from boards.models import Body, Partnership
from core.forms import GovFormMixin, TimeField, number_input
from members.forms import VersionedForm
from members.models import Person

from .models import Invitation
from .services import parse_principles

SLUG_HELP = "Lower-case letters, numbers and hyphens, as in “milton-keynes”. Used in the partnership's web addresses."


class PartnershipCreateForm(GovFormMixin, forms.Form):
    submit_label = "Create the partnership and invite its officer"

    name = forms.CharField(label="Name of the partnership", max_length=200)
    slug = forms.SlugField(label="Web address", max_length=80, help_text=SLUG_HELP)
    area = forms.CharField(label="Local authority area", max_length=200)
    vision = forms.CharField(
        label="Vision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few short lines, one per line. You can change it later.",
    )
    officer_email = forms.EmailField(
        label="E-mail address of its first officer",
        help_text="They are sent a link to set a password. The link works once and expires.",
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Partnership.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("A partnership with this name exists already")
        return name

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if Partnership.objects.filter(slug=slug).exists():
            raise forms.ValidationError("Another partnership has this web address: choose another")
        return slug


class PartnershipSettingsForm(VersionedForm):
    submit_label = "Save settings"

    class Meta:
        model = Partnership
        fields = [
            "name",
            "slug",
            "area",
            "administering_authority",
            "vision",
            "vision_statement",
            "participation_statement",
            "nolan_undertaking",
            "chair_may_establish_commissions",
            "resolution_style",
            "minutes_approval_wording",
            "item_numbering",
        ]
        labels = {
            "slug": "Web address",
            "area": "Local authority area",
            "resolution_style": "Heading of each decision in the minutes",
            "minutes_approval_wording": "How the minutes record their approval",
            "item_numbering": "Agenda item numbers",
            "nolan_undertaking": "Nolan undertaking, in the partnership's own words",
            "chair_may_establish_commissions": "The board has delegated to the chair the power to set up commissions",
        }
        help_texts = {
            "slug": SLUG_HELP + " The old address keeps working: it redirects to the new one.",
        }
        widgets = {
            "resolution_style": forms.RadioSelect,
            "minutes_approval_wording": forms.RadioSelect,
            "item_numbering": forms.RadioSelect,
            "vision": forms.Textarea(attrs={"rows": 3}),
            "vision_statement": forms.Textarea(attrs={"rows": 4}),
            "participation_statement": forms.Textarea(attrs={"rows": 4}),
            "nolan_undertaking": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_numbering"].choices = [
            ("plain", "1., 2., 3. (a late item: 5A.)"),
            ("decimal", "1.0, 2.0, 3.0 (a late item: 5A.0)"),
        ]
        self.drop_blank_radios()

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if Partnership.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another partnership has this web address: choose another")
        return slug

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Partnership.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another partnership has this name")
        return name


class FocusAreasForm(GovFormMixin, forms.Form):
    submit_label = "Save focus areas and principles"

    focus_areas = forms.CharField(
        label="Focus areas",
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="One per line, in order.",
    )
    principles = forms.CharField(
        label="Principles",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="One principle to a paragraph: its title on the first line, then one aim to a line. "
        "Leave a blank line between principles.",
    )

    def clean_focus_areas(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["focus_areas"].splitlines() if line.strip()]
        for name in names:
            if len(name) > 120:
                raise forms.ValidationError(
                    f"Each focus area must be 120 characters or fewer (“{name[:30]}…” is longer)"
                )
        if len({n.casefold() for n in names}) != len(names):
            raise forms.ValidationError("Each focus area must have a different name")
        return names

    def clean_principles(self):
        principles = parse_principles(self.cleaned_data["principles"])
        for title, _ in principles:
            if len(title) > 255:
                raise forms.ValidationError("Each principle's title must be 255 characters or fewer")
        return principles


class BodyForm(VersionedForm):
    submit_label = "Save"

    usual_start_time = TimeField(label="Usual start time", required=False)

    class Meta:
        model = Body
        fields = [
            "kind",
            "name",
            "slug",
            "description",
            "terms_of_reference",
            "quorum",
            "quorum_rule",
            "usual_venue",
            "usual_start_time",
            "max_meeting_minutes",
            "meeting_frequency",
            "contact_name",
            "contact_email",
            "contact_telephone",
        ]
        labels = {
            "kind": "Kind of body",
            "slug": "Web address",
            "quorum": "Quorum (number of voting members)",
            "quorum_rule": "Quorum rule",
            "max_meeting_minutes": "Longest meeting, in minutes",
            "contact_name": "Contact officer's name",
            "contact_email": "Contact officer's e-mail address",
            "contact_telephone": "Contact officer's telephone number",
        }
        help_texts = {"slug": "Lower-case letters, numbers and hyphens, as in “planning-group”."}
        widgets = {
            "kind": forms.RadioSelect,
            "quorum": number_input(),
            "max_meeting_minutes": number_input(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "terms_of_reference": forms.Textarea(attrs={"rows": 10}),
        }

    long_text_limits = {"terms_of_reference": 50_000}

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["kind"].choices = [c for c in Body.Kind.choices if c[0] != Body.Kind.COMMISSION]
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["contact_telephone"].widget.attrs.update({"autocomplete": "off", "class": "govuk-input--width-20"})
        self.drop_blank_radios()

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        others = Body.objects.filter(partnership=self.instance.partnership, slug=slug).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("Another body of this partnership has this web address")
        return slug

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Body.objects.filter(partnership=self.instance.partnership, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if others.exists():
            raise forms.ValidationError("Another body of this partnership has this name")
        return name


class InviteForm(GovFormMixin, forms.Form):
    submit_label = "Send the invitation"

    email = forms.EmailField(label="E-mail address", max_length=254)
    role = forms.ChoiceField(label="Role", choices=Invitation.Role.choices, widget=forms.RadioSelect)
    person = forms.ModelChoiceField(
        label="Their entry in the register",
        queryset=Person.objects.none(),
        required=False,
        help_text="Needed for the chair and members: their account is linked to this entry. Optional for an officer.",
    )

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(partnership=partnership).order_by(
            "family_name", "given_name"
        )
        self.fields["person"].label_from_instance = lambda p: p.full_name
        self.drop_blank_radios()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") in (Invitation.Role.CHAIR, Invitation.Role.MEMBER) and not cleaned.get("person"):
            self.add_error("person", "Choose the person in the register this account belongs to")
        return cleaned


class DeactivateForm(GovFormMixin, forms.Form):
    submit_label = "Deactivate the account"

    reason = forms.CharField(
        label="Why is the account being deactivated?",
        max_length=300,
        help_text="For example “Left the council in March”. Kept in the account's history.",
    )


class InvitationPasswordForm(GovFormMixin, SetPasswordForm):
    submit_label = "Set my password and sign in"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password2"].label = "Type the password again"
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"
