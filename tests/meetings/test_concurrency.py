"""No edit is silently lost and no double submit doubles.

Every edit form carries the version it loaded; two people who open the same form and both save
get one success and one "changed by … since you opened it", with the second person's typing kept
on the page. Decisions taken twice (accepting a proposal, publishing a supplement) happen once.
"""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from boards.models import Body
from meetings import services
from meetings.models import AgendaItem, AgendaProposal, Attendance, Meeting
from tests.conftest import html, london, make_meeting, make_member, make_person, make_user, text_of
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db


# -- Two people at two keyboards ------------------------------------------------------------------


def form_data(response) -> dict:
    """What a browser would post back from the page's form, as it was rendered."""
    soup = html(response)
    form = max(soup.select("main form[method=post]"), key=lambda f: len(f.select("[name]")))
    data: dict = {}
    for field in form.select("input, select, textarea"):
        name = field.get("name")
        kind = field.get("type", "")
        if not name or name == "csrfmiddlewaretoken" or kind in ("submit", "button"):
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif kind == "checkbox":
            data.setdefault(name, [])
            if field.has_attr("checked"):
                data[name].append(field.get("value", "on"))
        elif kind == "radio":
            if field.has_attr("checked"):
                data[name] = field["value"]
        else:
            data[name] = field.get("value", "")
    return data


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refused_as_stale(response, who: str) -> str:
    """The page re-rendered with the conflict named on top; returns the error summary's text."""
    assert response.status_code == 200
    summary = text_of(html(response).select_one(".govuk-error-summary"))
    assert f"changed by {who}" in summary and "since you opened it" in summary
    return summary


def value_of(response, name: str) -> str:
    field = html(response).select_one(f"[name={name}]")
    if field.name == "textarea":
        return field.text.strip()
    if field.get("type") == "radio":
        return html(response).select_one(f"[name={name}][checked]")["value"]
    return field["value"]


@pytest.fixture
def colleague(partnership):
    user = make_user("colleague", "Colin", "League")
    partnership.officers.add(user)
    return user


def interleave(url: str, first_user, second_user):
    """Both open the form; returns their clients and what each page holds."""
    first, second = signed_in(first_user), signed_in(second_user)
    first_page, second_page = first.get(url), second.get(url)
    assert first_page.status_code == second_page.status_code == 200
    return first, form_data(first_page), second, form_data(second_page)


# -- Hole 6: two officers editing a meeting -------------------------------------------------------


def test_two_officers_moving_a_meeting_one_is_told_and_keeps_what_they_typed(officer, colleague, future_meeting):
    url = f"/manage/meetings/{future_meeting.pk}/edit/"
    first, mine, second, theirs = interleave(url, officer, colleague)
    assert first.post(url, {**mine, "venue": "Central Library"}).status_code == 302
    response = second.post(url, {**theirs, "start_time": "10:30"})
    refused_as_stale(response, "Olive")
    assert value_of(response, "start_time") == "10:30"
    future_meeting.refresh_from_db()
    assert future_meeting.venue == "Central Library"
    assert timezone.localtime(future_meeting.starts_at) == london(2030, 6, 12, 14)


def test_the_second_officer_can_save_once_they_have_seen_the_change(officer, colleague, future_meeting):
    url = f"/manage/meetings/{future_meeting.pk}/edit/"
    first, mine, second, _ = interleave(url, officer, colleague)
    first.post(url, {**mine, "venue": "Central Library"})
    again = form_data(second.get(url))
    assert second.post(url, {**again, "start_time": "10:30"}).status_code == 302
    future_meeting.refresh_from_db()
    assert future_meeting.venue == "Central Library"
    assert timezone.localtime(future_meeting.starts_at) == london(2030, 6, 12, 10, 30)


# -- Hole 6: a held meeting keeps its date --------------------------------------------------------


@pytest.fixture
def published_minutes(board, officer, chair, member):
    meeting = held_meeting(board, officer)
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    return meeting


def test_a_meeting_whose_minutes_are_published_cannot_be_moved_and_its_address_stays(
    client, officer, published_minutes
):
    address = published_minutes.get_absolute_url()
    url = f"/manage/meetings/{published_minutes.pk}/edit/"
    officer_client = signed_in(officer)
    page = html(officer_client.get(url))
    assert page.select_one("main form[method=post]") is None  # locked: its page says why
    assert "The minutes were published" in text_of(page.select_one("[data-testid=locked-why]"))
    data = {"date": "2026-10-14", "start_time": "14:00", "duration": 120, "venue": "Hall"}
    assert officer_client.post(url, data).status_code == 409
    published_minutes.refresh_from_db()
    assert published_minutes.date == dt.date(2026, 10, 7)
    assert client.get(address).status_code == 200


