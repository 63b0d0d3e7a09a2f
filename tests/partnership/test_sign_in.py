import pytest

from tests.conftest import html, text_of

pytestmark = pytest.mark.django_db


def test_sign_in_and_out(client, officer):
    page = html(client.get("/sign-in/"))
    assert page.select_one("label[for=id_username]") is not None
    assert page.select_one("label[for=id_password]") is not None
    response = client.post("/sign-in/", {"username": "officer", "password": "pw-officer"})
    assert response.status_code == 302
    assert "Signed in as Olive" in text_of(html(client.get("/")))
    assert client.post("/sign-out/").status_code == 302
    assert "Sign in" in text_of(html(client.get("/")))


def test_wrong_password_is_told_clearly_and_keeps_the_username(client, officer):
    response = client.post("/sign-in/", {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    soup = html(response)
    assert "There is a problem" in text_of(soup.select_one(".govuk-error-summary"))
    assert soup.select_one("#id_username")["value"] == "officer"
    assert soup.select_one("title").get_text().startswith("Error:")


def test_admin_needs_a_staff_sign_in(client, officer):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_username_too_long_to_exist_is_refused_on_the_form_not_the_database(client, officer):
    """The failed-sign-in log keeps usernames in a 255-character column: PostgreSQL refused a
    longer one, and the page failed with a server error."""
    from axes.models import AccessAttempt

    response = client.post("/sign-in/", {"username": "A" * 5000, "password": "wrong"})
    assert response.status_code == 200
    soup = html(response)
    assert "Username must be 150 characters or fewer" in text_of(soup.select_one(".govuk-error-summary"))
    assert not AccessAttempt.objects.filter(username__startswith="AAAA").exists()


def test_a_deactivated_account_is_told_so_only_with_its_right_password(client, officer):
    officer.is_active = False
    officer.save()
    told = text_of(html(client.post("/sign-in/", {"username": "officer", "password": "pw-officer"})))
    assert "This account has been deactivated" in told
    wrong = text_of(html(client.post("/sign-in/", {"username": "officer", "password": "wrong"})))
    assert "deactivated" not in wrong  # nothing said of an account to someone without its password
