"""One partnership's register never reaches another partnership's officers: a person belongs to
one partnership, every lookup by id goes through it, every form that names a person, an
organisation or a body offers only the partnership's own; and the register's edit forms refuse a
save made from a stale copy, keeping what was typed."""

import datetime as dt

import pytest
from django.core import mail

from boards.models import Body, Partnership
from commissions.forms import MemberForm, ProposeForm
from core.audit import save_audited
from meetings.forms.agenda import PlanningGroupForm
from meetings.forms.minutes import ActionForm, DeclarationForm
from members import services
from members.forms import DeputyForm, MembershipForm
from members.models import Deputy, InterestEntry, Membership, Organisation, Person
from tests.conftest import html, make_member, make_person, make_user, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(other_officer) -> Partnership:
    return Partnership.objects.get(slug="elsewhere")


@pytest.fixture
def elsewhere_org(elsewhere) -> Organisation:
    return save_audited(
        Organisation(partnership=elsewhere, name="Elsewhere Council", sector=Organisation.Sector.LOCAL_AUTHORITY),
        by=None,
        reason="test",
    )


@pytest.fixture
def priya(board, council) -> Person:
    """A member of Testshire's board with private contact details."""
    person = make_member(board, council, "Priya", "Private").person
    person.email, person.phone = "priya.private@example.org", "01234 567890"
    return save_audited(person, by=None, reason="test")


def seat_form(body, organisation) -> dict:
    return {
        "body": body.pk,
        "role": "member",
        "basis": "organisation",
        "organisation": organisation.pk,
        "voting": "on",
        "starts_on": "2026-06-01",
    }


def history_rows() -> int:
    return sum(model.history.count() for model in (Person, Membership, Deputy, Organisation, InterestEntry))


# -- Hole 1: another partnership's officer reaches our people by id --------------------------------


def test_another_partnerships_officer_cannot_take_our_member_onto_their_board(
    client, priya, other_officer, elsewhere, elsewhere_org
):
    elsewhere_board = Body.objects.get(partnership=elsewhere)
    client.force_login(other_officer)
    before = history_rows()
    url = f"/manage/elsewhere/register/people/{priya.pk}/memberships/new/"
    assert client.get(url).status_code == 404
    assert client.post(url, seat_form(elsewhere_board, elsewhere_org)).status_code == 404
    assert not Membership.objects.filter(body=elsewhere_board).exists()
    assert history_rows() == before


def test_another_partnerships_officer_cannot_read_edit_or_remind_our_member(client, priya, other_officer):
    client.force_login(other_officer)
    before = history_rows()
    assert client.get(f"/manage/elsewhere/register/people/{priya.pk}/").status_code == 404
    assert client.get(f"/manage/elsewhere/register/people/{priya.pk}/edit/").status_code == 404
    response = client.post(
        f"/manage/elsewhere/register/people/{priya.pk}/edit/",
        {"given_name": "Hijacked", "family_name": "Name", "email": "attacker@example.org"},
    )
    assert response.status_code == 404
    assert client.post(f"/manage/elsewhere/register/people/{priya.pk}/remind/").status_code == 404
    priya.refresh_from_db()
    assert (priya.given_name, priya.email) == ("Priya", "priya.private@example.org")
    assert history_rows() == before and mail.outbox == []


def test_a_person_added_without_a_seat_is_ours_alone(client, officer, partnership, other_officer):
    client.force_login(officer)
    response = client.post(
        "/manage/testshire/register/people/new/",
        {"given_name": "Nadia", "family_name": "New", "email": "nadia@example.org", "phone": "07700 900123"},
    )
    assert response.status_code == 302
    nadia = Person.objects.get(given_name="Nadia")
    assert nadia.partnership == partnership
    page = text_of(html(client.get(f"/manage/testshire/register/people/{nadia.pk}/")))
    assert "nadia@example.org" in page and "07700 900123" in page
    # Her officers can edit her before she has a seat (today's lookup went through seats: 404).
    assert client.get(f"/manage/testshire/register/people/{nadia.pk}/edit/").status_code == 200
    client.force_login(other_officer)
    assert client.get(f"/manage/elsewhere/register/people/{nadia.pk}/").status_code == 404
    assert client.get(f"/manage/elsewhere/register/people/{nadia.pk}/edit/").status_code == 404


def test_the_deputy_form_offers_only_our_people_and_refuses_anyone_elses(
    client, officer, board, council, priya, other_officer, elsewhere
):
    stranger = make_member(Body.objects.get(partnership=elsewhere), None, "Sam", "Stranger", basis="expertise")
    client.force_login(officer)
    url = f"/manage/testshire/register/organisations/{council.pk}/deputies/new/"
    offered = [option.get_text(strip=True) for option in html(client.get(url)).select("#id_person option")]
    assert "Priya Private" in offered and "Sam Stranger" not in offered
    before = history_rows()
    response = client.post(url, {"body": board.pk, "person": stranger.person.pk})
    assert response.status_code == 200
    assert "from the list" in text_of(html(response).select_one(".govuk-error-summary"))
    assert not Deputy.objects.exists() and history_rows() == before