def test_a_held_meeting_keeps_its_time_but_its_venue_can_be_corrected_until_the_minutes_are_published(
    board, officer, chair, member
):
    meeting = held_meeting(board, officer)
    with pytest.raises(ValidationError, match="has been held"):
        services.meeting_move(
            meeting=meeting,
            starts_at=meeting.starts_at + dt.timedelta(hours=1),
            ends_at=meeting.ends_at,
            venue=meeting.venue,
            by=officer,
        )
    services.meeting_move(
        meeting=meeting, starts_at=meeting.starts_at, ends_at=meeting.ends_at, venue="Council Chamber", by=officer
    )
    meeting.refresh_from_db()
    assert meeting.venue == "Council Chamber"


def test_the_venue_of_published_minutes_is_part_of_the_record(officer, published_minutes):
    with pytest.raises(ValidationError, match="minutes have been published"):
        services.meeting_move(
            meeting=published_minutes,
            starts_at=published_minutes.starts_at,
            ends_at=published_minutes.ends_at,
            venue="Somewhere else",
            by=officer,
        )


# -- Hole 6: officer and chair recording attendance at once ---------------------------------------


@pytest.fixture
def held(board, officer, chair, member):
    return held_meeting(board, officer)


def test_officer_and_chair_recording_attendance_at_once_the_second_is_told(officer, chair, member, held):
    url = f"/manage/meetings/{held.pk}/attendance/"
    seat = member.person.memberships.get(body=held.body)
    first, mine, second, theirs = interleave(url, officer, chair)
    assert first.post(url, {**mine, f"status_{seat.pk}": "apologies"}).status_code == 302
    response = second.post(url, {**theirs, f"status_{seat.pk}": "absent"})
    refused_as_stale(response, "Olive")
    assert value_of(response, f"status_{seat.pk}") == "absent"
    assert held.attendances.get(person=member.person).status == Attendance.Status.APOLOGIES


def test_someone_added_in_attendance_meanwhile_does_not_refuse_the_members_attendance(officer, chair, member, held):
    url = f"/manage/meetings/{held.pk}/attendance/"
    client = signed_in(chair)
    data = form_data(client.get(url))
    services.attendance_add_other(meeting=held, name="Guest Speaker", role="", organisation="", by=officer)
    assert client.post(url, data).status_code == 302


def test_closing_time_saved_twice_at_once(officer, chair, held):
    url = f"/manage/meetings/{held.pk}/closing-time/"
    first, mine, second, theirs = interleave(url, officer, chair)
    assert first.post(url, {**mine, "closed_at": "15:40"}).status_code == 302
    response = second.post(url, {**theirs, "closed_at": "16:05"})
    refused_as_stale(response, "Olive")
    assert value_of(response, "closed_at") == "16:05"
    held.refresh_from_db()
    assert held.closed_at == dt.time(15, 40)


# -- Forms with their own version counters, through the pages -------------------------------------


def test_agenda_item_edited_twice_at_once(officer, colleague, future_meeting):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Original title")
    url = f"/manage/items/{item.pk}/edit/"
    first, mine, second, theirs = interleave(url, officer, colleague)
    assert first.post(url, {**mine, "title": "Officer's title"}).status_code == 302
    response = second.post(url, {**theirs, "title": "Colleague's careful title"})
    refused_as_stale(response, "Olive")
    assert value_of(response, "title") == "Colleague's careful title"
    item.refresh_from_db()
    assert item.title == "Officer's title"


def test_cover_report_edited_twice_at_once(officer, colleague, future_meeting):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="With a report")
    url = f"/manage/items/{item.pk}/report/"
    first, mine, second, theirs = interleave(url, officer, colleague)
    mine["recommendations"] = theirs["recommendations"] = "That the report be noted."
    assert first.post(url, {**mine, "purpose": "The officer's purpose"}).status_code == 302
    response = second.post(url, {**theirs, "purpose": "The colleague's long purpose"})
    refused_as_stale(response, "Olive")
    assert value_of(response, "purpose") == "The colleague's long purpose"
    item.refresh_from_db()
    assert item.report.purpose == "The officer's purpose"


