"""es_append takes the appenders' shared lock first, so readers' horizon depends only on
transactions that append (shopnest/eventstore/horizon.py)."""

from django.db import migrations

from shopnest.eventstore import sql


class Migration(migrations.Migration):
    dependencies = [("shopnest", "0005_person_keys")]

    operations = [migrations.RunSQL(sql.APPEND_FUNCTION, reverse_sql=migrations.RunSQL.noop)]
