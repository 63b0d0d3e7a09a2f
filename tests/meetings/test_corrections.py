"""Correcting meetings' records: an action (owner, due date as a day or a month, description) and
a resolution before publication, each with a recorded reason in the history; an agenda item after
publication waits for a supplement; a locked record's page says why and offers the route."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.audit import StaleEdit, record_version
from meetings import services
from meetings.models import Action, Resolution
from tests.conftest import html, london, make_meeting, text_of
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(board, officer, council, chair, member):
    meeting = held_meeting(board, officer)
    minute_it(meeting, officer)
    return meeting


@pytest.fixture
def action(drafted, officer):
    return services.action_add(
        item=drafted.items.get(position=5),
        description="Report progress",
        owner=None,
        owner_name="Ann Owner",
        due_on=dt.date(2027, 3, 1),
        by=officer,
    )


def correction_form(client, address) -> dict:
    page = html(client.get(address))
    form = page.select_one("main form[method=post]")
    data = {f["name"]: f.get("value", "") for f in form.select("input[name]") if f.get("type") != "checkbox"}
    data |= {a["name"]: a.get_text() for a in form.select("textarea[name]")}
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_an_action_due_by_a_month_is_due_by_its_last_day_and_reads_by_that_month(client, action, officer):
    client.force_login(officer)
    address = f"/manage/actions/{action.pk}/correct/"
    data = correction_form(client, address) | {
        "due_on": "",
        "due_month": "September 2027",
        "reason": "The board gave until the autumn",
    }
    response = client.post(address, data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.due_on, action.due_precision) == (dt.date(2027, 9, 30), Action.DuePrecision.MONTH)
    listed = text_of(html(client.get("/manage/testshire/actions/")))
    assert "by September 2027" in listed
    history = text_of(html(client.get(response["Location"])))
    assert "Action corrected: The board gave until the autumn" in history


@pytest.mark.parametrize(
    "typed, due",
    [("Sept 2027", dt.date(2027, 9, 30)), ("2/2028", dt.date(2028, 2, 29)), ("2027-11", dt.date(2027, 11, 30))],
)
def test_a_month_is_read_as_people_write_it(client, action, officer, typed, due):
    client.force_login(officer)
    address = f"/manage/actions/{action.pk}/correct/"
    data = correction_form(client, address) | {"due_on": "", "due_month": typed, "reason": "r"}
    assert client.post(address, data).status_code == 302
    action.refresh_from_db()
    assert action.due_on == due


@pytest.mark.parametrize("typed", ["Smarch 2027", "13/2027", "September", "2027"])
def test_a_month_that_is_not_a_month_is_refused_naming_the_field(client, action, officer, typed):
    client.force_login(officer)
    address = f"/manage/actions/{action.pk}/correct/"
    data = correction_form(client, address) | {"due_on": "", "due_month": typed, "reason": "r"}
    response = client.post(address, data)
    assert response.status_code == 200
    link = html(response).select_one('.govuk-error-summary a[href="#id_due_month"]')
    assert "Enter a real month and year, for example September 2027" in link.get_text()


def test_an_action_added_due_by_a_month(client, drafted, officer):
    client.force_login(officer)
    item = drafted.items.get(position=5)
    response = client.post(
        f"/manage/items/{item.pk}/actions/new/",
        {"description": "Refresh the plan", "owner_name": "Ann", "due_month": "September 2027"},
    )
    assert response.status_code == 302
    added = Action.objects.get(description="Refresh the plan")
    assert added.due_text == "September 2027"


def test_correcting_an_action_needs_a_reason_and_refuses_a_stale_copy(action, officer):
    values = {"description": "Report", "owner": None, "owner_name": "Ann", "due_on": None}
    with pytest.raises(ValidationError) as refused:
        services.action_correct(action=action, reason="", by=officer, **values)
    assert "reason" in refused.value.message_dict
    stale = record_version(action)
    services.action_correct(action=action, reason="Typo", by=officer, loaded_version=stale, **values)
    with pytest.raises(StaleEdit):
        services.action_correct(action=action, reason="Typo", by=officer, loaded_version=stale, **values)


def test_withdrawing_an_action_drops_it_with_the_reason(action, officer):
    services.action_withdraw(action=action, reason="Recorded twice", by=officer)
    action.refresh_from_db()
    assert action.status == Action.Status.DROPPED
    assert action.history.latest().history_change_reason == "Action withdrawn: Recorded twice"
    with pytest.raises(ValidationError):
        services.action_withdraw(action=action, reason="Again", by=officer)


def test_a_resolution_is_corrected_or_withdrawn_before_publication_with_a_reason(drafted, officer):
    first, second = drafted.resolutions.order_by("number")[:2]
    services.resolution_edit(
        resolution=first, text="That the Local Area Agreement be noted.", reason="Wording as agreed", by=officer
    )
    first.refresh_from_db()
    assert first.text == "That the Local Area Agreement be noted."
    assert first.history.latest().history_change_reason == "Resolution corrected: Wording as agreed"
    services.resolution_withdraw(resolution=first, reason="Not put to the meeting", by=officer)
    assert not Resolution.objects.filter(pk=first.pk).exists()
    second.refresh_from_db()
    assert second.number == 1  # renumbered
    assert Resolution.history.filter(id=first.pk).latest().history_change_reason == (
        "Resolution withdrawn: Not put to the meeting"
    )


def test_a_published_resolution_is_locked_and_its_page_says_why_and_the_route(client, drafted, officer):
    services.minutes_publish(meeting=drafted, by=officer)
    resolution = drafted.resolutions.first()
    with pytest.raises(ValidationError, match="locked"):
        services.resolution_edit(resolution=resolution, text="Changed", reason="r", by=officer)
    client.force_login(officer)
    for address in (
        f"/manage/resolutions/{resolution.pk}/edit/",
        f"/manage/resolutions/{resolution.pk}/withdraw/",
        f"/manage/resolutions/{resolution.pk}/remove/",
    ):
        page = html(client.get(address))
        assert page.select_one("main form[method=post]") is None
        assert "The minutes were published" in text_of(page.select_one("[data-testid=locked-why]"))
        assert page.select_one("[data-testid=correction-route]")["href"] == f"/manage/meetings/{drafted.pk}/minutes/"
        assert client.post(address, {"text": "Changed", "reason": "r"}).status_code == 409
    resolution.refresh_from_db()
    assert resolution.text != "Changed"


def test_approved_minutes_never_open_an_edit_form_and_offer_a_correction(client, board, officer, chair):
    from tests.meetings.minutes_helpers import approve_minutes

    first = make_meeting(board, london(2026, 9, 2, 14), by=officer)
    services.agenda_start(meeting=first, by=officer)
    later = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    approve_minutes(first, later, officer)
    item = first.items.first()
    client.force_login(officer)
    for address in (
        f"/manage/items/{item.pk}/minutes/",
        f"/manage/items/{item.pk}/resolutions/new/",
        f"/manage/items/{item.pk}/actions/new/",
        f"/manage/items/{item.pk}/declarations/new/",
        f"/manage/meetings/{first.pk}/attendance/",
        f"/manage/meetings/{first.pk}/attendance/other/",
        f"/manage/meetings/{first.pk}/closing-time/",
        f"/manage/items/{item.pk}/edit/",
        f"/manage/items/{item.pk}/report/",
        f"/manage/items/{item.pk}/papers/new/",
        f"/manage/meetings/{first.pk}/items/new/",
        f"/manage/meetings/{first.pk}/edit/",
        f"/manage/items/{item.pk}/remove/",
        f"/manage/meetings/{first.pk}/minutes/publish/",
    ):
        page = html(client.get(address))
        assert page.select_one("main form[method=post]") is None, address
        why = text_of(page.select_one("[data-testid=locked-why]"))
        # Approved at the later meeting, on its day (not the day the approval was typed in).
        assert "approved as a correct record at the meeting on Wednesday 4 November 2026" in why, address
        route = page.select_one("[data-testid=correction-route]")
        assert route["href"] == f"/manage/meetings/{first.pk}/minutes/correct/", address
    for address in (f"/manage/meetings/{first.pk}/postpone/", f"/manage/meetings/{first.pk}/cancel/"):
        page = html(client.get(address))
        assert page.select_one("main form[method=post]") is None, address
        assert "can no longer be moved, postponed or cancelled" in text_of(page.select_one("[data-testid=locked-why]"))
        assert client.post(address, {"reason": "r", "date": "2027-01-01"}).status_code == 409
    first.refresh_from_db()
    assert first.status == "minutes_approved"


def test_a_held_meetings_agenda_is_locked_and_points_to_the_minutes(client, board, officer):
    meeting = make_meeting(board, london(2026, 10, 7, 14), hours=2, by=officer)
    item = services.agenda_item_add(meeting=meeting, by=officer, title="Local Area Agreement", purpose="noting")
    services.agenda_publish(meeting=meeting, by=officer, now=london(2026, 9, 20, 9))
    services.meeting_hold(meeting=meeting, by=officer)
    client.force_login(officer)
    page = html(client.get(f"/manage/items/{item.pk}/edit/"))
    assert page.select_one("main form[method=post]") is None
    assert "can no longer change" in text_of(page.select_one("[data-testid=locked-why]"))
    assert page.select_one("[data-testid=correction-route]")["href"] == f"/manage/meetings/{meeting.pk}/minutes/"


def test_an_item_corrected_after_publication_records_why_and_waits_for_a_supplement(client, future_meeting, officer):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Early help strategy")
    services.agenda_publish(meeting=future_meeting, by=officer)
    client.force_login(officer)
    address = f"/manage/items/{item.pk}/edit/"
    data = correction_form(client, address) | {"title": "Early help strategy 2027", "purpose": "noting"}
    data.pop("reason", None)
    refused = client.post(address, data)
    assert refused.status_code == 200
    assert html(refused).select_one('.govuk-error-summary a[href="#id_reason"]') is not None
    assert client.post(address, data | {"reason": "Title as the report has it"}).status_code == 302
    assert services.changes_since_publication(future_meeting) == 1
    item.refresh_from_db()
    assert item.history.latest().history_change_reason == (
        "Agenda item corrected after publication: Title as the report has it"
    )
    public = text_of(html(client.get(future_meeting.get_absolute_url())))
    assert "Early help strategy 2027" not in public  # not until the supplement


def test_another_partnerships_officer_cannot_correct_an_action_or_resolution(client, action, drafted, other_officer):
    client.force_login(other_officer)
    resolution = drafted.resolutions.first()
    for address in (
        f"/manage/actions/{action.pk}/correct/",
        f"/manage/actions/{action.pk}/withdraw/",
        f"/manage/actions/{action.pk}/history/",
        f"/manage/resolutions/{resolution.pk}/edit/",
        f"/manage/resolutions/{resolution.pk}/withdraw/",
    ):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"reason": "x", "text": "x", "description": "x"}).status_code == 404, address
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_an_action_on_a_commissions_recommendation_may_be_due_by_a_month(client, partnership, board, officer):
    from commissions import services as commission_services
    from tests.commissions.helpers import make_commission

    meeting = held_meeting(board, officer)
    resolution = services.resolution_add(item=meeting.items.first(), text="That a commission be set up.", by=officer)
    active = make_commission(partnership, "Month Commission", by=officer, strategy="Surveys", resolution=resolution)
    recommendation = commission_services.recommendation_add(
        commission=active, text="Do it", addressed_to=None, by=officer
    )
    client.force_login(officer)
    response = client.post(
        f"/manage/recommendations/{recommendation.pk}/actions/new/",
        {"description": "Survey families", "owner_name": "Ann", "due_month": "March 2028"},
    )
    assert response.status_code == 302
    added = recommendation.actions.get()
    assert (added.due_on, added.due_text) == (dt.date(2028, 3, 31), "March 2028")


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("due_month", "September 2026", "must be the month of the meeting, 7 October 2026, or later"),
        ("due_on", "2026-10-06", "must be on or after the day of the meeting, 7 October 2026"),
    ],
)
def test_an_action_is_never_due_before_its_meeting_when_added_or_corrected(
    client, drafted, action, officer, field, typed, message
):
    """The meeting was on 7 October 2026: an action it agreed cannot be due in September."""
    client.force_login(officer)
    item = drafted.items.get(position=5)
    before = Action.objects.count()
    response = client.post(
        f"/manage/items/{item.pk}/actions/new/", {"description": "Late already", "owner_name": "Ann", field: typed}
    )
    assert response.status_code == 200
    summary = html(response).select_one(".govuk-error-summary")
    assert message in text_of(summary) and summary.select_one(f"a[href^='#id_{field}']") is not None
    assert Action.objects.count() == before
    address = f"/manage/actions/{action.pk}/correct/"
    other = "due_on" if field == "due_month" else "due_month"
    data = correction_form(client, address) | {field: typed, other: "", "reason": "r"}
    response = client.post(address, data)
    assert response.status_code == 200 and message in text_of(html(response).select_one(".govuk-error-summary"))
    action.refresh_from_db()
    assert action.due_on == dt.date(2027, 3, 1)
