"""Indexes for search's cheapest paths, found by EXPLAIN on 50,000 generated services.

* ``(name, id)`` on services: the default order of a search without words or place,
  so the first page is read from the index instead of sorting every public service.
* GIN on ``string_to_array(byday, ',')`` of schedules: "open now" and "open on" look for
  schedules whose days overlap today's iCal codes (directory/search/querysets.py).
"""

from django.db import migrations

INDEXES = """
CREATE INDEX directory_service_name_id ON directory_service (name, id);
CREATE INDEX directory_schedule_byday_gin ON directory_schedule
    USING gin (string_to_array(byday, ','));
"""

DROP_INDEXES = """
DROP INDEX IF EXISTS directory_schedule_byday_gin;
DROP INDEX IF EXISTS directory_service_name_id;
"""


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_synonyms_seed")]

    operations = [migrations.RunSQL(INDEXES, DROP_INDEXES)]