def test_membership_form_refuses_another_partnerships_body_and_organisation(
    client, officer, priya, other_officer, elsewhere, elsewhere_org
):
    elsewhere_board = Body.objects.get(partnership=elsewhere)
    client.force_login(officer)
    before = history_rows()
    response = client.post(
        f"/manage/testshire/register/people/{priya.pk}/memberships/new/", seat_form(elsewhere_board, elsewhere_org)
    )
    errors = text_of(html(response).select_one(".govuk-error-summary"))
    assert errors.count("from the list") == 2
    assert history_rows() == before


def test_a_seat_is_refused_for_a_person_of_another_partnership_whatever_the_path(priya, other_officer, elsewhere):
    elsewhere_board = Body.objects.get(partnership=elsewhere)
    with pytest.raises(Exception, match="another partnership"):
        services.membership_save(
            membership=Membership(person=priya, body=elsewhere_board, basis="expertise", starts_on=dt.date(2026, 6, 1)),
            by=None,
        )
    assert not Membership.objects.filter(body=elsewhere_board).exists()


def test_forms_in_meetings_and_commissions_offer_only_this_partnerships_people(
    partnership, board, council, priya, other_officer, elsewhere, elsewhere_org
):
    stranger = make_member(Body.objects.get(partnership=elsewhere), elsewhere_org, "Sam", "Stranger").person
    people = Person.objects.in_partnership(partnership)
    forms = {
        "person": [
            DeputyForm(partnership=partnership),
            MemberForm(partnership=partnership),
            DeclarationForm(people=people),
        ],
        "owner": [ActionForm(people=people)],
        "people": [PlanningGroupForm(board=board)],
        "members": [ProposeForm(partnership=partnership)],
    }
    for field, instances in forms.items():
        for form in instances:
            offered = set(form.fields[field].queryset)
            assert priya in offered and stranger not in offered, (type(form).__name__, field)
    # And a POST naming them is a field error.
    form = MemberForm(
        {"person": stranger.pk, "organisation": elsewhere_org.pk, "role": "member", "starts_on": "2027-01-01"},
        partnership=partnership,
    )
    assert not form.is_valid() and {"person", "organisation"} <= set(form.errors)
    form = MembershipForm(
        seat_form(Body.objects.get(partnership=elsewhere), elsewhere_org), partnership=partnership, person=priya
    )
    assert not form.is_valid() and {"body", "organisation"} <= set(form.errors)


# -- Hole 7: a person with two seats ---------------------------------------------------------------


def test_a_member_with_two_seats_can_be_edited_and_reminded(client, officer, partnership, board, council, priya):
    planning = save_audited(
        Body(partnership=partnership, kind=Body.Kind.PLANNING_GROUP, name="Planning Group", slug="planning-group"),
        by=None,
        reason="test",
    )
    save_audited(
        Membership(person=priya, body=planning, organisation=council, starts_on=dt.date(2026, 2, 1)),
        by=None,
        reason="test",
    )
    client.force_login(officer)
    assert client.get(f"/manage/testshire/register/people/{priya.pk}/edit/").status_code == 200
    response = client.post(f"/manage/testshire/register/people/{priya.pk}/remind/")
    assert response.status_code == 302 and mail.outbox[0].to == ["priya.private@example.org"]


# -- Public addresses: a slug is unique within its partnership -------------------------------------


def test_two_partnerships_may_each_have_a_member_of_the_same_name_at_the_same_address(
    client, partnership, board, council, other_officer, elsewhere, elsewhere_org
):
    ours = make_member(board, council, "Ann", "Seat").person
    theirs = services.person_save(person=Person(partnership=elsewhere, given_name="Ann", family_name="Seat"), by=None)
    save_audited(
        Membership(
            person=theirs,
            body=Body.objects.get(partnership=elsewhere),
            organisation=elsewhere_org,
            starts_on=dt.date(2026, 1, 1),
        ),
        by=None,
        reason="test",
    )
    assert ours.slug == theirs.slug == "ann-seat"
    assert "representing Testshire Council" in text_of(html(client.get("/partnerships/testshire/members/ann-seat/")))
    page = text_of(html(client.get("/partnerships/elsewhere/members/ann-seat/")))
    assert "representing Elsewhere Council" in page and "Testshire Council" not in page
    # A second Ann Seat in the same partnership gets her own address.
    again = services.person_save(person=Person(partnership=partnership, given_name="Ann", family_name="Seat"), by=None)
    assert again.slug == "ann-seat-2"


def test_a_public_member_page_is_found_only_within_the_partnership(client, priya, other_officer):
    assert client.get("/partnerships/testshire/members/priya-private/").status_code == 200
    assert client.get("/partnerships/elsewhere/members/priya-private/").status_code == 404


