"""The partnership's house style in templates: `{{ item.number|item_number:partnership }}`."""

from django import template

from boards.models import Partnership

register = template.Library()


@register.filter
def item_number(number, style) -> str:
    """An agenda item's number as the partnership writes it: "5." or "5.0" ("5A." or "5A.0").
    `style` is the partnership (its current house style) or the style a published agenda was
    made in ("plain" or "decimal")."""
    if isinstance(style, str) and style:
        return Partnership.number_in_style(number, style)
    if style is None or not hasattr(style, "item_number"):
        return f"{number}."
    return style.item_number(number)
