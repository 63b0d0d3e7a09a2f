"""Attendance: substitutes (the organisation's named deputies first, anyone in the register, or
someone new to it), who was in the chair and who took the minutes, the order of those in
attendance, and declarations of interest, public even on an exempt item."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from core.audit import save_audited
from meetings import services
from meetings.models import Attendance, Declaration
from meetings.selectors import attendance_by_organisation, public_minutes
from meetings.services.minutes import render_minutes_html
from members.models import Deputy, Membership, Organisation, Person
from tests.conftest import html, make_member, make_person, text_of
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(partnership, officer):
    return save_audited(
        Organisation(partnership=partnership, name="Thames Valley Police", sector=Organisation.Sector.POLICE),
        by=officer,
        reason="test",
    )


@pytest.fixture
def liversidge(board, police):
    return make_member(board, police, "John", "Liversidge", job_title="Chief Superintendent")


@pytest.fixture
def meeting(board, officer, chair, member, liversidge):
    return held_meeting(board, officer)


def form_values(page) -> dict:
    """What the attendance form would post as it stands: checked radios, selected options, texts."""
    values = {}
    for field in page.select("form input, form select"):
        name = field.get("name")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if field.name == "select":
            chosen = field.select_one("option[selected]")
            values[name] = chosen["value"] if chosen else ""
        elif field.get("type") == "radio":
            if field.has_attr("checked"):
                values[name] = field["value"]
        else:
            values[name] = field.get("value", "")
    return values


def attendance_url(meeting) -> str:
    return f"/manage/meetings/{meeting.pk}/attendance/"


def post_attendance(client, meeting, **changes):
    values = form_values(html(client.get(attendance_url(meeting))))
    values.update({key: str(value) for key, value in changes.items()})
    return client.post(attendance_url(meeting), values)


def seat(meeting, person) -> Membership:
    return next(m for m in services.members_expected(meeting) if m.person_id == person.pk)


def public_text(meeting) -> str:
    return text_of(html_of(render_minutes_html(public_minutes(meeting))))


def html_of(markup: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(markup, "html.parser")


# -- Deputies and substitutes ------------------------------------------------------------------


def test_the_attendance_form_offers_the_organisations_named_deputies_first(
    client, officer, meeting, board, police, liversidge
):
    jane = make_person("Jane", "Doe", partnership=board.partnership)
    make_person("Aaron", "Aardvark", partnership=board.partnership)
    save_audited(Deputy(organisation=police, body=board, person=jane), by=officer, reason="test")
    client.force_login(officer)
    select = html(client.get(attendance_url(meeting))).select_one(f"select[name=substitute_{liversidge.pk}]")
    groups = [group["label"] for group in select.select("optgroup")]
    assert groups == ["Named deputies for Thames Valley Police", "Everyone else in the register", "Not in the register"]
    assert [o.text for o in select.select("optgroup")[0].select("option")] == ["Jane Doe"]
    everyone = [o.text for o in select.select("optgroup")[1].select("option")]
    assert "Aaron Aardvark" in everyone and "Jane Doe" not in everyone and "John Liversidge" not in everyone


def test_a_substitute_reads_in_the_minutes_and_the_member_sent_apologies(
    client, officer, meeting, board, police, liversidge
):
    jane = make_person("Jane", "Doe", partnership=board.partnership)
    client.force_login(officer)
    response = post_attendance(
        client, meeting, **{f"status_{liversidge.pk}": "substitute", f"substitute_{liversidge.pk}": jane.pk}
    )
    assert response.status_code == 302
    assert meeting.attendances.get(person=liversidge.person).status == Attendance.Status.APOLOGIES
    assert meeting.attendances.get(person=jane).substitute_for == liversidge.person
    page = html(client.get(f"/manage/meetings/{meeting.pk}/minutes/"))
    present = text_of(page.select_one("[data-testid=present]"))
    assert "Jane Doe (substitute for John Liversidge, Thames Valley Police)" in present
    assert "John Liversidge" in text_of(page.select_one("[data-testid=apologies]"))
    assert "(substitute: Jane Doe)" in text_of(page.select_one("[data-testid=apologies]"))
    # The organisation was represented at the meeting.
    stats = {o.name: represented for o, represented, _ in attendance_by_organisation(board, dt.date(2026, 12, 7))}
    assert stats["Thames Valley Police"] == 1
    # The form shows the substitute again when reopened.
    again = form_values(html(client.get(attendance_url(meeting))))
    assert again[f"status_{liversidge.pk}"] == "substitute" and again[f"substitute_{liversidge.pk}"] == str(jane.pk)


def test_changing_a_substitute_back_to_present_takes_the_substitute_off(client, officer, meeting, board, liversidge):
    jane = make_person("Jane", "Doe", partnership=board.partnership)
    client.force_login(officer)
    post_attendance(
        client, meeting, **{f"status_{liversidge.pk}": "substitute", f"substitute_{liversidge.pk}": jane.pk}
    )
    assert post_attendance(client, meeting, **{f"status_{liversidge.pk}": "present"}).status_code == 302
    assert not meeting.attendances.filter(person=jane).exists()
    assert meeting.attendances.get(person=liversidge.person).status == Attendance.Status.PRESENT


def test_someone_new_to_the_register_is_added_from_the_attendance_form(client, officer, meeting, board, liversidge):
    client.force_login(officer)
    response = post_attendance(
        client,
        meeting,
        **{
            f"status_{liversidge.pk}": "substitute",
            f"substitute_{liversidge.pk}": "new",
            f"new_given_{liversidge.pk}": "Nina",
            f"new_family_{liversidge.pk}": "Newcomer",
        },
    )
    assert response.status_code == 302
    nina = Person.objects.get(given_name="Nina", family_name="Newcomer")
    assert nina.partnership == board.partnership and nina.slug == "nina-newcomer"
    assert nina.history.latest().history_change_reason == "Person added to the register"
    assert meeting.attendances.get(person=nina).substitute_for == liversidge.person


def test_a_new_substitute_needs_both_names(client, officer, meeting, liversidge):
    client.force_login(officer)
    response = post_attendance(
        client,
        meeting,
        **{
            f"status_{liversidge.pk}": "substitute",
            f"substitute_{liversidge.pk}": "new",
            f"new_given_{liversidge.pk}": "Nina",
        },
    )
    assert response.status_code == 200
    error = text_of(html(response).select_one(f"#id_new_family_{liversidge.pk}_1_error"))
    assert "Enter the last name of the substitute for John Liversidge" in error
    assert not Person.objects.filter(given_name="Nina").exists()
    # Too long a name is said once, with its limit, not also as missing.
    response = post_attendance(
        client,
        meeting,
        **{
            f"status_{liversidge.pk}": "substitute",
            f"substitute_{liversidge.pk}": "new",
            f"new_given_{liversidge.pk}": "Nina",
            f"new_family_{liversidge.pk}": "N" * 150,
        },
    )
    lines = [text_of(a) for a in html(response).select(".govuk-error-summary a")]
    assert len(lines) == 1 and "100 characters or fewer" in lines[0], lines


def test_a_substitute_from_another_partnerships_register_is_refused(
    client, officer, meeting, liversidge, other_officer
):
    from boards.models import Partnership

    theirs = make_person("Their", "Person", partnership=Partnership.objects.get(slug="elsewhere"))
    client.force_login(officer)
    response = post_attendance(
        client, meeting, **{f"status_{liversidge.pk}": "substitute", f"substitute_{liversidge.pk}": theirs.pk}
    )
    assert response.status_code == 200
    assert "Choose the substitute for John Liversidge from the list" in text_of(
        html(response).select_one(f"#id_substitute_{liversidge.pk}_1_error")
    )
    assert not meeting.attendances.filter(person=theirs).exists()
    with pytest.raises(ValidationError, match="another partnership"):
        services.attendance_record(
            meeting=meeting, entries=[(seat(meeting, liversidge.person), "substitute", theirs)], by=officer
        )


# -- Who was in the chair, and who took the minutes -------------------------------------------


def test_the_chair_is_the_bodys_chair_by_default(client, officer, meeting, chair):
    client.force_login(officer)
    values = form_values(html(client.get(attendance_url(meeting))))
    assert values["chair"] == str(chair.person.pk)


def test_the_vice_chair_in_the_chair_is_marked_chair_and_an_item_chair_is_named(
    client, officer, meeting, board, council, chair, member
):
    vice = make_member(board, council, "Vera", "Vice", role=Membership.Role.VICE_CHAIR, job_title="Head of Service")
    clerk = make_person("Clara", "Clerk", partnership=board.partnership)
    item = meeting.items.get(position=5)
    client.force_login(officer)
    response = post_attendance(
        client,
        meeting,
        **{f"status_{vice.pk}": "present", "chair": vice.person.pk, f"item_chair_{item.pk}": chair.person.pk},
        minutes_taken_by=clerk.pk,
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert (meeting.chaired_by, meeting.minutes_taken_by, item.chaired_by) == (vice.person, clerk, chair.person)
    text = public_text(meeting)
    assert "Vera Vice — Head of Service — Testshire Council (Chair)" in text
    assert "Cara Chair — Chair — Testshire Council (In the chair for item 5)" in text
    assert "In the chair for item 5: Cara Chair." in text
    assert "Minutes taken by Clara Clerk." in text
    # The PDF is the same record.
    services.meeting_close_time(meeting=meeting, closed_at=dt.time(15, 30), by=officer)
    services.minutes_publish(meeting=meeting, by=officer)
    pdf = bytes(meeting.minutes_publications.latest("number").pdf)
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Vera Vice — Head of Service — Testshire Council (Chair)" in pdf_text
    assert "In the chair for item 5: Cara Chair." in pdf_text


def test_someone_not_present_cannot_have_been_in_the_chair(client, officer, meeting, chair):
    client.force_login(officer)
    seat_pk = seat(meeting, chair.person).pk
    response = post_attendance(client, meeting, **{f"status_{seat_pk}": "apologies", "chair": chair.person.pk})
    assert response.status_code == 200
    error = text_of(html(response).select_one("#id_chair_1_error"))
    assert "Cara Chair is not recorded as present" in error
    meeting.refresh_from_db()
    assert meeting.chaired_by is None


def test_the_meetings_own_chair_for_an_item_is_no_change(officer, meeting, chair):
    entries = [(m, "present", None) for m in services.members_expected(meeting)]
    item = meeting.items.get(position=5)
    services.attendance_record(
        meeting=meeting,
        entries=entries,
        by=officer,
        presiding=services.Presiding(chair=chair.person, item_chairs={item.pk: chair.person}),
    )
    item.refresh_from_db()
    assert item.chaired_by is None
    assert "In the chair for item" not in public_text(meeting)


# -- In attendance: the order entered, or the officer's --------------------------------------


def test_those_in_attendance_keep_the_order_entered_and_the_officer_can_reorder(client, officer, meeting):
    for name in ["Zoe Zed", "Adam Able", "Mia Middle"]:
        services.attendance_add_other(meeting=meeting, name=name, role="", organisation="", by=officer)
    minutes = public_minutes(meeting, confidential=True)
    assert [a.display_name for a in minutes.in_attendance] == ["Zoe Zed", "Adam Able", "Mia Middle"]
    client.force_login(officer)
    mia = meeting.attendances.get(name="Mia Middle")
    assert client.post(f"/manage/attendance/{mia.pk}/up/").status_code == 302
    page = html(client.get(f"/manage/meetings/{meeting.pk}/minutes/"))
    listed = [li.contents[0].strip() for li in page.select("[data-testid=in-attendance] li")]
    assert listed == ["Zoe Zed", "Mia Middle", "Adam Able"]
    zoe = meeting.attendances.get(name="Zoe Zed")
    client.post(f"/manage/attendance/{zoe.pk}/up/")  # already first: refused with a message
    assert [a.display_name for a in public_minutes(meeting).in_attendance] == ["Zoe Zed", "Mia Middle", "Adam Able"]


def test_another_partnerships_officer_cannot_reorder_those_in_attendance(client, officer, meeting, other_officer):
    services.attendance_add_other(meeting=meeting, name="Adam Able", role="", organisation="", by=officer)
    services.attendance_add_other(meeting=meeting, name="Zoe Zed", role="", organisation="", by=officer)
    zoe = meeting.attendances.get(name="Zoe Zed")
    client.force_login(other_officer)
    assert client.post(f"/manage/attendance/{zoe.pk}/up/").status_code == 404
    assert client.get(f"/manage/attendance/{zoe.pk}/up/").status_code in (404, 405)
    assert [a.display_name for a in public_minutes(meeting).in_attendance] == ["Adam Able", "Zoe Zed"]


# -- Declarations on exempt items ------------------------------------------------------------


def test_a_declaration_on_an_exempt_item_is_public_but_the_item_is_not(client, officer, meeting, member):
    minute_it(meeting, officer)
    secret = meeting.items.get(position=6)
    services.declaration_add(
        item=secret,
        person=member.person,
        nature="Spouse employed in the service under review",
        kind=Declaration.Kind.OTHER,
        left_room=True,
        took_no_part=True,
        by=officer,
    )
    assert list(Declaration.objects.public()) == []  # draft minutes: nothing yet
    services.minutes_publish(meeting=meeting, by=officer)
    assert [d.item for d in Declaration.objects.public()] == [secret]
    client.logout()
    page = html(client.get(meeting.get_absolute_url()))
    text = text_of(page)
    assert (
        "Mo Member declared an other registrable or non-registrable interest: Spouse employed in the service under "
        "review, left the room and took no part in the discussion or vote." in text
    )
    assert "Exempt item: information relating to an individual (paragraph 1)" in text  # the item's heading
    assert "SECRET" not in str(page)
    member_page = client.get(f"/partnerships/testshire/members/{member.person.slug}/")
    declarations = text_of(html(member_page).select_one("[data-testid=declarations]"))
    assert "item 6 (Exempt item: information relating to an individual (paragraph 1))" in declarations
    assert "Spouse employed in the service under review; left the room and took no part" in declarations
    assert "SECRET" not in member_page.content.decode()


# -- Deputies on the organisation's and the person's pages -----------------------------------


def test_deputies_show_on_the_organisations_and_the_persons_pages(client, officer, board, police, liversidge):
    jane = make_person("Jane", "Doe", partnership=board.partnership)
    client.force_login(officer)
    url = f"/manage/testshire/register/organisations/{police.pk}/deputies/new/"
    assert client.post(url, {"body": board.pk, "person": jane.pk}).status_code == 302
    organisation = html(client.get(f"/manage/testshire/register/organisations/{police.pk}/"))
    deputies = text_of(organisation.select_one("[data-testid=deputies]")).replace(" ,", ",")
    assert deputies == "Jane Doe, deputy on the Testshire Board"
    person = html(client.get(f"/manage/testshire/register/people/{jane.pk}/"))
    assert "Deputy for Thames Valley Police on the Testshire Board" in text_of(
        person.select_one("[data-testid=deputy-for]")
    )
    public = html(client.get(f"/partnerships/testshire/members/{liversidge.person.slug}/"))
    assert public.select_one("[data-testid=deputy-for]") is None  # John is a member, not a deputy
    make_member(board, police, "Dep", "Uty")
    dep = Person.objects.get(family_name="Uty")
    save_audited(Deputy(organisation=police, body=board, person=dep), by=officer, reason="test")
    client.logout()
    public = html(client.get(f"/partnerships/testshire/members/{dep.slug}/"))
    assert "Deputy for Thames Valley Police on the Testshire Board" in text_of(
        public.select_one("[data-testid=deputy-for]")
    )
