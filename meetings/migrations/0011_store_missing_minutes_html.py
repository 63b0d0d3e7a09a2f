"""Store the web page of minutes published before pages were stored (0006 added the column).

Such a publication used to be rendered again from the tables on every visit, by a second renderer
beside the stored record; this stores its page once instead, and that renderer is gone. Only the
latest publication of each meeting is shown, so only it is filled (`minutes_html_store_missing`).

The page is built by the public minutes selector and its template, which need the models' own
methods and properties, not the historical models a migration is given: the migration calls the
function kept beside the publishing service, and so runs against the models of the code it ships
with. It does nothing where no page is missing (a new database, or one already filled), so a later
change to those models can break it only on a database that still holds pages stored before 0006
and skipped this release: bring such a database here with this release first.
"""

from django.db import migrations

from meetings.services.minutes import minutes_html_store_missing


def store(apps, schema_editor) -> None:
    if apps.get_model("meetings", "MinutesPublication").objects.filter(html="").exists():
        minutes_html_store_missing()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0010_mark_previous_minutes_items")]

    operations = [migrations.RunPython(store, migrations.RunPython.noop, elidable=True)]
