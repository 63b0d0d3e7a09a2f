"""The dates the application accepts, in one place.

Python's dates run from year 1 to 9999, but a meeting in year 9999 cannot end and a day in year
1 cannot be moved to UTC: both broke pages. Every date typed into a form is checked against a
`DateRange` (`core.forms.DateField` applies `DATES` unless told otherwise); meetings are
held within `MEETING_DATES`, and a public address naming a day outside `DATES` is not found.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class DateRange:
    """A validator: the first and last day allowed, both included."""

    earliest: dt.date
    latest: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.earliest <= day <= self.latest

    @property
    def message(self) -> str:
        return f"Enter a date from {self.earliest:%-d %B %Y} to {self.latest:%-d %B %Y}."

    def __call__(self, value: dt.date | None) -> None:
        if value is not None and value not in self:
            raise ValidationError(self.message, code="date_out_of_range")


# Any date: a membership or an interest may have started long ago; nothing is planned beyond 2100.
DATES = DateRange(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
# The day of a meeting (one, or every one of a series).
MEETING_DATES = DateRange(dt.date(2000, 1, 1), dt.date(2100, 12, 31))
