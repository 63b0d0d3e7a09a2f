"""No edit to a commission is silently lost and no decision is taken twice.

The forms that change what is already recorded (extending the time limit, progress on a
recommendation) carry the version they loaded: of two people saving at once, the second is told
who changed it and keeps what they typed. Decisions (establishing, the board's decision on a
recommendation, the final report, closing) lock the row and check its state again, so a second
submit from a page loaded before the first is refused.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from commissions import services
from commissions.models import Commission, Recommendation
from meetings.services.minutes import resolution_add
from tests.commissions.helpers import make_commission
from tests.conftest import make_user
from tests.meetings.minutes_helpers import held_meeting
from tests.meetings.test_concurrency import interleave, refused_as_stale, value_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(partnership):
    user = make_user("colleague", "Colin", "League")
    partnership.officers.add(user)
    return user


@pytest.fixture
def resolution(board, officer):
    meeting = held_meeting(board, officer)
    return resolution_add(
        item=meeting.items.get(position=5), text="That a Child Poverty Commission be established.", by=officer
    )


@pytest.fixture
def active(partnership, officer, resolution):
    return make_commission(
        partnership, "Child Poverty Commission", by=officer, strategy="Youth Cabinet", resolution=resolution
    )


@pytest.fixture
def accepted(active, officer, resolution):
    recommendation = services.recommendation_add(
        commission=active, text="Free school meals for all", addressed_to=None, by=officer
    )
    return services.recommendation_decide(
        recommendation=recommendation,
        status=Recommendation.Status.ACCEPTED,
        resolution=resolution,
        response="Agreed.",
        by=officer,
    )


# -- Forms that edit what is recorded -------------------------------------------------------------


def test_time_limit_extended_by_two_officers_at_once(officer, colleague, active):
    url = f"/manage/commissions/{active.pk}/extend/"
    first, mine, second, theirs = interleave(url, officer, colleague)
    assert first.post(url, {**mine, "new_end": "2027-09-30", "reason": "Summer holidays"}).status_code == 302
    response = second.post(url, {**theirs, "new_end": "2027-12-31", "reason": "More families to hear from"})
    refused_as_stale(response, "Olive")
    assert value_of(response, "reason") == "More families to hear from"
    assert [value_of(response, f"new_end_{part}") for part in ("day", "month", "year")] == ["31", "12", "2027"]
    active.refresh_from_db()
    assert active.ends_on == dt.date(2027, 9, 30)
    assert [e.previous_end for e in active.extensions.all()] == [dt.date(2027, 6, 30)]


def test_progress_on_a_recommendation_saved_by_two_officers_at_once(officer, colleague, accepted):
    url = f"/manage/recommendations/{accepted.pk}/progress/"
    first, mine, second, theirs = interleave(url, officer, colleague)
    assert first.post(url, {**mine, "status": "in_progress", "outcome": "Pilot in ten schools"}).status_code == 302
    response = second.post(url, {**theirs, "status": "in_progress", "outcome": "Costed by finance"})
    refused_as_stale(response, "Olive")
    assert value_of(response, "outcome") == "Costed by finance"
    accepted.refresh_from_db()
    assert accepted.outcome == "Pilot in ten schools"


def test_the_progress_form_opens_with_the_progress_recorded_so_far(client, officer, accepted):
    services.recommendation_progress(
        recommendation=accepted, status="in_progress", outcome="Pilot in ten schools", by=officer
    )
    client.force_login(officer)
    page = client.get(f"/manage/recommendations/{accepted.pk}/progress/")
    assert value_of(page, "outcome") == "Pilot in ten schools"
    assert value_of(page, "status") == "in_progress"


# -- Decisions taken from pages loaded before the first submit -------------------------------------


def test_a_commission_established_twice_at_once_is_established_once(partnership, officer, colleague, resolution):
    make_commission(partnership, "Child Poverty Commission", by=officer, strategy="Youth Cabinet")
    mine, theirs = Commission.objects.get(), Commission.objects.get()
    services.commission_establish(
        commission=mine, resolution=resolution, by_chair=False, established_on=dt.date(2026, 11, 3), by=officer
    )
    with pytest.raises(ValidationError, match="already been established"):
        services.commission_establish(
            commission=theirs,
            resolution=resolution,
            by_chair=False,
            established_on=dt.date(2026, 11, 9),
            by=colleague,
        )
    commission = Commission.objects.get()
    assert commission.established_on == dt.date(2026, 11, 3)
    assert commission.history.filter(history_change_reason__startswith="Commission established").count() == 1


def test_the_boards_decision_recorded_twice_at_once_keeps_the_first(officer, colleague, active, resolution):
    services.recommendation_add(commission=active, text="Free school meals", addressed_to=None, by=officer)
    mine, theirs = Recommendation.objects.get(), Recommendation.objects.get()
    services.recommendation_decide(
        recommendation=mine, status="accepted", resolution=resolution, response="Agreed.", by=officer
    )
    with pytest.raises(ValidationError, match="already decided"):
        services.recommendation_decide(
            recommendation=theirs, status="rejected", resolution=resolution, response="Too dear.", by=colleague
        )
    assert Recommendation.objects.get().status == Recommendation.Status.ACCEPTED


def test_the_final_report_submitted_twice_at_once_keeps_the_first(officer, colleague, active):
    services.recommendation_add(commission=active, text="Free school meals", addressed_to=None, by=officer)
    mine, theirs = Commission.objects.get(), Commission.objects.get()
    services.commission_report(commission=mine, final_report="Our findings", by=officer)
    with pytest.raises(ValidationError, match="Only an active commission reports"):
        services.commission_report(commission=theirs, final_report="A different draft", by=colleague)
    assert Commission.objects.get().final_report == "Our findings"


def test_a_commission_closed_twice_at_once_is_closed_once(officer, colleague, active, resolution):
    recommendation = services.recommendation_add(commission=active, text="Meals", addressed_to=None, by=officer)
    services.recommendation_decide(
        recommendation=recommendation, status="accepted", resolution=resolution, response="", by=officer
    )
    services.commission_report(commission=active, final_report="Our findings", by=officer)
    mine, theirs = Commission.objects.get(), Commission.objects.get()
    services.commission_close(commission=mine, by=officer, on=dt.date(2027, 7, 1))
    with pytest.raises(ValidationError, match="after it has reported"):
        services.commission_close(commission=theirs, by=colleague, on=dt.date(2027, 7, 2))
    assert Commission.objects.get().closed_on == dt.date(2027, 7, 1)