def test_item_minutes_written_by_officer_and_chair_at_once(officer, chair, held):
    item = held.items.get(position=5)
    url = f"/manage/items/{item.pk}/minutes/"
    first, mine, second, theirs = interleave(url, chair, officer)
    assert first.post(url, {**mine, "narrative": "The chair's account."}).status_code == 302
    response = second.post(url, {**theirs, "narrative": "The officer's own long account."})
    refused_as_stale(response, "Cara Chair")
    assert value_of(response, "narrative") == "The officer's own long account."
    item.refresh_from_db()
    assert item.minutes.narrative == "The chair's account."


def test_planning_group_appointed_in_two_tabs_at_once(partnership, board, council, chair, member):
    other = make_member(board, council, "Pat", "Second").person
    url = "/manage/testshire/planning-group/"
    first, mine, second, theirs = interleave(url, chair, chair)
    assert first.post(url, {**mine, "people": [member.person.pk]}).status_code == 302
    response = second.post(url, {**theirs, "people": [other.pk]})
    refused_as_stale(response, "Cara Chair")
    assert [box["value"] for box in html(response).select("[name=people][checked]")] == [str(other.pk)]
    group = Body.objects.get(kind=Body.Kind.PLANNING_GROUP)
    assert [m.person for m in group.memberships.current()] == [member.person]


# -- Hole 10: double submits ----------------------------------------------------------------------


@pytest.fixture
def proposal(partnership, officer, chair, member, future_meeting):
    services.planning_group_appoint(partnership=partnership, people=[member.person], by=chair)
    return services.proposal_submit(
        meeting=future_meeting,
        person=member.person,
        title="Youth Cabinet priorities",
        purpose="information",
        details="",
        by=member,
    )


def test_a_proposal_accepted_twice_from_stale_pages_makes_one_item(officer, colleague, proposal):
    # All three pages loaded before anyone acts.
    mine, theirs, third = (AgendaProposal.objects.get() for _ in range(3))
    services.proposal_accept(proposal=mine, by=officer)
    with pytest.raises(ValidationError, match="already been decided"):
        services.proposal_accept(proposal=theirs, by=colleague)
    with pytest.raises(ValidationError, match="already been decided"):
        services.proposal_decline(proposal=third, reason="Not this time", by=colleague)
    assert AgendaItem.objects.filter(title="Youth Cabinet priorities").count() == 1
    assert AgendaProposal.objects.get().status == AgendaProposal.Status.ACCEPTED


def test_a_proposal_declined_and_accepted_at_once_is_decided_once(officer, colleague, proposal):
    mine, theirs = AgendaProposal.objects.get(), AgendaProposal.objects.get()
    services.proposal_decline(proposal=mine, reason="Next meeting instead", by=officer)
    with pytest.raises(ValidationError, match="already been decided"):
        services.proposal_accept(proposal=theirs, by=colleague)
    assert not AgendaItem.objects.filter(title="Youth Cabinet priorities").exists()


