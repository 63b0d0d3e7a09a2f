"""The staff dashboard runs the same number of queries whatever the size of the partnership."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboard import selectors
from tests.conftest import make_meeting, make_member, make_user, seat_user

pytestmark = pytest.mark.django_db


def grow(board, council, officer, count: int, *, first: int = 0) -> None:
    start = timezone.now() + dt.timedelta(days=60)
    for n in range(first, first + count):
        make_meeting(board, start + dt.timedelta(days=7 * n), by=officer)
        make_member(board, council, f"Given{n}", f"Family{n}", by=officer)


def count_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/manage/").status_code == 200
    return len(queries)


def test_officer_dashboard_queries_do_not_grow_with_the_partnership(client, board, council, officer):
    grow(board, council, officer, 2)
    small = count_queries(client, officer)
    grow(board, council, officer, 20, first=2)
    large = count_queries(client, officer)
    # session, user, person (none); officer of; for the one partnership: member statuses (first
    # seats, undertakings, registers, people), upcoming meetings, proposals, commissions ending,
    # minutes awaiting approval (with their next meetings, read only when there are some).
    assert small == large == 12


def test_chair_dashboard_queries_do_not_grow_with_the_partnership(client, board, council, officer, chair):
    grow(board, council, officer, 2)
    small = count_queries(client, chair)
    grow(board, council, officer, 20, first=2)
    large = count_queries(client, chair)
    # session, user, person; the undertaking check (undertakings signed, seats); officer of (none);
    # the member panel: seats, own proposals, meetings to minute, published meetings (no planning
    # group seat, so no proposable meetings), minutes awaiting approval.
    assert small == large == 11


def test_a_member_who_never_signed_the_undertaking_is_asked_to_sign_first(board, council, officer):
    user = make_user("newcomer")
    seat_user(user, board, council, signed=False)
    assert selectors.first_unsigned_partnership(user) == board.partnership