# -- Conflict-aware edits --------------------------------------------------------------------------


@pytest.fixture
def second_officer(partnership):
    user = make_user("officer2", "Owen", "Second")
    partnership.officers.add(user)
    return user


def loaded(client, url: str) -> dict:
    """The form as a browser would submit it unchanged: every input's and selected value."""
    soup = html(client.get(url))
    data = {}
    for field in soup.select("form input[name], form textarea[name], form select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text().lstrip("\n")
        elif field.name == "select":
            chosen = field.select_one("option[selected]")
            data[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") != "submit":
            data[name] = field.get("value", "")
    return data


def interleave(first, second, url: str, first_changes: dict, second_changes: dict):
    """Both open the form, the first saves, then the second: the second's response."""
    first_form, second_form = loaded(first, url), loaded(second, url)
    assert first_form.get("version"), "the form carries the version it loaded"
    response = first.post(url, {**first_form, **first_changes})
    assert response.status_code == 302
    return second.post(url, {**second_form, **second_changes})


def assert_stale(response, who: str, field_id: str, typed: str) -> None:
    assert response.status_code == 200
    soup = html(response)
    summary = text_of(soup.select_one(".govuk-error-summary"))
    assert f"changed by {who}" in summary and "since you opened it" in summary
    kept = soup.select_one(f"#{field_id}")
    assert (kept.get_text().strip() if kept.name == "textarea" else kept["value"]) == typed


def test_two_officers_editing_a_person_one_saves_the_other_is_told(
    client, officer, second_officer, priya, django_user_model
):
    from django.test import Client

    other = Client()
    client.force_login(officer)
    other.force_login(second_officer)
    url = f"/manage/testshire/register/people/{priya.pk}/edit/"
    response = interleave(client, other, url, {"email": "priya@new.example.org"}, {"phone": "07700 900999"})
    assert_stale(response, "Olive", "id_phone", "07700 900999")
    priya.refresh_from_db()
    assert (priya.email, priya.phone) == ("priya@new.example.org", "01234 567890")
    # Having seen the change, the second officer takes it into their copy and saves again: it goes through.
    again = other.post(url, loaded_from(response, {"email": "priya@new.example.org"}))
    assert again.status_code == 302
    priya.refresh_from_db()
    assert (priya.email, priya.phone) == ("priya@new.example.org", "07700 900999")


def loaded_from(response, changes: dict) -> dict:
    soup = html(response)
    data = {f["name"]: f.get("value", "") for f in soup.select("form input[name]") if f.get("type") != "checkbox"}
    data.update(
        {s["name"]: (s.select_one("option[selected]") or {"value": ""})["value"] for s in soup.select("select")}
    )
    return {**data, **changes}


def test_two_officers_editing_an_organisation_one_saves_the_other_is_told(client, officer, second_officer, council):
    from django.test import Client

    other = Client()
    client.force_login(officer)
    other.force_login(second_officer)
    url = f"/manage/testshire/register/organisations/{council.pk}/"
    response = interleave(client, other, url, {"short_name": "TC"}, {"name": "Testshire County Council"})
    assert_stale(response, "Olive", "id_name", "Testshire County Council")
    council.refresh_from_db()
    assert (council.name, council.short_name) == ("Testshire Council", "TC")


def test_a_member_editing_an_interest_in_two_tabs_is_told_on_the_second_save(client, member, partnership):
    from django.test import Client

    client.force_login(member)
    entry = services.interest_save(
        entry=InterestEntry(
            person=member.person,
            partnership=partnership,
            category="employment",
            description="Trustee",
            registered_on=dt.date(2026, 2, 1),
        ),
        by=member,
    )
    tab = Client()
    tab.force_login(member)
    url = f"/manage/testshire/interests/{entry.pk}/"
    response = interleave(client, tab, url, {"description": "Trustee, YMCA"}, {"description": "Chair of trustees"})
    assert_stale(response, "Mo Member", "id_description", "Chair of trustees")
    entry.refresh_from_db()
    assert entry.description == "Trustee, YMCA"


def test_a_person_helper_needs_a_partnership(partnership):
    assert make_person("Ann", "Example", partnership=partnership).partnership == partnership


def test_a_refused_stale_edit_of_a_person_is_headed_with_the_saved_name(client, officer, partnership):
    person = make_person("John", "Liversidge", partnership=partnership, by=officer)
    client.force_login(officer)
    address = f"/manage/testshire/register/people/{person.pk}/edit/"
    page = html(client.get(address))
    version = page.select_one("input[name=version]")["value"]
    person.given_name = "Jon"
    save_audited(person, by=officer, reason="Another officer's correction")
    response = client.post(
        address, {"given_name": "JohnB", "family_name": "Liversidge", "version": version, "honorific": ""}
    )
    assert response.status_code == 200
    assert text_of(html(response).select_one("h1")) == "Jon Liversidge"
