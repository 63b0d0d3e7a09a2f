"""In the browser: a new member signs the Nolan undertaking at first sign-in and fills in the
register of interests; a signed-out visitor sees both on the member's public page."""

import pytest
from playwright.sync_api import Page, expect

from members.models import NOLAN_PRINCIPLES
from tests.conftest import make_user, seat_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_new_member_signs_and_registers_interests_and_the_public_sees_them(
    live_server, page: Page, axe, partnership, board, council
):
    user = make_user("newbie", "Nia", "Newman")
    user.set_password("newbie-password")
    user.save()
    seat = seat_user(user, board, council, signed=False)

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("newbie")
    page.get_by_label("Password").fill("newbie-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="The Nolan undertaking")).to_be_visible()
    axe(page)
    for name, meaning in NOLAN_PRINCIPLES:
        page.get_by_label(f"{name}: {meaning}").check()
    page.get_by_role("button", name="Sign the undertaking").click()
    expect(page.get_by_text("your undertaking is signed and recorded")).to_be_visible()

    page.get_by_role("link", name="Register an interest").click()
    page.get_by_label("Other interests").check()
    page.get_by_label("Description").fill("Unpaid trustee")
    page.get_by_label("Organisation (if any)").fill("Testshire Young Carers")
    page.get_by_role("button", name="Save the interest").click()
    page.get_by_role("button", name="My register is complete and up to date").click()
    expect(page.get_by_test_id("my-interests")).to_contain_text("Testshire Young Carers")
    axe(page)

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/partnerships/testshire/members/")
    axe(page)
    page.get_by_role("link", name="Testshire Board").click()
    axe(page)
    page.get_by_role("link", name="Nia Newman").click()
    expect(page.get_by_test_id("interests")).to_contain_text("Unpaid trustee (Testshire Young Carers)")
    expect(page.get_by_test_id("undertaking")).to_contain_text("Last signed on")
    axe(page)
    assert seat.person.slug in page.url
    page.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", name="Accessibility statement", exact=True)).to_be_visible()
    axe(page)