def test_accept_clicked_twice_is_one_item_and_a_message_not_an_error_page(officer, proposal):
    client = signed_in(officer)
    url = f"/manage/proposals/{proposal.pk}/"
    assert client.post(url, {"decision": "accept"}).status_code == 302
    response = client.post(url, {"decision": "accept"}, follow=True)
    assert response.status_code == 200
    assert "already been decided" in text_of(html(response))
    assert AgendaItem.objects.filter(title="Youth Cabinet priorities").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_accepts_make_exactly_one_agenda_item(officer, colleague, proposal):
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(user):
        try:
            stale = AgendaProposal.objects.get(pk=proposal.pk)
            barrier.wait(timeout=10)
            services.proposal_accept(proposal=stale, by=user)
            outcomes.append("accepted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(user,)) for user in (officer, colleague)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["accepted", "refused"]
    assert AgendaItem.objects.filter(title="Youth Cabinet priorities").count() == 1


def test_the_same_supplement_posted_twice_is_published_once(officer, future_meeting):
    services.agenda_item_add(meeting=future_meeting, by=officer, title="Apologies")
    services.agenda_publish(meeting=future_meeting, by=officer)
    services.agenda_item_add(meeting=future_meeting, by=officer, title="Youth Cabinet report")
    mine, theirs = Meeting.objects.get(), Meeting.objects.get()
    services.agenda_publish(meeting=mine, by=officer, changes="Item 2 added: Youth Cabinet report")
    with pytest.raises(ValidationError, match="Nothing has changed since supplement 1 was published"):
        services.agenda_publish(meeting=theirs, by=officer, changes="Item 2 added: Youth Cabinet report")
    assert future_meeting.publications.count() == 2


def test_a_supplement_with_no_changes_is_refused(officer, future_meeting):
    services.agenda_item_add(meeting=future_meeting, by=officer, title="Apologies")
    services.agenda_publish(meeting=future_meeting, by=officer)
    with pytest.raises(ValidationError, match="Nothing has changed since the agenda was published"):
        services.agenda_publish(meeting=future_meeting, by=officer, changes="Nothing really")
    assert future_meeting.publications.count() == 1


def test_publish_clicked_twice_publishes_the_agenda_once(officer, future_meeting):
    services.agenda_item_add(meeting=future_meeting, by=officer, title="Apologies")
    client = signed_in(officer)
    url = f"/manage/meetings/{future_meeting.pk}/publish/"
    assert client.post(url, {"late_reason": ""}).status_code == 302
    response = client.post(url, {"changes": "Published again"})
    assert response.status_code == 200
    assert "Nothing has changed since the agenda was published" in text_of(
        html(response).select_one(".govuk-error-summary")
    )
    assert future_meeting.publications.count() == 1


def test_a_meeting_not_yet_held_still_moves_without_a_loaded_version(board, officer):
    """A script (no form, so no version) moves a scheduled meeting as before."""
    meeting = make_meeting(board, london(2030, 1, 9, 14), by=officer)
    services.meeting_move(
        meeting=meeting,
        starts_at=london(2030, 1, 16, 14),
        ends_at=london(2030, 1, 16, 16),
        venue="Hall",
        by=officer,
        loaded_version=None,
    )
    meeting.refresh_from_db()
    assert meeting.date == dt.date(2030, 1, 16)


# -- A form posted back without its version -------------------------------------------------------


@pytest.mark.parametrize("form", ["meeting", "item", "report", "person"])
def test_a_stale_form_posted_without_its_version_is_refused_and_the_other_save_stands(
    form, partnership, officer, colleague, future_meeting
):
    """Leaving the hidden version out must not skip the check: otherwise a stale copy (or a
    hand-made request) silently overwrites another officer's save."""
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Original title")
    person = make_person("Pat", "Person", partnership=partnership, by=officer)
    url, field, reread = {
        "meeting": (f"/manage/meetings/{future_meeting.pk}/edit/", "venue", lambda: future_meeting.venue),
        "item": (f"/manage/items/{item.pk}/edit/", "title", lambda: item.title),
        "report": (f"/manage/items/{item.pk}/report/", "purpose", lambda: item.report.purpose),
        "person": (
            f"/manage/{partnership.slug}/register/people/{person.pk}/edit/",
            "given_name",
            lambda: person.given_name,
        ),
    }[form]
    first, mine, second, theirs = interleave(url, officer, colleague)
    assert "version" in theirs
    mine["recommendations"] = theirs["recommendations"] = "That the report be noted."
    assert first.post(url, {**mine, field: "Saved first"}).status_code == 302
    del theirs["version"]
    response = second.post(url, {**theirs, field: "Stale copy"})
    assert response.status_code == 200
    summary = text_of(html(response).select_one(".govuk-error-summary"))
    assert "Nothing was saved" in summary or "has not been saved" in summary  # as stale, or as versionless
    assert value_of(response, field) == "Stale copy"  # what they typed is kept on the page
    for record in (future_meeting, item, person):
        record.refresh_from_db()
    assert reread() == "Saved first"


def test_recording_a_meeting_held_from_an_old_copy_keeps_a_change_made_since(officer, board):
    """A copy of the meeting loaded before the agenda was published (with its resolution to
    exclude the press and public) must not write the older state back when it is recorded held."""
    meeting = make_meeting(board, london(2030, 6, 12, 14), hours=3, by=officer)
    stale = Meeting.objects.get(pk=meeting.pk)
    services.agenda_item_add(meeting=meeting, by=officer, title="Contract award", confidential=True, exempt_paragraph=3)
    services.agenda_publish(
        meeting=meeting, by=officer, now=london(2030, 5, 1, 9), exclusion_resolution="That the public be excluded."
    )
    services.meeting_hold(meeting=stale, by=officer, now=london(2030, 6, 12, 14, 5))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert meeting.exclusion_resolution == "That the public be excluded."
    assert meeting.agenda_published_at is not None
