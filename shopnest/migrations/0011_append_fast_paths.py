"""es_append takes the lock of a single stream without the query that orders several, and
inserts a single event without the set-returning insert (bench/append_bench.py)."""

from django.db import migrations

from shopnest.eventstore import sql


class Migration(migrations.Migration):
    dependencies = [("shopnest", "0010_event_buckets")]

    operations = [migrations.RunSQL(sql.APPEND_FUNCTION, reverse_sql=migrations.RunSQL.noop)]
