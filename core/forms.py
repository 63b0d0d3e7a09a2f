"""The one layout pack for forms: GOV.UK Design System through crispy-forms-gds."""

import datetime as dt
import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db.models.fields import BLANK_CHOICE_DASH, BLANK_CHOICE_LABEL
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags

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


TEXT_LIMIT = 10_000  # characters in a text box: a long reason or description, not a report
BARE_REQUIRED = str(forms.Field.default_error_messages["required"])


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
    long_text_limits: dict[str, int] = {}  # a text box that may run past TEXT_LIMIT, by field name
    missing_version_message = (
        "This form came back without the version of the record it was opened at, so it cannot tell "
        "whether someone else has changed the record since. Nothing was saved: open the page again."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.name_fields_in_messages()
        self.drop_blank_radios()

    def name_fields_in_messages(self) -> None:
        """Every message names its field: Django's bare "This field is required." becomes "Enter
        the venue", its "Ensure this value has at most 200 characters" names the field and the
        limit. A message a form set itself is kept."""
        for name, field in self.fields.items():
            label = field.label if field.label is not None else name.replace("_", " ").capitalize()
            # Messages named here before (the label may have been set since) are named afresh.
            for code, message in getattr(field, "named_messages", {}).items():
                if field.error_messages.get(code) != message:
                    continue  # the form set its own since
                if code == "required":
                    field.error_messages[code] = BARE_REQUIRED
                elif code in field.default_error_messages:
                    field.error_messages[code] = field.default_error_messages[code]
                else:
                    del field.error_messages[code]
            before = dict(field.error_messages)
            self._name_messages(name, field, label)
            field.named_messages = {
                code: message for code, message in field.error_messages.items() if before.get(code) != message
            }

    def _name_messages(self, name: str, field, label) -> None:
        """The messages of one field, named after its label."""
        text_box = isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea)
        if text_box and field.max_length is None:
            limit = self.long_text_limits.get(name, TEXT_LIMIT)
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
        if field.error_messages.get("required") == BARE_REQUIRED:
            field.error_messages["required"] = required_message(field, label)
        if getattr(field, "max_length", None) and "max_length" not in field.error_messages:
            phrase = label_phrase(label)
            subject = (phrase[:1].upper() + phrase[1:]) if phrase else "This answer"
            field.error_messages["max_length"] = (
                f"{subject} must be %(limit_value)d characters or fewer (it has %(show_value)d)"
            )
        if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)) and "invalid_choice" in field.error_messages:
            bare = field.default_error_messages.get("invalid_choice")
            if bare is not None and field.error_messages["invalid_choice"] == bare:
                field.error_messages["invalid_choice"] = choice_message(label or name.replace("_", " "))
        if isinstance(field, forms.IntegerField) and not isinstance(field.widget, forms.HiddenInput):
            phrase = label_phrase(label)
            subject = (_the(phrase)[:1].upper() + _the(phrase)[1:]) if phrase else "The number"
            # Django's own bound messages ("Ensure this value is greater than or equal to 0.")
            # name the field; a validator with its own words keeps them.
            for validator, words in (
                *((v, "or more") for v in field.validators if isinstance(v, MinValueValidator)),
                *((v, "or fewer") for v in field.validators if isinstance(v, MaxValueValidator)),
            ):
                if validator.message == type(validator).message and validator.code not in field.error_messages:
                    field.error_messages[validator.code] = f"{subject} must be %(limit_value)s {words}"
            if field.error_messages.get("invalid") == str(forms.IntegerField.default_error_messages["invalid"]):
                field.error_messages["invalid"] = f"Enter {_the(phrase)} as a whole number"

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
        back: without it a stale copy would overwrite another person's save unnoticed. Fields a
        subclass added after `__init__` get their messages named here too."""
        self.name_fields_in_messages()
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

    def get_invalid_login_error(self):
        """A deactivated account whose right password was given is told so (and whom to ask); any
        other failure gets Django's message, which says nothing of whether the account exists."""
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username and password:
            model = self.username_field.model
            account = model._default_manager.filter(**{model.USERNAME_FIELD: username}, is_active=False).first()
            if account is not None and account.check_password(password):
                return forms.ValidationError(
                    "This account has been deactivated. Ask your partnership's officer if you need it again.",
                    code="inactive",
                )
        return super().get_invalid_login_error()


DAY_MONTH_YEAR = ("day", "month", "year")
DATE_EXAMPLE = "13 1 2027"
TIME_EXAMPLE = "9:30am or 14:00"


def label_phrase(label) -> str:
    """A field's label as words for a message: "Email (private)" → "email", "Job title, as
    listed in minutes" → "job title"; a label that starts with a proper noun keeps its capital."""
    text = re.sub(r"\s*\(.*?\)", "", strip_tags(str(label or ""))).split(",")[0].strip().rstrip("?:.–- ")
    text = re.sub(r"^(?:or|and)\s+", "", text, flags=re.IGNORECASE)  # "Or the owner's name" → "the owner's name"
    words = text.split(" ", 1)
    if words[0] and not (len(words[0]) > 1 and words[0][1:2].isupper()) and words[0] not in ("I",):
        words[0] = words[0][:1].lower() + words[0][1:]
    return " ".join(words)


