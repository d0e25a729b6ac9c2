"""es_read_horizon: the read horizon's two steps (eventstore/horizon.py) in one round trip."""

from django.db import migrations

from shopnest.eventstore import horizon


class Migration(migrations.Migration):
    dependencies = [("shopnest", "0011_append_fast_paths")]

    operations = [migrations.RunSQL(horizon.HORIZON_FUNCTION,
                                    reverse_sql="DROP FUNCTION IF EXISTS es_read_horizon(int, int)")]
