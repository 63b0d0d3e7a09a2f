"""The history page's rows: the same changes django-simple-history's own diff reports, read for a
whole page at once, fifty rows a page."""

import datetime as dt
import difflib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissions import services as commission_services
from core.dates import format_date, format_datetime, format_time
from core.history import describe_changes, history_entries, history_page
from meetings import services
from meetings.models import AgendaItem
from tests.commissions.helpers import make_commission
from tests.meetings.minutes_helpers import held_meeting

pytestmark = pytest.mark.django_db


def readable(value):
    """Dates and times as `core.dates` writes them for people."""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value, weekday=False)
    if isinstance(value, dt.time):
        return format_time(value)
    return value


def simple_history_lines(record) -> list[str]:
    """The page's wording of django-simple-history's own diff against `prev_record` (m2m included),
    with the records a change points to by name (`foreign_keys_are_objs`): what the page showed
    before it read the previous versions a page at a time."""
    previous = record.prev_record
    if previous is None:
        return []
    lines = []
    for change in record.diff_against(previous, foreign_keys_are_objs=True).changes:
        old, new = change.old, change.new
        if isinstance(old, list):  # many-to-many rows: the records they point to, by name
            target = record.instance_type._meta.get_field(change.field).m2m_reverse_field_name()
            old, new = (", ".join(sorted(str(row[target]) for row in rows)) for rows in (old, new))
        old, new = ("" if getattr(value, "pk", "") is None else str(readable(value) or "") for value in (old, new))
        name = change.field.replace("_", " ")
        if "\n" in old + new or len(old) + len(new) > 160:
            lines.append(f"{name}:")
            lines.extend(
                f"{'removed' if line[0] == '-' else 'added'}: {line[1:]}"
                for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
                if line[:1] in "+-" and line[:3] not in ("+++", "---")
            )
        else:
            lines.append(f"{name}: “{old}” → “{new}”")
    return lines


def grow_agenda(meeting, officer, count: int) -> None:
    """Items added and each edited twice: three history rows an item, two of them changes."""
    for n in range(count):
        item = services.agenda_item_add(meeting=meeting, by=officer, title=f"Item {n}", expected_minutes=5)
        for title in (f"Item {n}, revised", f"Item {n}, revised again\nwith a second line"):
            item = AgendaItem.objects.get(pk=item.pk)
            services.agenda_item_update(item=item, loaded_version=item.version, by=officer, title=title)


def test_changes_are_those_django_simple_history_reports_m2m_included(
    partnership, board, chair, officer, future_meeting
):
    held = held_meeting(board, officer)
    resolution = services.resolution_add(item=held.items.get(position=5), text="That it be established.", by=officer)
    commission = make_commission(
        partnership,
        "Child Poverty Commission",
        by=chair,
        strategy="Surveys",
        focus_areas=partnership.focus_areas.all(),
        resolution=resolution,
    )
    commission_services.commission_extend(
        commission=commission, new_end=dt.date(2027, 9, 30), reason="More evidence", resolution=None, by=officer
    )
    grow_agenda(future_meeting, officer, 3)
    records = [*commission.history.all(), *AgendaItem.history.filter(meeting_id=future_meeting.pk)]
    entries = history_entries(commission.history.all(), AgendaItem.history.filter(meeting_id=future_meeting.pk))
    changed = [record for record in records if record.history_type == "~"]
    assert len(changed) >= 8
    by_row = {(entry["what"], entry["when"]): entry["changes"] for entry in entries}
    for record in changed:
        expected = simple_history_lines(record)
        assert expected, record  # every change row changed something
        assert describe_changes(record) == expected
        assert by_row[record._meta.model.instance_type._meta.verbose_name.capitalize(), record.history_date] == expected
    focus = [line for lines in by_row.values() for line in lines if line.startswith("focus areas")]
    assert focus, "the focus areas set on proposal are a change of the commission"
    names = ", ".join(sorted(str(area) for area in partnership.focus_areas.all()))
    assert focus == [f"focus areas: “” → “{names}”"], "focus areas are named, never their ids"
    established = [line for lines in by_row.values() for line in lines if line.startswith("established by")]
    assert established == ["established by resolution: “” → “Resolution 1”"], "a resolution is named, not its id"


def test_the_history_page_reads_the_same_queries_for_a_page_however_long_the_history(officer, future_meeting):
    def page_queries(number) -> tuple[int, object]:
        with CaptureQueriesContext(connection) as queries:
            page = history_page(
                future_meeting.history.select_related("history_user"),
                AgendaItem.history.filter(meeting_id=future_meeting.pk).select_related("history_user"),
                number=number,
            )
            [entry["label"] for entry in page]
        return len(queries), page

    grow_agenda(future_meeting, officer, 20)  # 61 rows: two pages
    short, page = page_queries(1)
    assert len(page) == 50 and page.paginator.num_pages == 2
    assert [entry["when"] for entry in page] == sorted((entry["when"] for entry in page), reverse=True)
    assert page[0]["label"] == "20. Item 19, revised again\nwith a second line"
    assert page[0]["changes"] == [
        "title:",
        "removed: Item 19, revised",
        "added: Item 19, revised again",
        "added: with a second line",
    ]
    grow_agenda(future_meeting, officer, 40)  # 181 rows
    long, page = page_queries(1)
    assert short == long, (short, long)
    assert page_queries("99")[1].number == 4  # past the end: the last page
    assert page_queries("abc")[1].number == 1  # not a number: the first
    last = page_queries(4)[1]
    assert [entry["kind"] for entry in last][-1] == "Created" and last[len(last) - 1]["what"] == "Meeting"