# A label starting with one of these does not read as a thing ("In the chair for item 1", "Did
# this meeting agree …?"): messages quote it instead of naming it.
NOT_A_THING = (
    *("for", "in", "at", "on", "to", "by", "with", "from", "of", "as", "if"),
    *("did", "do", "does", "is", "are", "was", "were", "has", "have", "can", "will", "should"),
)


def reads_as_thing(phrase: str) -> bool:
    return bool(phrase) and phrase.split(" ", 1)[0].lower() not in NOT_A_THING


def choice_message(label) -> str:
    """“Choose the organisation from the list”; for a label that does not read as a thing
    ("In the chair for item 1"), the label quoted: “Choose one of the options for …”."""
    phrase = label_phrase(label)
    if not reads_as_thing(phrase):
        plain = strip_tags(str(label or "")).strip().rstrip("?:")
        return f"Choose one of the options for “{plain}”" if plain else "Choose one of the options listed"
    return f"Choose {_the(phrase)} from the list"


def _the(phrase: str) -> str:
    first = phrase.split(" ", 1)[0].lower()
    if first in ("the", "a", "an", "your", "their", "his", "her", "its") or first in QUESTION_WORDS:
        return phrase
    return f"the {phrase}"


QUESTION_WORDS = ("which", "what", "who", "whom", "how", "when", "where", "why", "whether")


def required_message(field: forms.Field, label) -> str:
    """ "Enter the venue", "Select the kind of interest": GOV.UK's required-field messages, made
    from the label. A form gives its own where these read badly."""
    phrase = label_phrase(label)
    if not phrase:
        return "Answer this question"
    widget = field.widget
    if isinstance(field, DateField):
        if re.search(r"\b(date|day)\b", phrase, re.IGNORECASE):
            return f"Enter {_the(phrase)}"
        return f"Enter a date for “{str(label).strip()}”"
    if isinstance(widget, forms.CheckboxInput):
        return f"Tick “{str(label).strip()}” to go on"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return f"Select at least one: {phrase}"
    if isinstance(widget, (forms.Select, forms.RadioSelect)):
        if not reads_as_thing(phrase):
            return f"Select an answer to “{strip_tags(str(label)).strip()}”"
        return f"Select {_the(phrase)}"
    if isinstance(widget, forms.FileInput):
        return f"Choose {_the(phrase)} to upload"
    return f"Enter {_the(phrase)}"


