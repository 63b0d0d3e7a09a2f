"""Correcting the register: a membership corrected or withdrawn with a recorded reason, seen in
the person's history; an interest edited keeps its "held since" date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.audit import StaleEdit, record_version, save_audited
from members import services
from members.models import InterestEntry, Membership
from tests.conftest import html, make_member, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seat(board, council, officer):
    return make_member(board, council, "Jane", "Seat", by=officer, job_title="Director", ends_on=dt.date(2027, 3, 31))


def test_correcting_a_membership_records_the_reason_and_keeps_the_rules(seat, officer):
    version = record_version(seat)
    services.membership_correct(
        membership=seat,
        ends_on=dt.date(2026, 3, 31),
        job_title="Director of Children's Services",
        reason="End date typed a year late",
        by=officer,
        loaded_version=version,
    )
    seat.refresh_from_db()
    assert seat.ends_on == dt.date(2026, 3, 31)
    assert seat.job_title == "Director of Children's Services"
    latest = seat.history.latest()
    assert latest.history_change_reason == "Membership corrected: End date typed a year late"
    assert latest.history_user == officer
    with pytest.raises(ValidationError) as refused:
        services.membership_correct(
            membership=seat, ends_on=dt.date(2025, 1, 1), reason="x", by=officer, loaded_version=latest.history_id
        )
    assert "ends_on" in refused.value.message_dict


def test_a_correction_needs_a_reason_and_a_current_version(seat, officer):
    with pytest.raises(ValidationError) as refused:
        services.membership_correct(membership=seat, job_title="X", reason="  ", by=officer)
    assert "reason" in refused.value.message_dict
    stale = record_version(seat)
    services.membership_correct(membership=seat, job_title="Y", reason="Typo", by=officer, loaded_version=stale)
    with pytest.raises(StaleEdit):
        services.membership_correct(membership=seat, job_title="Z", reason="Typo", by=officer, loaded_version=stale)


def test_a_correction_cannot_make_a_second_chair(board, council, officer, chair, seat):
    with pytest.raises(ValidationError) as refused:
        services.membership_correct(membership=seat, role=Membership.Role.CHAIR, reason="Promoted", by=officer)
    assert "role" in refused.value.message_dict


def test_withdrawing_a_membership_removes_it_and_its_history_keeps_why(seat, officer):
    pk = seat.pk
    services.membership_withdraw(membership=seat, reason="Added to the wrong body", by=officer)
    assert not Membership.objects.filter(pk=pk).exists()
    removed = Membership.history.filter(id=pk).latest()
    assert removed.history_type == "-"
    assert removed.history_change_reason == "Membership withdrawn: Added to the wrong body"


def test_officer_corrects_an_end_date_and_reads_it_in_the_persons_history(client, seat, officer):
    client.force_login(officer)
    address = f"/manage/testshire/register/memberships/{seat.pk}/correct/"
    page = html(client.get(address))
    data = {field["name"]: field.get("value", "") for field in page.select("main form input[name]")}
    data |= {s["name"]: s.select_one("option[selected]")["value"] for s in page.select("main form select")}
    data.pop("csrfmiddlewaretoken")
    data |= {"ends_on": "2026-06-30", "reason": "Stood down in June, not March next year"}
    response = client.post(address, data)
    assert response.status_code == 302
    history = text_of(html(client.get(response["Location"])))
    assert "Membership corrected: Stood down in June, not March next year" in history
    assert "ends on: “31 March 2027” → “30 June 2026”" in history


def test_a_correction_without_a_reason_is_refused_naming_the_field(client, seat, officer):
    client.force_login(officer)
    address = f"/manage/testshire/register/memberships/{seat.pk}/correct/"
    page = html(client.get(address))
    version = page.select_one("input[name=version]")["value"]
    response = client.post(
        address,
        {
            "role": "member",
            "basis": "organisation",
            "organisation": seat.organisation_id,
            "starts_on": "2026-01-01",
            "version": version,
        },
    )
    assert response.status_code == 200
    summary = html(response).select_one(".govuk-error-summary")
    assert summary.select_one('a[href="#id_reason"]').get_text(strip=True) == "Give the reason for the correction."
    assert seat.history.count() == 1


def test_another_partnerships_officer_cannot_correct_or_read_the_history(client, seat, other_officer):
    client.force_login(other_officer)
    for address in (
        f"/manage/testshire/register/memberships/{seat.pk}/correct/",
        f"/manage/testshire/register/memberships/{seat.pk}/withdraw/",
        f"/manage/testshire/register/people/{seat.person_id}/history/",
        f"/manage/elsewhere/register/memberships/{seat.pk}/correct/",
    ):
        assert client.get(address).status_code in (403, 404), address
        assert client.post(address, {"reason": "mine now"}).status_code in (403, 404), address
    assert Membership.objects.filter(pk=seat.pk).exists()


def test_editing_an_interest_keeps_its_held_since_date(client, partnership, member):
    entry = save_audited(
        InterestEntry(
            person=member.person,
            partnership=partnership,
            category="other",
            description="Trustee of a charity",
            registered_on=dt.date(2024, 5, 1),
        ),
        by=None,
        reason="t",
    )
    client.force_login(member)
    address = f"/manage/testshire/interests/{entry.pk}/"
    page = html(client.get(address))
    boxes = {part: page.select_one(f"input[name=registered_on_{part}]")["value"] for part in ("day", "month", "year")}
    assert boxes == {"day": "1", "month": "5", "year": "2024"}
    response = client.post(
        address,
        {
            "category": "other",
            "description": "Trustee of a children's charity",
            **{f"registered_on_{part}": value for part, value in boxes.items()},
            "version": page.select_one("input[name=version]")["value"],
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.registered_on == dt.date(2024, 5, 1)
    assert entry.description == "Trustee of a children's charity"
    # Too long a description is said once, with the limit; an end in the future is refused.
    page = html(client.get(address))
    response = client.post(
        address,
        {
            "category": "other",
            "description": "x" * 2000,
            **{f"registered_on_{part}": value for part, value in boxes.items()},
            "ends_on_day": "1",
            "ends_on_month": "1",
            "ends_on_year": "2099",
            "version": page.select_one("input[name=version]")["value"],
        },
    )
    lines = [text_of(a) for a in html(response).select(".govuk-error-summary a")]
    assert len([line for line in lines if "characters or fewer" in line]) == 1, lines
    assert "The date the interest ended must be today or in the past" in lines
    entry.refresh_from_db()
    assert entry.description == "Trustee of a children's charity" and entry.ends_on is None


def test_a_corrected_seat_still_covers_the_meetings_its_holder_attended_as_a_member(client, board, seat, officer):
    from meetings import services as meeting_services
    from tests.meetings.minutes_helpers import held_meeting

    meeting = held_meeting(board, officer, day=dt.date(2026, 10, 7))
    entries = [(m, "present", None) for m in meeting_services.members_expected(meeting)]
    meeting_services.attendance_record(meeting=meeting, entries=entries, by=officer)
    for field, value, message in (
        ("starts_on", dt.date(2026, 11, 1), "start on or before that day"),
        ("ends_on", dt.date(2026, 9, 30), "end on or after that day"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.membership_correct(membership=seat, reason="Typed", by=officer, **{field: value})
        assert "recorded at the meeting of Wednesday 7 October 2026" in refused.value.message_dict[field][0]
        assert message in refused.value.message_dict[field][0]
    seat.refresh_from_db()
    assert seat.starts_on < dt.date(2026, 10, 7) and seat.ends_on == dt.date(2027, 3, 31)
