"""Agents watch tickets (GET/POST/PUT …/watchers, watch, unwatch, bulk): a column per ticket."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0005_delete_contactview'),
    ]

    operations = [
        migrations.AddField(
            model_name='ticketview',
            name='watcher_ids',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), default=list, size=None),
        ),
        migrations.AddIndex(
            model_name='ticketview',
            index=django.contrib.postgres.indexes.GinIndex(fields=['watcher_ids'], name='ticket_watchers'),
        ),
    ]
