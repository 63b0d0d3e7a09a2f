"""The one layout pack for forms: GOV.UK Design System through crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db.models.fields import BLANK_CHOICE_DASH, BLANK_CHOICE_LABEL
from django.utils.functional import cached_property

from .validators import DATES, DateRange


class ChoicesField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField that refuses a value outside the database's integer range with
    the field's own message (Django's passes it to the query, which fails)."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                try:
                    in_range = -(2**63) <= int(str(pk).strip()) < 2**63
                except ValueError:
                    in_range = True  # not a number: Django's own check reports it
                if not in_range:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


def _is_django_blank(choice) -> bool:
    """Django's own blank choice ("- Select an option -", or the older "---------"), not a
    choice whose value happens to be empty (an agenda item's kind "Business" is "")."""
    value, label = choice
    return value in ("", None) and str(label) in (str(BLANK_CHOICE_LABEL), BLANK_CHOICE_DASH[0][1])


class GovFormMixin:
    """Lays a form out the GOV.UK way: its fields in order, then one submit button.

    Set `submit_label` on the form class; override `layout_fields()` for a custom layout.
    Browser validation is off (`novalidate` on the form tag) so the server's messages show.
    """

    submit_label = "Save"
    missing_version_message = (
        "This form came back without the version of the record it was opened at, so it cannot tell "
        "whether someone else has changed the record since. Nothing was saved: open the page again."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.drop_blank_radios()

    def drop_blank_radios(self) -> None:
        """No radio button reads "- Select an option -": the blank choice a model field without a
        default brings is for a select box. A required question left unanswered is still refused
        with the field's message. (A form that swaps a widget for radios later calls this again.)"""
        for field in self.fields.values():
            if not isinstance(field.widget, forms.RadioSelect):
                continue
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = None
            elif isinstance(field, forms.ChoiceField):
                field.choices = [choice for choice in field.choices if not _is_django_blank(choice)]

    def layout_fields(self) -> list:
        return list(self.fields)

    def full_clean(self) -> None:
        """A form opened on an existing record (it was given a version) must bring its version
        back: without it a stale copy would overwrite another person's save unnoticed."""
        super().full_clean()
        if not self.is_bound or "version" not in self.fields or self.initial.get("version") is None:
            return
        if "version" not in self.errors and self.cleaned_data.get("version") is None:
            self.add_error(None, self.missing_version_message)

    @cached_property
    def helper(self) -> FormHelper:
        """Built when the form is first rendered, so it lays out the fields a subclass's
        `__init__` left (a field it removed is not named)."""
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # the page's <form> carries {% csrf_token %} itself
        helper.label_size = "s"
        helper.legend_size = "s"
        helper.layout = Layout(*self.layout_fields(), Button("submit", self.submit_label))
        return helper


class SignInForm(GovFormMixin, AuthenticationForm):
    """Django's sign-in form, laid out the GOV.UK way."""

    submit_label = "Sign in"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        # Django sets the field's max_length after building it, so nothing checks it: a longer
        # name would reach authenticate() and the failed-sign-in log (a 255-character column).
        username.validators.append(MaxLengthValidator(username.max_length))
        username.widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class DateField(forms.DateField):
    """A date typed as the GOV.UK pattern suggests, with a clear message when it is not a date
    or falls outside `within` (see `core.validators`)."""

    widget = forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d")
    default_error_messages = {"invalid": "Enter a real date, for example 13/01/2027."}

    def __init__(self, *, within: DateRange = DATES, **kwargs) -> None:
        super().__init__(**kwargs)
        self.within = within
        self.validators.append(within)


class TimeField(forms.TimeField):
    widget = forms.TimeInput(attrs={"type": "time", "class": "govuk-input govuk-input--width-5"}, format="%H:%M")
    default_error_messages = {"invalid": "Enter a real time, for example 14:00."}


def number_input(width: int = 3) -> forms.NumberInput:
    return forms.NumberInput(attrs={"class": f"govuk-input govuk-input--width-{width}", "inputmode": "numeric"})


def version_field() -> forms.IntegerField:
    """The version of the record the form loaded (`core.audit.record_version`), carried
    back so the service can refuse a save made from a stale copy."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**63 - 1)
