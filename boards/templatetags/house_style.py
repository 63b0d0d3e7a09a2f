"""The partnership's house style in templates: `{{ item.number|item_number:partnership }}`."""

from django import template

register = template.Library()


@register.filter
def item_number(number, partnership) -> str:
    """An agenda item's number as the partnership writes it: "5." or "5.0" ("5A." or "5A.0")."""
    if partnership is None or not hasattr(partnership, "item_number"):
        return f"{number}."
    return partnership.item_number(number)
