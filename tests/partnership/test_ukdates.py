import datetime as dt

from django.utils import timezone

from core.templatetags.ukdates import ukdate, ukdatetime, uktime


def test_dates_and_times_read_as_uk_readers_expect():
    winter = timezone.make_aware(dt.datetime(2027, 1, 13, 14, 0))
    assert ukdatetime(winter) == "Wednesday 13 January 2027, 2pm"
    assert uktime(dt.time(9, 30)) == "9:30am"
    assert uktime(dt.time(12, 0)) == "midday"
    assert ukdate(dt.date(2027, 3, 5), "short") == "5 March 2027"


def test_times_are_shown_in_london_time_in_summer():
    summer_utc = dt.datetime(2027, 6, 11, 8, 30, tzinfo=dt.UTC)
    assert ukdatetime(summer_utc) == "Friday 11 June 2027, 9:30am"


def test_pages_and_pdfs_share_one_formatter():
    from core.dates import format_datetime, format_span

    start = timezone.make_aware(dt.datetime(2027, 1, 13, 14, 0))
    assert format_datetime(start) == ukdatetime(start)
    assert format_span(start, start + dt.timedelta(hours=2, minutes=30)) == "2pm to 4:30pm"
