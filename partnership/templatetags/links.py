"""`{% link 'name' part ... %}`: Django's `{% url %}` (without `as`), reversed once per process
for each name and parts (see partnership.links). Every template uses it."""

from django import template

from partnership import links

register = template.Library()


@register.simple_tag
def link(name: str, *args, **kwargs) -> str:
    return links.link(name, *args, **kwargs)
