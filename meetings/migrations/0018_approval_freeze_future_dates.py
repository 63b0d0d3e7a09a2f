"""Freeze the “dates of future meetings” of minutes already published.

From now on publishing the minutes stores the dates they give (`Meeting.minutes_future_meetings`),
and approval or a correction renders them from that record, not from the schedule as it stands.
Minutes published before this release are given the dates the schedule holds now: the best record
there is, and what their stored page and PDF already show unless the schedule changed since.
"""

from django.db import migrations

PUBLISHED = ("minutes_published", "minutes_approved")
COUNT = 4  # as meetings.selectors.future_meetings


def freeze(apps, schema_editor) -> None:
    Meeting = apps.get_model("meetings", "Meeting")
    for meeting in Meeting.objects.filter(status__in=PUBLISHED, minutes_future_meetings__isnull=True):
        later = (
            Meeting.objects.filter(body_id=meeting.body_id, starts_at__gt=meeting.starts_at)
            .exclude(status="cancelled")
            .order_by("starts_at")
            .values_list("starts_at", flat=True)[:COUNT]
        )
        meeting.minutes_future_meetings = [starts_at.isoformat() for starts_at in later]
        meeting.save(update_fields=["minutes_future_meetings"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0017_approval_resolution_votes_future_dates")]

    operations = [migrations.RunPython(freeze, migrations.RunPython.noop, elidable=True)]
