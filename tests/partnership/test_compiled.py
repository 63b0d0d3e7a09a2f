"""A queryset compiled once per process answers exactly as the queryset does, for any values."""

import datetime as dt

import pytest

from meetings.models import Meeting
from partnership.compiled import CompiledQuery
from tests.conftest import london, make_meeting

pytestmark = pytest.mark.django_db


def public_meetings(slug: str, start: dt.datetime, end: dt.datetime):
    found = Meeting.objects.filter(
        body__partnership__slug=slug, starts_at__gte=start, starts_at__lt=end, status__in=Meeting.AGENDA_PUBLIC_STATUSES
    )
    return found.order_by("starts_at").values_list("pk", "starts_at")


def test_the_compiled_query_gives_what_the_queryset_gives(board, officer):
    january = make_meeting(board, london(2027, 1, 13, 14), by=officer)
    march = make_meeting(board, london(2027, 3, 10, 14), by=officer)
    make_meeting(board, london(2027, 5, 12, 14), by=officer)  # never published
    Meeting.objects.filter(pk__in=[january.pk, march.pk]).update(status=Meeting.Status.AGENDA_PUBLISHED)
    compiled = CompiledQuery(public_meetings)
    cases = [
        ("testshire", london(2027, 1, 1), london(2027, 12, 31)),
        ("testshire", london(2027, 1, 13, 14), london(2027, 1, 13, 15)),
        ("testshire", london(2027, 2, 1), london(2027, 3, 10, 14)),  # the end is excluded
        ("elsewhere", london(2027, 1, 1), london(2027, 12, 31)),
        ("testshire", london(2027, 5, 1), london(2027, 6, 1)),  # only a meeting not published
    ]
    for slug, start, end in cases:
        assert compiled.rows(slug=slug, start=start, end=end) == list(public_meetings(slug, start, end))
    assert [pk for pk, _ in compiled.rows(slug="testshire", start=london(2027, 1, 1), end=london(2028, 1, 1))] == [
        january.pk,
        march.pk,
    ]
    assert compiled.first(slug="elsewhere", start=london(2027, 1, 1), end=london(2028, 1, 1)) is None


def test_a_value_the_orm_would_change_is_refused_rather_than_compiled_wrongly(db):
    compiled = CompiledQuery(lambda name: Meeting.objects.filter(venue__contains=name).values_list("pk"))
    with pytest.raises(ValueError, match="do not reach the SQL unchanged"):
        compiled.rows(name="Hall")


def test_whole_numbers_and_dates_are_compiled_in_too(board, council, officer):
    from members.models import Membership
    from tests.conftest import make_member

    make_member(board, council, "Ann", "Early", by=officer, starts_on=dt.date(2026, 1, 1))
    make_member(board, council, "Ben", "Late", by=officer, starts_on=dt.date(2027, 6, 1))

    def serving(body_id: int, on: dt.date):
        found = Membership.objects.current(on).filter(body_id=body_id)
        return found.order_by("person__family_name").values_list("person__family_name", "starts_on")

    compiled = CompiledQuery(serving)
    for body_id, on in [
        (board.pk, dt.date(2026, 6, 1)),
        (board.pk, dt.date(2027, 7, 1)),
        (board.pk + 1, dt.date(2027, 7, 1)),
    ]:
        assert compiled.rows(body_id=body_id, on=on) == list(serving(body_id, on))
    assert compiled.rows(body_id=board.pk, on=dt.date(2027, 7, 1)) == [
        ("Early", dt.date(2026, 1, 1)),
        ("Late", dt.date(2027, 6, 1)),
    ]


def test_a_slice_cannot_be_compiled_in(db):
    compiled = CompiledQuery(lambda count: Meeting.objects.values_list("pk")[:count])
    with pytest.raises((TypeError, ValueError)):
        compiled.rows(count=3)


def test_a_page_of_the_compiled_query_is_the_same_slice_of_the_queryset(board, officer):
    for month in range(1, 12, 2):
        make_meeting(board, london(2027, month, 10, 14), by=officer, status=Meeting.Status.AGENDA_PUBLISHED)
    compiled = CompiledQuery(public_meetings)
    start, end = london(2027, 1, 1), london(2028, 1, 1)
    everything = list(public_meetings("testshire", start, end))
    assert len(everything) == 6
    for offset, limit in [(0, 2), (2, 2), (4, 5), (6, 3)]:
        page = compiled.rows(slug="testshire", start=start, end=end, limit=limit, offset=offset)
        assert page == everything[offset : offset + limit]
    assert compiled.rows(slug="testshire", start=start, end=end, limit=50) == everything
