"""Setting a partnership up: creating it, inviting people, accepting an invitation once,
deactivating accounts, changing its address, and its settings forms."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from boards.models import Body, FocusArea, Partnership, PartnershipSlugRedirect, Principle
from core.audit import save_audited
from onboarding import services
from onboarding.forms import BodyForm, FocusAreasForm, PartnershipSettingsForm
from onboarding.models import Invitation
from onboarding.tokens import InvitationTokenGenerator, invitation_token
from tests.conftest import make_person, make_user

User = get_user_model()
SITE = "https://governance.example"


@pytest.fixture
def admin_user(db):
    user = make_user("platform-admin", "Ada", "Admin")
    user.is_staff = True
    user.save()
    return user


def _token_from(message) -> tuple[int, str]:
    match = re.search(r"/invitations/(\d+)/([^/\s]+)/", message.body)
    assert match, message.body
    return int(match[1]), match[2]


def test_staff_creates_a_partnership_with_its_board_and_its_officer_is_emailed_on_commit(
    admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        partnership, invitation = services.partnership_create(
            name="Newtown Partnership",
            slug="newtown",
            area="Newtown",
            vision="Better together",
            officer_email="Olu.Officer@Newtown.gov.uk",
            by=admin_user,
            site_url=SITE,
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    officer = User.objects.get(email__iexact="olu.officer@newtown.gov.uk")
    assert not officer.has_usable_password() and officer.is_active
    assert list(partnership.officers.all()) == []  # an officer once the invitation is accepted
    board = partnership.board
    assert board.name == "Newtown Partnership Board" and board.max_meeting_length == dt.timedelta(hours=3)
    reasons = list(partnership.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == ["Partnership created"]
    assert invitation.role == Invitation.Role.OFFICER and invitation.invited_by == admin_user
    [message] = mail.outbox
    assert message.to == [officer.email] and "Newtown Partnership" in message.subject
    pk, token = _token_from(message)
    assert pk == invitation.pk and message.body.count(SITE + "/invitations/") == 1
    assert services.invitation_check(invitation, token)
    services.invitation_accept(invitation=invitation, token=token, password="a long new password 42")
    assert list(partnership.officers.all()) == [officer]


def test_a_user_who_is_not_staff_cannot_create_a_partnership(officer):
    with pytest.raises(ValidationError):
        services.partnership_create(
            name="Rogue", slug="rogue", area="X", vision="X", officer_email="x@example.org", by=officer, site_url=SITE
        )
    assert not Partnership.objects.filter(slug="rogue").exists()


def test_an_existing_account_is_reused_when_invited_again(admin_user, partnership, officer):
    officer.email = "olive@testshire.gov.uk"
    officer.save()
    invitation = services.invitation_send(
        partnership=partnership, email="OLIVE@testshire.gov.uk", role="officer", by=admin_user, site_url=SITE
    )
    assert invitation.user == officer and User.objects.filter(email__iexact="olive@testshire.gov.uk").count() == 1


def test_the_invitation_link_works_once_and_signs_nobody_in_twice(admin_user, partnership):
    invitation = services.invitation_send(
        partnership=partnership, email="new@testshire.gov.uk", role="officer", by=admin_user, site_url=SITE
    )
    token = invitation_token.make_token(invitation)
    assert services.invitation_check(invitation, token)
    user = services.invitation_accept(invitation=invitation, token=token, password="a long new password 42")
    assert user.check_password("a long new password 42")
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert not services.invitation_check(invitation, token)
    with pytest.raises(ValidationError, match="expired or has already been used"):
        services.invitation_accept(invitation=invitation, token=token, password="another password 99")
    user.refresh_from_db()
    assert user.check_password("a long new password 42")
    assert user.history.first().history_change_reason == "Password set from an invitation"


def test_a_tampered_or_expired_link_is_refused(admin_user, partnership, settings):
    invitation = services.invitation_send(
        partnership=partnership, email="late@testshire.gov.uk", role="officer", by=admin_user, site_url=SITE
    )
    token = invitation_token.make_token(invitation)
    assert not services.invitation_check(invitation, token[:-1] + ("0" if token[-1] != "0" else "1"))

    class EightDaysLater(InvitationTokenGenerator):
        def _now(self):
            return super()._now() + dt.timedelta(days=settings.INVITATION_EXPIRY_DAYS, hours=1)

    assert not EightDaysLater().check_token(invitation, token)
    assert InvitationTokenGenerator().check_token(invitation, token)

    invitation.expires_at = timezone.now() - dt.timedelta(minutes=1)
    save_audited(invitation, by=None, reason="test: expired")
    assert not services.invitation_check(invitation, token)


def test_inviting_a_member_links_their_account_to_the_register(partnership, officer):
    person = make_person("Mo", "Member", partnership=partnership)
    invitation = services.invitation_send(
        partnership=partnership, email="mo@example.org", role="member", person=person, by=officer, site_url=SITE
    )
    person.refresh_from_db()
    assert person.user is None  # linked when its owner accepts
    services.invitation_accept(
        invitation=invitation, token=invitation_token.make_token(invitation), password="a long new password 42"
    )
    person.refresh_from_db()
    assert person.user == invitation.user
    assert not partnership.officers.filter(pk=invitation.user.pk).exists()
    assert person.history.first().history_change_reason.startswith("Account mo@example.org linked")


def test_another_partnerships_officer_cannot_take_over_or_lock_out_an_account(partnership, officer, other_officer):
    """An officer invites an address that is already another partnership's member's account: it
    gains nothing before its owner accepts, the form names nobody, and it cannot be deactivated
    from here."""
    elsewhere = Partnership.objects.get(slug="elsewhere")
    dana = make_person("Dana", "Derbyshire", partnership=elsewhere)
    invitation = services.invitation_send(
        partnership=elsewhere,
        email="dana@elsewhere.example",
        role="member",
        person=dana,
        by=other_officer,
        site_url=SITE,
    )
    services.invitation_accept(
        invitation=invitation, token=invitation_token.make_token(invitation), password="a long new password 42"
    )
    account = invitation.user
    services.invitation_send(
        partnership=partnership, email="DANA@elsewhere.example", role="officer", by=officer, site_url=SITE
    )
    assert not partnership.officers.filter(pk=account.pk).exists()
    mine = make_person("Mo", "Mine", partnership=partnership)
    with pytest.raises(ValidationError) as refused:
        services.invitation_send(
            partnership=partnership,
            email="dana@elsewhere.example",
            role="member",
            person=mine,
            by=officer,
            site_url=SITE,
        )
    assert "Dana" not in str(refused.value) and "Derbyshire" not in str(refused.value)
    with pytest.raises(ValidationError):
        services.account_deactivate(partnership=partnership, user=account, reason="because I can", by=officer)
    account.refresh_from_db()
    assert account.is_active


def test_a_member_must_be_linked_to_someone_of_this_register(partnership, officer, other_officer):
    stranger = make_person("Sam", "Stranger", partnership=Partnership.objects.get(slug="elsewhere"))
    with pytest.raises(ValidationError) as error:
        services.invitation_send(
            partnership=partnership, email="s@example.org", role="member", person=stranger, by=officer, site_url=SITE
        )
    assert "person" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.invitation_send(
            partnership=partnership, email="s@example.org", role="chair", by=officer, site_url=SITE
        )


def test_an_account_is_deactivated_with_a_reason_never_deleted(partnership, officer):
    invitation = services.invitation_send(
        partnership=partnership, email="leaver@testshire.gov.uk", role="officer", by=officer, site_url=SITE
    )
    leaver = invitation.user
    with pytest.raises(ValidationError):
        services.account_deactivate(partnership=partnership, user=leaver, reason="  ", by=officer)
    services.account_deactivate(partnership=partnership, user=leaver, reason="Left the council", by=officer)
    leaver.refresh_from_db()
    assert not leaver.is_active and User.objects.filter(pk=leaver.pk).exists()
    latest = leaver.history.first()
    assert latest.history_change_reason == "Account deactivated: Left the council" and latest.history_user == officer
    with pytest.raises(ValidationError):
        services.account_deactivate(partnership=partnership, user=officer, reason="oops", by=officer)
    with pytest.raises(ValidationError, match="cannot be invited"):
        services.invitation_send(
            partnership=partnership, email="leaver@testshire.gov.uk", role="officer", by=officer, site_url=SITE
        )


def test_changing_the_address_keeps_the_old_one_working_with_a_301(client, partnership, board, officer):
    partnership.slug = "testshire-cfp"
    services.partnership_update(partnership=partnership, by=officer)
    assert PartnershipSlugRedirect.objects.get(old_slug="testshire").partnership == partnership
    response = client.get("/partnerships/testshire/board/?page=1")
    assert response.status_code == 301 and response["Location"] == "/partnerships/testshire-cfp/board/?page=1"
    assert client.get("/partnerships/testshire/").status_code == 301
    assert client.get("/partnerships/testshire-cfp/").status_code == 200
    assert client.get("/partnerships/nowhere/").status_code == 404
    client.force_login(officer)
    response = client.get("/manage/testshire/register/")
    assert response.status_code == 301 and response["Location"] == "/manage/testshire-cfp/register/"
    # Changing back takes the address back: no loop.
    partnership.slug = "testshire"
    services.partnership_update(partnership=partnership, by=officer)
    assert client.get("/partnerships/testshire/").status_code == 200
    assert client.get("/partnerships/testshire-cfp/").status_code == 301


def test_the_settings_form_names_its_errors_and_loses_nothing(partnership, officer, other_officer):
    data = {
        "name": "Elsewhere Partnership",
        "slug": "Not A Slug!",
        "area": "",
        "vision": "Kept as typed",
        "resolution_style": "resolved",
        "minutes_approval_wording": "correct_record",
        "item_numbering": "roman",
    }
    form = PartnershipSettingsForm(data, instance=partnership)
    assert not form.is_valid()
    assert set(form.errors) == {"name", "slug", "area", "item_numbering"}
    assert form.errors["area"] == ["Enter the local authority area"]
    assert form.errors["name"] == ["Another partnership has this name"]
    assert form["vision"].value() == "Kept as typed"


def test_a_stale_settings_form_is_refused(client, partnership, officer):
    client.force_login(officer)
    url = f"/manage/{partnership.slug}/settings/partnership/"
    page = client.get(url)
    version = page.context["form"].initial["version"]
    save_audited(partnership, by=officer, reason="someone else saved")
    response = client.post(
        url,
        {
            "name": "Renamed",
            "slug": partnership.slug,
            "area": "Testshire",
            "vision": "V",
            "resolution_style": "agreed",
            "minutes_approval_wording": "true_record",
            "item_numbering": "decimal",
            "version": version,
        },
    )
    assert response.status_code == 200 and "since you opened it" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.name != "Renamed"


def test_body_settings_are_saved_and_the_longest_meeting_follows_them(partnership, board, officer):
    form = BodyForm(
        {
            "kind": "board",
            "name": board.name,
            "slug": "board",
            "terms_of_reference": "To lead the partnership.",
            "quorum": "4",
            "usual_start_time": "2pm",
            "max_meeting_minutes": "150",
            "contact_name": "Chris Clerk",
            "contact_email": "not-an-email",
            "version": "",
        },
        instance=board,
        partnership=partnership,
    )
    assert not form.is_valid() and set(form.errors) == {"contact_email"}
    form.data = {**form.data, "contact_email": "chris@testshire.gov.uk"}
    form = BodyForm(form.data, instance=board, partnership=partnership)
    assert form.is_valid(), form.errors
    body = services.body_save(body=form.instance, by=officer, loaded_version=None)
    body.refresh_from_db()
    assert body.usual_start_time == dt.time(14, 0) and body.max_meeting_length == dt.timedelta(minutes=150)
    assert body.history.first().history_change_reason.endswith("settings changed")
    second_board = Body(partnership=partnership, kind="board", name="Second", slug="second")
    with pytest.raises(ValidationError):
        services.body_save(body=second_board, by=officer)


def test_focus_areas_and_principles_are_replaced_in_order(partnership, officer):
    form = FocusAreasForm(
        {
            "focus_areas": "Public safety\nEarly years\nHealth",
            "principles": "Children first\n- Listen to children\n- Act early\n\nWork together\n- Share information",
        }
    )
    assert form.is_valid(), form.errors
    services.focus_areas_and_principles_save(partnership=partnership, by=officer, **form.cleaned_data)
    assert list(FocusArea.objects.filter(partnership=partnership).values_list("name", flat=True)) == [
        "Public safety",
        "Early years",
        "Health",
    ]
    principles = list(Principle.objects.filter(partnership=partnership).prefetch_related("aims"))
    assert [p.title for p in principles] == ["Children first", "Work together"]
    assert [a.text for a in principles[0].aims.all()] == ["Listen to children", "Act early"]
    assert not FocusAreasForm({"focus_areas": "Same\nsame", "principles": ""}).is_valid()
    emptied = FocusAreasForm({"focus_areas": " \n", "principles": ""})
    assert not emptied.is_valid() and emptied.errors["focus_areas"] == ["Enter the focus areas"]


def test_item_numbers_follow_the_house_style(partnership):
    assert partnership.item_number("5") == "5." and partnership.item_number("5A") == "5A."
    partnership.item_numbering = Partnership.ItemNumbering.DECIMAL
    assert partnership.item_number(5) == "5.0" and partnership.item_number("5A") == "5A.0"


@pytest.mark.parametrize("word", ["manage", "meetings", "admin", "setup"])
def test_a_partnership_cannot_take_an_address_the_site_uses(partnership, officer, word):
    partnership.slug = word
    with pytest.raises(ValidationError) as refused:
        services.partnership_update(partnership=partnership, by=officer)
    assert "a word the site uses" in refused.value.message_dict["slug"][0]
    assert Partnership.objects.get(pk=partnership.pk).slug == "testshire"
