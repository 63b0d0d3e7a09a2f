"""Dates the law and the partnership's rhythm care about: working days, the agenda deadline
(five clear working days), and the dates of a recurring series of meetings."""

import datetime as dt
from functools import lru_cache

import holidays
from dateutil.rrule import MONTHLY, rrule, weekday
from django.db import models

CLEAR_WORKING_DAYS = 5


@lru_cache(maxsize=32)
def _england_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def bank_holiday_name(day: dt.date) -> str | None:
    """The English bank holiday on `day`, or None."""
    return _england_holidays(day.year).get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and bank_holiday_name(day) is None


def agenda_deadline(meeting_day: dt.date) -> dt.date:
    """The last day an agenda can be published for a meeting on `meeting_day`.

    Local Government Act 1972, s.100B: open to inspection for at least five clear days before
    the meeting. Neither the day of publication nor the day of the meeting counts, and neither
    do weekends or bank holidays. So count back five working days from the day before the
    meeting; publication must happen before the earliest of them, and on a working day, when
    the council's offices are open (so never a deadline that falls on a bank holiday).
    """
    day = meeting_day
    counted = 0
    while counted < CLEAR_WORKING_DAYS:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    day -= dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


class RepeatRule(models.TextChoices):
    SAME_WEEKDAY = "same_weekday", "The same weekday of the month as the first date (for example, the second Wednesday)"
    LAST_WEEKDAY = "last_weekday", "The last of that weekday in the month (for example, the last Friday)"
    SAME_DATE = "same_date", "The same date of the month"


def describe_rule(first: dt.date, rule: str) -> str:
    ordinals = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
    if rule == RepeatRule.SAME_DATE:
        return f"day {first.day} of the month"
    if rule == RepeatRule.LAST_WEEKDAY:
        return f"the last {first:%A} of the month"
    return f"the {ordinals[(first.day - 1) // 7 + 1]} {first:%A} of the month"


def series_dates(first: dt.date, *, every_months: int, rule: str, count: int) -> list[dt.date]:
    """The dates of `count` meetings from `first`, every `every_months` months, by `rule`."""
    start = dt.datetime.combine(first, dt.time())
    if rule == RepeatRule.SAME_DATE:
        dates = rrule(MONTHLY, interval=every_months, bymonthday=first.day, dtstart=start, count=count)
    else:
        nth = -1 if rule == RepeatRule.LAST_WEEKDAY else (first.day - 1) // 7 + 1
        # Anchor the rule at the first of the month so that the first meeting is included.
        anchor = start.replace(day=1)
        dates = rrule(
            MONTHLY, interval=every_months, byweekday=weekday(first.weekday(), nth), dtstart=anchor, count=count
        )
    return [moment.date() for moment in dates]
