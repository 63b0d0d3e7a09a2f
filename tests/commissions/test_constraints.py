import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from boards.models import Body
from commissions.models import Commission
from core.audit import save_audited

pytestmark = pytest.mark.django_db


@pytest.fixture
def commission_body(partnership):
    return save_audited(
        Body(partnership=partnership, kind=Body.Kind.COMMISSION, name="Child Poverty Commission", slug="cp"),
        by=None,
        reason="test",
    )


def test_commission_cannot_become_active_without_a_participation_strategy(commission_body):
    commission = Commission(
        body=commission_body,
        issue="Poverty",
        remit="Investigate",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 6, 30),
    )
    save_audited(commission, by=None, reason="Proposed")
    commission.status = Commission.Status.ACTIVE
    with pytest.raises(ValidationError) as raised:
        save_audited(commission, by=None, reason="Established")
    assert "strategy for hearing children" in str(raised.value)
    commission.participation_strategy = "Youth Cabinet sessions"
    save_audited(commission, by=None, reason="Established")


def test_commission_must_end_after_it_starts(commission_body):
    with pytest.raises(ValidationError) as raised:
        save_audited(
            Commission(
                body=commission_body, issue="i", remit="r", starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2026, 12, 1)
            ),
            by=None,
            reason="t",
        )
    assert "end date must be after the start date" in str(raised.value)


def test_proposed_commission_is_not_a_meeting_body(commission_body, board):
    save_audited(
        Commission(
            body=commission_body, issue="i", remit="r", starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 6, 1)
        ),
        by=None,
        reason="t",
    )
    assert list(Body.objects.meeting_bodies()) == [board]