class DateInput(forms.MultiWidget):
    """GOV.UK's date input: day, month and year boxes, posted as `<name>_day`, `_month`, `_year`.

    A single date posted under the field's own name ("2027-01-13" or "13/01/2027", as a script or
    an older page would send it) is accepted too: no browser page posts one, so it never hides
    what a person typed into the boxes."""

    template_name = "core/widgets/date_input.html"
    widths = {"day": 2, "month": 2, "year": 4}

    def __init__(self, attrs=None) -> None:
        widgets = {
            part: forms.TextInput(attrs={"inputmode": "numeric", "label": part.capitalize()}) for part in DAY_MONTH_YEAR
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value.strip():
            parsed = parse_date_text(value)
            if parsed:
                return [str(parsed.day), str(parsed.month), str(parsed.year)]
            return [value, "", ""]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if name in data:
            return data.get(name)
        return [data.get(f"{name}_{part}") for part in DAY_MONTH_YEAR]

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id")
        for part, subwidget in zip(DAY_MONTH_YEAR, context["widget"]["subwidgets"], strict=True):
            if id_:
                subwidget["attrs"]["id"] = f"{id_}_{part}"  # as the box is named: id_date_day
            # A layout's width (Field.text(..., field_width=10)) is for a single box: each box
            # here has its own.
            classes = [c for c in subwidget["attrs"].get("class", "").split() if not c.startswith("govuk-input--width")]
            for needed in ("govuk-input", "govuk-date-input__input", f"govuk-input--width-{self.widths[part]}"):
                if needed not in classes:
                    classes.append(needed)
            subwidget["attrs"]["class"] = " ".join(classes)
            subwidget["label"] = subwidget["attrs"].pop("label", part.capitalize())
            subwidget["attrs"].pop("required", None)
        return context

    def id_for_label(self, id_):
        return f"{id_}_day" if id_ else id_


class _Box:
    def __init__(self) -> None:
        self.widget = forms.TextInput()
        self.widget.errors = []


def parse_date_text(text: str) -> dt.date | None:
    """A date typed as one string: 2027-01-13, 13/01/2027, 13-1-2027, 13.1.2027 (day first, as
    in England). None when it is not one."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = match.groups()
    else:
        match = re.fullmatch(r"(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4})", text)
        if not match:
            return None
        day, month, year = match.groups()
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


class DateField(forms.Field):
    """A date typed into GOV.UK's day, month and year boxes, with messages that name the field
    ("Date of the meeting must include a month"), checked against `within` (`core.validators`)."""

    widget = DateInput
    default_error_messages = {"invalid": "Enter a real date, for example 13 1 2027."}

    def __init__(self, *, within: DateRange = DATES, **kwargs) -> None:
        kwargs.pop("input_formats", None)
        kwargs.pop("max_length", None)  # a model DateField's form field never needs these
        kwargs.pop("empty_value", None)
        kwargs.setdefault("help_text", f"For example, {DATE_EXAMPLE}")
        super().__init__(**kwargs)
        self.within = within
        self.validators.append(within)

    @property
    def fields(self) -> list:
        """One stand-in field per box, for crispy-forms-gds's date-input rendering (it reads
        errors per box from them; this field reports its errors for the date as a whole, so all
        three boxes are marked)."""
        return [_Box() for _ in DAY_MONTH_YEAR]

    def widget_attrs(self, widget):
        return {}

    def _name(self) -> str:
        phrase = label_phrase(self.label)
        if re.search(r"\b(date|day)\b", phrase, re.IGNORECASE):
            return phrase[:1].upper() + phrase[1:]
        return f"The date for “{str(self.label).strip()}”" if self.label else "The date"

    def _not_real(self) -> str:
        return f"{self._name()} must be a real date, for example {DATE_EXAMPLE}"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            parsed = parse_date_text(value)
            if parsed is None:
                raise forms.ValidationError(self._not_real(), "invalid")
            return parsed
        parts = [str(part or "").strip() for part in value]
        if not any(parts):
            return None
        missing = [part for part, typed in zip(DAY_MONTH_YEAR, parts, strict=True) if not typed]
        if missing:
            words = " and a ".join(missing)
            raise forms.ValidationError(f"{self._name()} must include a {words}", "incomplete")
        if not all(part.isdigit() for part in parts):
            raise forms.ValidationError(f"{self._name()} must be a real date, for example {DATE_EXAMPLE}", "invalid")
        day, month, year = (int(part) for part in parts)
        if len(parts[2]) != 4:
            raise forms.ValidationError(f"{self._name()} must have a year of 4 numbers, for example 2027", "invalid")
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(
                f"{self._name()} must be a real date, for example {DATE_EXAMPLE}", "invalid"
            ) from None

    def run_validators(self, value):
        # Field.run_validators words a validator's error by its code from error_messages.
        self.error_messages["date_out_of_range"] = (
            f"{self._name()} must be between {self.within.earliest:%-d %B %Y} and {self.within.latest:%-d %B %Y}"
        )
        super().run_validators(value)

    def prepare_value(self, value):
        return value

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True


def parse_time_text(text: str) -> dt.time | None:
    """A time as people type it: "9:30am", "9.30 am", "9am", "14:00", "1400", "noon". None when
    it is not one."""
    text = re.sub(r"\s+", "", text.strip().lower()).replace("a.m.", "am").replace("p.m.", "pm")
    if text in ("noon", "midday", "12noon"):
        return dt.time(12, 0)
    if text == "midnight":
        return dt.time(0, 0)
    match = re.fullmatch(r"(\d{1,2})(?:[:.h]?(\d{2}))?(am|pm)?", text)
    if not match:
        return None
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if match[2] is None and half is None and len(match[1]) < 3:
        return None  # "9" alone: morning or evening?
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class TimeField(forms.TimeField):
    """A time typed as "9:30am", "9.30", "2pm" or "14:00" (a plain text box: browsers' own time
    inputs follow the computer's locale, not the page's)."""

    widget = forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5", "autocomplete": "off"})
    default_error_messages = {"invalid": f"Enter a real time, for example {TIME_EXAMPLE}."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.time):
            return value
        parsed = parse_time_text(str(value))
        if parsed is None:
            label = str(self.label or "the time").strip()
            raise forms.ValidationError(f"Enter a real time for “{label}”, for example {TIME_EXAMPLE}", code="invalid")
        return parsed

    def prepare_value(self, value):
        """A time shown back as the house writes it: "9:30am", "2pm"."""
        if isinstance(value, dt.time):
            minutes = f":{value.minute:02d}" if value.minute else ""
            return f"{value.hour % 12 or 12}{minutes}{'am' if value.hour < 12 else 'pm'}"
        return value


def not_in_the_past(field: forms.Field, day, what: str) -> str | None:
    """A refusal when `day` is before today, worded for the field; None when it is not."""
    if day and day < timezone.localdate():
        return f"{what} must be today or in the future: {day:%-d %B %Y} has passed"
    return None


def number_input(width: int = 3) -> forms.NumberInput:
    return forms.NumberInput(attrs={"class": f"govuk-input govuk-input--width-{width}", "inputmode": "numeric"})


def version_field() -> forms.IntegerField:
    """The version of the record the form loaded (`core.audit.record_version`), carried
    back so the service can refuse a save made from a stale copy."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**63 - 1)
