"""Every message names its field in words that read: labels that are phrases ("In the chair for
item 1", "Or the owner's name"), labels set after the form was built, and number bounds."""

from django import forms

from core.forms import GovFormMixin


class ExampleForm(GovFormMixin, forms.Form):
    item_chair = forms.ChoiceField(label="In the chair for item 1, Budget", choices=[("1", "Ann")], required=False)
    owner_name = forms.CharField(label="Or the owner's name, if not listed", max_length=5, required=False)
    expected_minutes = forms.IntegerField(label="Expected minutes", min_value=0, required=False)
    approve_previous = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect)
    organisation = forms.ChoiceField(label="Organisation", choices=[("1", "Council")], required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approve_previous"].label = "Did this meeting approve the minutes of 9 October 2026?"


def test_messages_read_whatever_the_label():
    form = ExampleForm(
        data={
            "item_chair": "99",
            "owner_name": "Somebody Long",
            "expected_minutes": "-5",
            "approve_previous": "",
            "organisation": "7",
        }
    )
    assert not form.is_valid()
    assert form.errors["item_chair"] == ["Choose one of the options for “In the chair for item 1, Budget”"]
    assert form.errors["owner_name"] == ["The owner's name must be 5 characters or fewer (it has 13)"]
    assert form.errors["expected_minutes"] == ["The expected minutes must be 0 or more"]
    assert form.errors["approve_previous"] == [
        "Select an answer to “Did this meeting approve the minutes of 9 October 2026?”"
    ]
    assert form.errors["organisation"] == ["Choose the organisation from the list"]
