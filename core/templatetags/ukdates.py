"""Template filters for dates and times, UK style: each calls `core.dates`, the one place dates
are formatted (so a page, an e-mail and a PDF never disagree)."""

import datetime as dt

from django import template

from core.dates import format_date, format_datetime, format_span, format_time

register = template.Library()


@register.filter
def ukdate(value, arg: str = ""):
    """'Wednesday 13 January 2027'; with "short", '13 January 2027'."""
    if not value:
        return ""
    return format_date(value, weekday=arg != "short")


@register.filter
def uktime(value):
    """'2pm', '9:30am', 'midday'; from a time, a datetime, or a time kept as text ("09:30", as a
    form's data is kept in the session)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.time.fromisoformat(value)
        except ValueError:
            return value
    return format_time(value)


@register.filter
def ukdatetime(value):
    """'Wednesday 13 January 2027, 2pm'."""
    if not value:
        return ""
    return format_datetime(value)


@register.filter
def ukspan(start, end):
    """`{{ meeting.starts_at|ukspan:meeting.ends_at }}`: '2pm to 4pm'."""
    if not start or not end:
        return ""
    return format_span(start, end)
