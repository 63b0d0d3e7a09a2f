"""Stored PDFs answer conditional requests: a browser or proxy holding the current copy gets a 304,
worked out from the publication's id and time without reading the PDF from the database."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from meetings import services
from tests.conftest import london, make_meeting
from tests.meetings.minutes_helpers import held_meeting, minute_it

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_minutes(board, officer, chair, member):
    meeting = held_meeting(board, officer)
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    return meeting


@pytest.fixture
def published_agenda(board, officer):
    meeting = make_meeting(board, london(2030, 6, 12, 14), hours=3, by=officer)
    services.agenda_item_add(meeting=meeting, by=officer, title="First")
    services.agenda_publish(meeting=meeting, by=officer)
    meeting.refresh_from_db()
    return meeting


def test_a_stored_pdf_carries_its_validators(client, published_minutes, published_agenda):
    for url in [
        published_minutes.get_absolute_url() + "minutes.pdf",
        published_agenda.get_absolute_url() + "agenda.pdf",
    ]:
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        assert response["ETag"].startswith('W/"') and response["Last-Modified"]


def test_the_current_etag_gets_a_304_without_reading_the_pdf(client, published_minutes):
    url = published_minutes.get_absolute_url() + "minutes.pdf"
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert len(queries) == 1 and '"pdf"' not in queries[0]["sql"]


def test_if_modified_since_gets_a_304_and_an_older_date_the_pdf(client, published_agenda):
    url = published_agenda.get_absolute_url() + "agenda.pdf"
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date((published_agenda.agenda_published_at - dt.timedelta(days=1)).timestamp())
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_approval_makes_the_old_etag_stale(client, board, officer, chair, published_minutes):
    url = published_minutes.get_absolute_url() + "minutes.pdf"
    old = client.get(url)["ETag"]
    next_meeting = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    services.minutes_approve(meeting=published_minutes, at_meeting=next_meeting, corrections=[], by=chair)
    response = client.get(url, HTTP_IF_NONE_MATCH=old)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["ETag"] != old


def test_a_pdf_the_public_may_not_read_is_not_found_whatever_the_etag(client, board, officer):
    meeting = held_meeting(board, officer)  # agenda never published
    for suffix in ["minutes.pdf", "agenda.pdf"]:
        response = client.get(meeting.get_absolute_url() + suffix, HTTP_IF_NONE_MATCH='W/"minutes-1-1"')
        assert response.status_code == 404


def test_a_cached_pdf_keeps_its_name_and_answers_a_conditional_request(client, settings, published_agenda):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    try:
        url = published_agenda.get_absolute_url() + "agenda.pdf"
        first = client.get(url)
        second = client.get(url)
        assert second["X-Page-Cache"] == "hit" and second.content == first.content
        assert second["Content-Disposition"] == first["Content-Disposition"]
        assert second["ETag"] == first["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    finally:
        cache.clear()


def test_a_supplement_changes_the_agenda_packs_etag(client, officer, published_agenda):
    meeting = published_agenda
    url = meeting.get_absolute_url() + "agenda.pdf"
    old = client.get(url)["ETag"]
    services.agenda_item_add(meeting=meeting, by=officer, title="Second")
    services.agenda_publish(meeting=meeting, by=officer, changes="A second item")
    assert client.get(url, HTTP_IF_NONE_MATCH=old).status_code == 200
