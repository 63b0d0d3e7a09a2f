"""Links reversed once per process give the same addresses as Django's reverse()."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from partnership.links import link
from tests.conftest import london, make_meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["/", "/governance/"])
def test_a_meetings_address_is_what_reverse_gives_under_any_script_prefix(board, officer, prefix):
    meeting = make_meeting(board, london(2027, 1, 13, 14), by=officer)
    set_script_prefix(prefix)
    try:
        expected = reverse("boards:meeting", kwargs={"slug": "testshire", "body": "board", "date": "2027-01-13"})
        assert meeting.get_absolute_url() == expected
        assert expected.startswith(f"{prefix}partnerships/testshire/board/2027-01-13/")
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("prefix", ["/", "/governance/"])
def test_the_link_tag_gives_what_reverse_gives_under_any_script_prefix(prefix):
    template = Template(
        "{% link 'home' %}|{% link 'boards:calendar' 'testshire' %}|{% link 'boards:partnership' slug=s %}"
    )
    set_script_prefix(prefix)
    try:
        expected = "|".join(
            [
                reverse("home"),
                reverse("boards:calendar", args=["testshire"]),
                reverse("boards:partnership", kwargs={"slug": "derby"}),
            ]
        )
        assert template.render(Context({"s": "derby"})) == expected
        assert expected.startswith(prefix)
    finally:
        set_script_prefix("/")


def test_links_follow_a_change_of_url_configuration():
    assert link("home") == "/"
    with override_settings(ROOT_URLCONF="tests.partnership.moved_urls"):
        assert link("home") == "/moved/"
    assert link("home") == "/"
