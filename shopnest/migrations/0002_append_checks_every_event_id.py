"""es_append: an event id reused anywhere in a batch is refused, not only the first one."""

from django.db import migrations

from shopnest.eventstore import sql


class Migration(migrations.Migration):
    dependencies = [("shopnest", "0001_initial")]

    operations = [migrations.RunSQL(sql.APPEND_FUNCTION, reverse_sql=migrations.RunSQL.noop)]
