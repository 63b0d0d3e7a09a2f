"""The set-up lists cost the same number of queries however many bodies, accounts and
invitations the partnership has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Body
from core.audit import save_audited
from onboarding import services
from tests.conftest import make_person

pytestmark = pytest.mark.django_db


def _grow(partnership, officer, n: int, start: int) -> None:
    for i in range(start, start + n):
        save_audited(
            Body(partnership=partnership, kind=Body.Kind.GROUP, name=f"Group {i}", slug=f"group-{i}", contact_name="C"),
            by=officer,
            reason="test",
        )
        person = make_person("P", f"Person{i}", partnership=partnership)
        services.invitation_send(
            partnership=partnership, email=f"p{i}@example.org", role="member", person=person, by=officer, site_url="x"
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# 7: the session, the user, the partnership, the officer check, then one query a list: the bodies,
# the focus areas and the principles with their aims (settings); or the accounts, the officers' ids
# and the invitations with their people (accounts).
@pytest.mark.parametrize("url", ["/manage/testshire/settings/", "/manage/testshire/accounts/"])
def test_the_set_up_lists_cost_the_same_at_two_sizes(client, partnership, board, officer, url):
    client.force_login(officer)
    _grow(partnership, officer, 2, 0)
    assert _count(client, url) == 7
    _grow(partnership, officer, 8, 2)
    assert _count(client, url) == 7
