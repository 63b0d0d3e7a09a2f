import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.audit import save_audited
from members import services
from members.models import Membership
from tests.conftest import make_member, make_person

pytestmark = pytest.mark.django_db


def test_membership_cannot_end_before_it_starts(board, council):
    with pytest.raises(ValidationError) as raised:
        make_member(board, council, "Ann", "Early", starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 4, 1))
    assert "cannot end before it starts" in str(raised.value)


def test_a_body_has_one_open_chair_at_once(board, council):
    make_member(board, council, "Cara", "Chair", role=Membership.Role.CHAIR)
    with pytest.raises(ValidationError) as raised:
        make_member(board, council, "Second", "Chair", role=Membership.Role.CHAIR)
    assert "already has a chair" in str(raised.value)


def test_a_chair_who_stepped_down_can_be_followed_by_another(board, council):
    first = make_member(board, council, "Cara", "Chair", role=Membership.Role.CHAIR)
    services.membership_end(membership=first, ends_on=dt.date(2026, 6, 30), by=None)
    second = make_member(board, council, "Next", "Chair", role=Membership.Role.CHAIR, starts_on=dt.date(2026, 7, 1))
    chairs = board.memberships.filter(role=Membership.Role.CHAIR)
    assert list(chairs.current(dt.date(2026, 6, 30))) == [first]
    assert list(chairs.current(dt.date(2026, 7, 1))) == [second]


def test_seat_representing_an_organisation_names_it(board):
    person = make_person("Nobody", "Represented", partnership=board.partnership)
    with pytest.raises(ValidationError) as raised:
        save_audited(Membership(person=person, body=board, starts_on=dt.date(2026, 1, 1)), by=None, reason="t")
    assert "Name the organisation" in str(raised.value)


def test_a_person_ending_one_role_and_taking_another_keeps_one_history(board, council):
    seat = make_member(board, council, "Sam", "Clark", role=Membership.Role.CHAIR)
    seat.ends_on = dt.date(2026, 10, 31)
    save_audited(seat, by=None, reason="Stepped down as chair")
    save_audited(
        Membership(
            person=seat.person,
            body=board,
            organisation=council,
            role=Membership.Role.VICE_CHAIR,
            starts_on=dt.date(2026, 11, 1),
        ),
        by=None,
        reason="Appointed vice-chair",
    )
    roles = [m.role for m in seat.person.memberships.order_by("starts_on")]
    assert roles == ["chair", "vice_chair"]
    assert [m.role for m in board.memberships.current(dt.date(2026, 12, 1))] == ["vice_chair"]
    assert seat in board.memberships.current(dt.date(2026, 10, 31))
    assert seat not in board.memberships.current(dt.date(2026, 11, 1))
