"""Who reaches the set-up pages: a platform administrator creates partnerships; a partnership's
officers set it up; its members get 403, another partnership's officers and outsiders 404, on
every page, GET and POST, and nothing changes."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from boards.models import Body, Partnership
from core.audit import save_audited
from onboarding import services
from tests.conftest import html, make_user, text_of

User = get_user_model()


@pytest.fixture
def pages(partnership, board, officer):
    invited = services.invitation_send(
        partnership=partnership, email="second@testshire.gov.uk", role="officer", by=officer, site_url="http://x"
    )
    slug = partnership.slug
    return [
        f"/manage/{slug}/settings/",
        f"/manage/{slug}/settings/partnership/",
        f"/manage/{slug}/settings/focus-areas/",
        f"/manage/{slug}/settings/bodies/new/",
        f"/manage/{slug}/settings/bodies/{board.pk}/",
        f"/manage/{slug}/accounts/",
        f"/manage/{slug}/accounts/invite/",
        f"/manage/{slug}/accounts/{invited.user.pk}/deactivate/",
    ]


POSTED = {
    "name": "Hijacked",
    "slug": "hijacked",
    "area": "X",
    "vision": "X",
    "kind": "group",
    "resolution_style": "agreed",
    "minutes_approval_wording": "true_record",
    "item_numbering": "decimal",
    "focus_areas": "Hijacked",
    "email": "intruder@example.org",
    "role": "officer",
    "reason": "Because",
}


def _state():
    return (
        list(Partnership.objects.values_list("name", "slug", "item_numbering")),
        Body.objects.count(),
        User.objects.filter(is_active=False).count(),
        User.objects.count(),
    )


@pytest.mark.parametrize("who", ["other_officer", "member", "outsider"])
def test_nobody_but_the_partnerships_officers_reaches_its_set_up_pages(client, request, pages, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    expected = 403 if who == "member" else 404
    before = _state()
    mail.outbox.clear()
    for url in pages:
        assert client.get(url).status_code == expected, url
        assert client.post(url, POSTED).status_code == expected, url
    assert _state() == before and mail.outbox == []


def test_signed_out_visitors_are_sent_to_sign_in(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url


def test_the_partnerships_officer_reaches_every_set_up_page(client, pages, officer):
    client.force_login(officer)
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_an_officer_cannot_reach_another_partnerships_body_or_account_through_their_own(
    client, partnership, officer, other_officer
):
    elsewhere = Partnership.objects.get(slug="elsewhere")
    client.force_login(officer)
    assert client.get(f"/manage/testshire/settings/bodies/{elsewhere.board.pk}/").status_code == 404
    assert client.post(f"/manage/testshire/settings/bodies/{elsewhere.board.pk}/", POSTED).status_code == 404
    response = client.post(f"/manage/testshire/accounts/{other_officer.pk}/deactivate/", {"reason": "No"})
    assert response.status_code == 404
    other_officer.refresh_from_db()
    assert other_officer.is_active


def test_a_commission_is_not_edited_from_the_settings_pages(client, partnership, officer):
    commission = save_audited(
        Body(partnership=partnership, kind=Body.Kind.COMMISSION, name="Commission", slug="commission"),
        by=officer,
        reason="test",
    )
    client.force_login(officer)
    assert client.get(f"/manage/testshire/settings/bodies/{commission.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["officer", "outsider"])
def test_only_a_platform_administrator_creates_a_partnership(client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in ("/setup/partnerships/", "/setup/partnerships/new/"):
        assert client.get(url).status_code == 403
    response = client.post(
        "/setup/partnerships/new/",
        {"name": "Rogue", "slug": "rogue", "area": "X", "vision": "X", "officer_email": "r@example.org"},
    )
    assert response.status_code == 403 and not Partnership.objects.filter(slug="rogue").exists()


def test_a_platform_administrator_creates_a_partnership_from_a_page(db, client, django_capture_on_commit_callbacks):
    admin = make_user("admin")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/setup/partnerships/new/",
            {"name": "Newtown", "slug": "newtown", "area": "Newtown", "vision": "V", "officer_email": "o@newtown.org"},
        )
    assert response.status_code == 302
    assert Partnership.objects.get(slug="newtown").invitations.get().email == "o@newtown.org"
    assert mail.outbox[0].to == ["o@newtown.org"]
    response = client.post("/setup/partnerships/new/", {"name": "", "slug": "newtown", "officer_email": "nope"})
    page = html(response)
    assert response.status_code == 200
    summary = text_of(page.select_one(".govuk-error-summary"))
    assert "Enter the name of the partnership" in summary and "Another partnership has this web address" in summary


def test_a_bad_or_used_invitation_link_is_a_404_page_not_an_error(client, partnership, officer):
    invitation = services.invitation_send(
        partnership=partnership, email="n@example.org", role="officer", by=officer, site_url="http://x"
    )
    assert client.get(f"/invitations/{invitation.pk}/bad-token/").status_code == 404
    assert client.get("/invitations/999999/1-abc/").status_code == 404
    assert client.post(f"/invitations/{invitation.pk}/bad-token/", {"new_password1": "x"}).status_code == 404
