"""Ticket activities get read tables of their own (written by the ticket_activities projection,
which builds them from the event store: a desk that migrates gets them filled from position 0)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0006_ticket_watchers'),
    ]

    operations = [
        migrations.CreateModel(
            name='ActivityChangeView',
            fields=[
                ('pk', models.CompositePrimaryKey('ticket_id', 'version', 'ordinal', blank=True, editable=False, primary_key=True, serialize=False)),
                ('ticket_id', models.BigIntegerField()),
                ('version', models.BigIntegerField()),
                ('ordinal', models.SmallIntegerField()),
                ('field', models.TextField()),
                ('old_value', models.JSONField()),
                ('new_value', models.JSONField()),
            ],
            options={
                'verbose_name': 'activity change',
                'db_table': 'tickets_activity_change_view',
            },
        ),
        migrations.CreateModel(
            name='ActivityView',
            fields=[
                ('pk', models.CompositePrimaryKey('ticket_id', 'version', blank=True, editable=False, primary_key=True, serialize=False)),
                ('ticket_id', models.BigIntegerField()),
                ('version', models.BigIntegerField()),
                ('position', models.BigIntegerField()),
                ('event', models.TextField()),
                ('performed_at', models.DateTimeField()),
                ('actor_id', models.BigIntegerField(null=True)),
                ('actor_type', models.TextField(null=True)),
                ('via', models.TextField(null=True)),
                ('correlation_id', models.TextField(null=True)),
                ('conversation_id', models.BigIntegerField(null=True)),
                ('conversation_kind', models.TextField(null=True)),
                ('conversation_private', models.BooleanField(null=True)),
                ('conversation_incoming', models.BooleanField(null=True)),
                ('conversation_deleted', models.BooleanField(null=True)),
                ('conversation_body_text', models.TextField(null=True)),
            ],
            options={
                'verbose_name': 'activity',
                'verbose_name_plural': 'activities',
                'db_table': 'tickets_activity_view',
            },
        ),
    ]
