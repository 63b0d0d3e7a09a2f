"""The data migrations of the minutes: marking the item for the minutes of the previous meeting
(meetings 0010) from the title match it replaces."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from meetings import services
from meetings.models import AgendaItem
from tests.conftest import london, make_meeting

BEFORE_KIND = ("meetings", "0008_snapshot_item_ids")


def migrate_back_and_forward(before: tuple[str, str]) -> None:
    """Unapply the migrations after `before` (and what depends on them), then apply them again."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    targets = [before, *(node for node in latest if node[0] != before[0])]
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
