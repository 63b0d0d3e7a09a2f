"""Dates and times as UK readers expect them: "Wednesday 13 January 2027, 2pm".

The one place they are formatted: the template filters (`partnership/templatetags/ukdates.py`),
`__str__` methods, services, e-mails and PDFs all call these, so a page and a PDF never disagree.

GOV.UK style: no leading zeros, am/pm in lower case with no space, "midday" and "midnight"
rather than 12pm and 12am, and no ":00" on the hour. Aware datetimes are shown in local time.
"""

import datetime as dt

from django.utils import timezone

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_time(value: dt.time | dt.datetime) -> str:
    """'2pm', '9:30am', 'midday', 'midnight'."""
    if isinstance(value, dt.datetime):
        value = local(value).time()
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{suffix}"


def format_date(value: dt.date | dt.datetime, *, weekday: bool = True) -> str:
    """'Wednesday 13 January 2027'; without the weekday, '13 January 2027'. English names from
    tables rather than strftime: the same whatever the server's locale."""
    if isinstance(value, dt.datetime):
        value = local(value).date()
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return f"{WEEKDAYS[value.weekday()]} {text}" if weekday else text


def format_datetime(value: dt.datetime) -> str:
    """'Wednesday 13 January 2027, 2pm'."""
    value = local(value)  # once, for both halves
    return f"{format_date(value.date())}, {format_time(value.time())}"


def format_span(start: dt.time | dt.datetime, end: dt.time | dt.datetime) -> str:
    """'2pm to 4:30pm': the times of a meeting."""
    return f"{format_time(start)} to {format_time(end)}"
