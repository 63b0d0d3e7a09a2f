"""The anonymous page cache, keyed on what changes a page and versioned per partnership.

Run against a real cache backend (the local-memory one the settings give without Redis), through
the middleware, with data changed through the services and the versions bumped on commit.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Body, Partnership
from core import page_cache
from core.audit import save_audited
from meetings import services
from tests.conftest import london, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def elsewhere(officer) -> Body:
    """A second partnership, with a board whose agenda is published."""
    other = save_audited(
        Partnership(name="Elsewhere Partnership", slug="elsewhere", area="Elsewhere", vision="Other"),
        by=officer,
        reason="test",
    )
    return save_audited(
        Body(partnership=other, kind=Body.Kind.BOARD, name="Elsewhere Board", slug="board"), by=officer, reason="test"
    )


def published(body, officer, title: str):
    meeting = make_meeting(body, london(2030, 6, 12, 14), hours=3, by=officer)
    item = services.agenda_item_add(meeting=meeting, by=officer, title=title)
    services.agenda_publish(meeting=meeting, by=officer)
    return meeting, item


def hit(client, url: str, **extra) -> bool:
    return client.get(url, **extra).get("X-Page-Cache") == "hit"


def test_an_unrelated_cookie_and_tracking_parameters_are_served_from_the_cache(client, page_cache_on, partnership):
    url = "/partnerships/testshire/"
    first = client.get(url)
    client.cookies["_ga"] = "GA1.1.123456789.1700000000"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit" and len(queries) == 0
    assert response.content == first.content
    for tracked in ["?utm_source=x", "?utm_source=newsletter&utm_medium=email", "?fbclid=abc", "?gclid=1"]:
        assert hit(client, url + tracked), tracked


def test_a_page_number_is_its_own_entry_and_tracking_does_not_split_it(client, page_cache_on, board):
    url = "/partnerships/testshire/board/"
    client.get(url + "?page=1")
    assert hit(client, url + "?page=1&utm_campaign=spring")
    assert hit(client, url + "?utm_campaign=spring&page=1")
    assert not hit(client, url + "?page=1&flood=2")  # a parameter no page reads: served, never stored
    assert not hit(client, url + "?page=1&flood=2")


@pytest.mark.parametrize(
    "cookie",
    [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, "messages"],
)
def test_a_cookie_the_app_reads_is_never_served_from_the_cache(client, page_cache_on, partnership, cookie):
    url = "/partnerships/testshire/"
    client.get(url)
    assert hit(client, url)
    client.cookies[cookie] = "anything"
    assert not hit(client, url)
    assert not hit(client, url + "?utm_source=x")


def test_a_signed_in_officer_is_never_served_nor_stored(client, page_cache_on, officer, partnership):
    client.force_login(officer)
    for _ in range(2):
        response = client.get("/partnerships/testshire/")
        assert "X-Page-Cache" not in response
    client.cookies.clear()
    assert not hit(client, "/partnerships/testshire/")  # nothing was stored while signed in


def test_a_hit_varies_on_cookie_as_the_rendered_page_does(client, page_cache_on, partnership):
    client.get("/partnerships/testshire/")
    response = client.get("/partnerships/testshire/")
    assert response["X-Page-Cache"] == "hit" and "Cookie" in response["Vary"]


def test_a_change_in_one_partnership_leaves_the_others_pages_cached(
    client, page_cache_on, officer, board, elsewhere, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ours, item = published(board, officer, "Testshire item")
        theirs, _ = published(elsewhere, officer, "Elsewhere item")
    urls = [
        ours.get_absolute_url(),
        "/partnerships/testshire/",
        theirs.get_absolute_url(),
        "/partnerships/elsewhere/",
        "/partnerships/elsewhere/board/",
        "/",
    ]
    for url in urls:
        client.get(url)
        assert hit(client, url), url
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_update(item=item, loaded_version=item.version, by=officer, title="Renamed item")
        services.agenda_publish(meeting=ours, by=officer, changes="Item renamed")
    for url in urls[2:5]:
        assert hit(client, url), f"{url} belongs to another partnership"
    response = client.get(ours.get_absolute_url())
    assert "X-Page-Cache" not in response and b"Renamed item" in response.content
    assert not hit(client, "/partnerships/testshire/")  # every page of the partnership is refreshed
    assert not hit(client, "/")  # the home page lists every partnership: refreshed too
    assert hit(client, ours.get_absolute_url())  # stored again under the new version


def test_a_change_to_a_partnerships_own_record_refreshes_every_page(
    client, page_cache_on, officer, partnership, elsewhere, django_capture_on_commit_callbacks
):
    for url in ["/partnerships/testshire/", "/partnerships/elsewhere/", "/"]:
        client.get(url)
    partnership.name = "Testshire Renamed Partnership"
    with django_capture_on_commit_callbacks(execute=True):
        save_audited(partnership, by=officer, reason="Renamed")
    for url in ["/partnerships/testshire/", "/partnerships/elsewhere/", "/"]:
        assert not hit(client, url), url
    assert b"Testshire Renamed Partnership" in client.get("/").content


def test_a_confidential_change_is_never_served_stale_whatever_the_cookies_and_parameters(
    client, page_cache_on, officer, board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting, item = published(board, officer, "Soon to be exempt")
    url = meeting.get_absolute_url()
    client.cookies["_ga"] = "GA1.1.1.1"
    variants = [url, url + "?utm_source=x", url + "?fbclid=y"]
    for variant in variants:
        assert b"Soon to be exempt" in client.get(variant).content
    assert hit(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_update(
            item=item,
            loaded_version=item.version,
            by=officer,
            confidential=True,
            exempt_paragraph=1,
            exempt_reason="Named staff",
            title_exempt=True,  # the title itself is withheld (an exempt item's title is public otherwise)
        )
    for variant in variants:
        response = client.get(variant)
        assert b"Soon to be exempt" not in response.content, variant


def test_the_partnership_of_a_changed_record_is_found_through_its_relations(officer, board, elsewhere):
    meeting, item = published(board, officer, "An item")
    assert page_cache.partnership_slug(board) == "testshire"
    assert page_cache.partnership_slug(meeting) == "testshire"
    assert page_cache.partnership_slug(item) == "testshire"
    assert page_cache.partnership_slug(meeting.publications.get()) == "testshire"
    assert page_cache.partnership_slug(elsewhere) == "elsewhere"
    assert page_cache.partnership_slug(board.partnership) is None  # its own record: every page


def test_a_page_rendered_for_one_host_is_never_served_to_another(client, page_cache_on, settings, partnership):
    """Feeds carry absolute links: whoever asks first after a change must not fix the host (or the
    scheme) of every later visitor's copy."""
    settings.ALLOWED_HOSTS = ["governance.example", "www.governance.example"]
    url = "/partnerships/testshire/minutes.atom"
    client.get(url, HTTP_HOST="www.governance.example")
    response = client.get(url, HTTP_HOST="governance.example")
    assert response.get("X-Page-Cache") != "hit"
    assert b"http://governance.example/" in response.content
    assert b"www.governance.example" not in response.content
    assert hit(client, url, HTTP_HOST="governance.example")
    secure = client.get(url, HTTP_HOST="governance.example", secure=True)
    assert secure.get("X-Page-Cache") != "hit" and b"http://governance.example/" not in secure.content
