"""Where each line of a form's error summary links: the field's first input, by an id that exists."""

from django import forms, template

register = template.Library()


def first_input_id(bound_field) -> str:
    """The id of the element a summary link must land on for this field.

    crispy-forms-gds numbers radios and checkboxes from 1 (`id_kind_1`) and gives the group no id;
    a multi-box widget (the date input) names its boxes `id_date_day`…"""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return widget.id_for_label(bound_field.auto_id)
    return bound_field.id_for_label or bound_field.auto_id


@register.simple_tag
def error_links(form) -> list[tuple[str, str]]:
    """(target id, message) for every error of the form, in the order of the page: errors about
    the whole form (and any on hidden fields) link to the first field."""
    visible = form.visible_fields()
    first = first_input_id(visible[0]) if visible else "main-content"
    links = [(first, error) for error in form.non_field_errors()]
    for field in form.hidden_fields():
        links += [(first, error) for error in field.errors]
    for field in visible:
        target = first_input_id(field)
        links += [(target, error) for error in field.errors]
    return links
