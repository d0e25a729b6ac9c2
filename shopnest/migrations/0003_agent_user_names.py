"""Agents' user rows are named `agent:<id>` (see shopnest/accounts/projection.py); agents sign
in with their e-mail address, so renaming the rows written before changes nothing for them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shopnest", "0002_append_checks_every_event_id")]

    operations = [
        migrations.RunSQL(
            "UPDATE auth_user SET username = 'agent:' || id "
            "WHERE id IN (SELECT user_id FROM shopnest_agent)",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
