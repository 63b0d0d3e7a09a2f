"""The agenda deadline (five clear working days) and the dates of a series, against worked dates."""

import datetime as dt

import pytest

from meetings.services.calendar import RepeatRule, agenda_deadline, bank_holiday_name, is_working_day, series_dates


@pytest.mark.parametrize(
    ("meeting_day", "deadline", "why"),
    [
        # Wed 13 Jan 2027: clear days Tue 12, Mon 11, Fri 8, Thu 7, Wed 6 -> publish by Tue 5.
        (dt.date(2027, 1, 13), dt.date(2027, 1, 5), "ordinary week with a weekend"),
        # Thu 1 Apr 2027: Wed 31, Tue 30, (Easter Monday 29, weekend, Good Friday 26), Thu 25, Wed 24, Tue 23.
        (dt.date(2027, 4, 1), dt.date(2027, 3, 22), "across Easter"),
        # Fri 8 Jan 2027: Thu 7, Wed 6, Tue 5, Mon 4, (New Year's Day 1, Boxing Day observed 28 Dec), Thu 31 Dec.
        (dt.date(2027, 1, 8), dt.date(2026, 12, 30), "across Christmas and New Year"),
        # Tue 5 Jan 2027: Mon 4, Thu 31, Wed 30, Tue 29, (Mon 28 Boxing Day observed, Christmas Fri 25), Thu 24.
        (dt.date(2027, 1, 5), dt.date(2026, 12, 23), "Christmas in the middle"),
        # Wed 9 Jan 2030: Tue 8, Mon 7, Fri 4, Thu 3, Wed 2; the day before is New Year's Day, so Mon 31 Dec.
        (dt.date(2030, 1, 9), dt.date(2029, 12, 31), "the last day would be a bank holiday"),
        # Mon 19 Oct 2026: Fri 16 ... Mon 12; the day before is a Sunday, so Friday 9 October.
        (dt.date(2026, 10, 19), dt.date(2026, 10, 9), "the last day would be a Sunday"),
    ],
)
def test_agenda_deadline_counts_five_clear_working_days(meeting_day, deadline, why):
    assert agenda_deadline(meeting_day) == deadline, why


def test_english_bank_holidays_are_not_working_days():
    assert bank_holiday_name(dt.date(2027, 3, 26)) == "Good Friday"
    assert bank_holiday_name(dt.date(2026, 12, 28)) is not None  # Boxing Day, observed
    assert not is_working_day(dt.date(2027, 3, 29))
    assert not is_working_day(dt.date(2027, 1, 9))  # a Saturday
    assert is_working_day(dt.date(2027, 1, 11))


def test_series_on_the_second_wednesday_every_two_months():
    assert series_dates(dt.date(2027, 1, 13), every_months=2, rule=RepeatRule.SAME_WEEKDAY, count=6) == [
        dt.date(2027, 1, 13),
        dt.date(2027, 3, 10),
        dt.date(2027, 5, 12),
        dt.date(2027, 7, 14),
        dt.date(2027, 9, 8),
        dt.date(2027, 11, 10),
    ]


def test_series_on_the_last_friday():
    assert series_dates(dt.date(2027, 1, 29), every_months=2, rule=RepeatRule.LAST_WEEKDAY, count=3) == [
        dt.date(2027, 1, 29),
        dt.date(2027, 3, 26),
        dt.date(2027, 5, 28),
    ]
