"""The data migrations of the minutes: marking the item for the minutes of the previous meeting
(meetings 0010) from the title match it replaces, and storing the web page of minutes published
before pages were stored (meetings 0011), which were rendered from the tables on every visit."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.audit import save_audited
from meetings import services
from meetings.models import AgendaItem, MinutesPublication
from meetings.selectors import public_minutes
from meetings.services.minutes import render_minutes_html
from tests.conftest import html, london, make_meeting, migration_targets_before, text_of
from tests.meetings.minutes_helpers import held_meeting, minute_it

BEFORE_KIND = ("meetings", "0008_snapshot_item_ids")


def migrate_back_and_forward(before: tuple[str, str]) -> None:
    """Unapply the migrations after `before` (and what depends on them), then apply them again."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    targets = migration_targets_before(executor, before)
    executor.migrate(targets)
    executor.loader.build_graph()
    executor.migrate(latest)


@pytest.mark.django_db(transaction=True)
def test_existing_meetings_have_their_earliest_minutes_item_marked(board, officer):
    standard = make_meeting(board, london(2026, 9, 2, 14), by=officer)
    services.agenda_start(meeting=standard, by=officer)
    services.agenda_item_add(meeting=standard, by=officer, title="Minutes of the Youth Voice event")
    own = make_meeting(board, london(2026, 9, 9, 14), by=officer)
    services.agenda_item_add(meeting=own, by=officer, title="Welcome")
    services.agenda_item_add(meeting=own, by=officer, title="MINUTES of 1 July")
    services.agenda_item_add(meeting=own, by=officer, title="Minutes of the Youth Voice event")
    none = make_meeting(board, london(2026, 9, 16, 14), by=officer)
    services.agenda_item_add(meeting=none, by=officer, title="Child poverty strategy")

    migrate_back_and_forward(BEFORE_KIND)  # the field is dropped and added again, then filled

    def marked(meeting) -> list[str]:
        return list(meeting.items.filter(kind=AgendaItem.Kind.PREVIOUS_MINUTES).values_list("title", flat=True))

    assert marked(standard) == ["Minutes of the previous meeting"]
    assert marked(own) == ["MINUTES of 1 July"]
    assert marked(none) == []
    item = own.items.get(title="MINUTES of 1 July")
    latest = item.history.latest()
    assert latest.kind == AgendaItem.Kind.PREVIOUS_MINUTES
    assert latest.history_change_reason == "Marked as the item for the minutes of the previous meeting"


@pytest.mark.django_db(transaction=True)
def test_minutes_published_before_pages_were_stored_get_their_page_stored(client, board, officer, chair, member):
    meeting = held_meeting(board, officer)
    minute_it(meeting, officer)
    services.minutes_publish(meeting=meeting, by=officer)
    next_meeting = make_meeting(board, london(2026, 11, 4, 14), by=officer)
    services.minutes_approve(meeting=meeting, at_meeting=next_meeting, corrections=[], by=chair)
    published, approved = meeting.minutes_publications.order_by("number")
    # Publications as stored before pages were stored: no service writes one, so simulated here.
    for publication in (published, approved):
        publication.html = ""
        save_audited(publication, by=officer, reason="Test: as stored before pages were stored")
    pdf = bytes(approved.pdf)
    narrative = "The Board received the final version of the Local Area Agreement."
    assert narrative not in text_of(html(client.get(meeting.get_absolute_url())))  # no second renderer

    # 0011 runs against the models of the code it ships with (see its docstring), so it is run
    # here on today's schema: migrating back to 0010 would drop the columns later migrations
    # add to those models, and the live models would then ask for them.
    import_module("meetings.migrations.0011_store_missing_minutes_html").store(django_apps, None)

    published.refresh_from_db()
    approved.refresh_from_db()
    # The latest publication, the one the page shows, gets the page the publishing service renders.
    assert approved.html == render_minutes_html(public_minutes(meeting))
    assert "Local Area Agreement" in approved.html and "SECRET" not in approved.html
    assert bytes(approved.pdf) == pdf  # the record as published is kept
    assert approved.history.latest().history_change_reason.startswith("Web page of the minutes stored")
    # An earlier one is never shown, and its page then cannot be rebuilt from today's tables.
    assert published.html == ""
    page = html(client.get(meeting.get_absolute_url()))
    assert narrative in text_of(page) and "SECRET" not in str(page)
    assert MinutesPublication.objects.filter(html="", meeting=meeting).count() == 1
