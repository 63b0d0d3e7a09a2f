"""A meeting's public address is what Django's reverse() gives, under any script prefix."""

import pytest
from django.urls import reverse, set_script_prefix

from tests.conftest import london, make_meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["/", "/governance/"])
def test_a_meetings_address_is_what_reverse_gives_under_any_script_prefix(board, officer, prefix):
    meeting = make_meeting(board, london(2027, 1, 13, 14), by=officer)
    set_script_prefix(prefix)
    try:
        expected = reverse("public:meeting", kwargs={"slug": "testshire", "body": "board", "date": "2027-01-13"})
        assert meeting.get_absolute_url() == expected
        assert expected.startswith(f"{prefix}partnerships/testshire/board/2027-01-13/")
    finally:
        set_script_prefix("/")
