"""The anonymous page cache: fast for visitors, never stale after a change, never for staff."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import services
from tests.conftest import html, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_visit_is_served_from_the_cache_with_the_security_headers(client, page_cache, partnership):
    first = client.get("/partnerships/testshire/")
    assert "X-Page-Cache" not in first
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/partnerships/testshire/")
    assert second["X-Page-Cache"] == "hit" and len(queries) == 0
    assert second.content == first.content
    assert second["Content-Security-Policy"] and second["X-Content-Type-Options"] == "nosniff"


def test_a_change_is_seen_at_once(client, page_cache, officer, future_meeting, django_capture_on_commit_callbacks):
    item = services.agenda_item_add(meeting=future_meeting, by=officer, title="Soon to be exempt")
    services.agenda_publish(meeting=future_meeting, by=officer)
    url = future_meeting.get_absolute_url()
    assert b"Soon to be exempt" in client.get(url).content
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_update(
            item=item,
            loaded_version=item.version,
            by=officer,
            confidential=True,
            title_exempt=True,
            exempt_paragraph=1,
            exempt_reason="Named staff",
        )
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert b"Soon to be exempt" not in response.content


def test_signed_in_users_and_other_pages_are_never_cached(client, page_cache, officer, partnership):
    client.force_login(officer)
    client.get("/partnerships/testshire/")
    assert "X-Page-Cache" not in client.get("/partnerships/testshire/")
    client.logout()
    client.cookies.clear()
    for url in ["/partnerships/nowhere/", "/sign-in/"]:
        client.get(url)
        assert "X-Page-Cache" not in client.get(url), url
    assert "Page not found" in text_of(html(client.get("/partnerships/nowhere/")))


def test_off_without_a_shared_cache(client, partnership, settings):
    assert settings.PAGE_CACHE_SECONDS == 0
    client.get("/partnerships/testshire/")
    assert "X-Page-Cache" not in client.get("/partnerships/testshire/")
