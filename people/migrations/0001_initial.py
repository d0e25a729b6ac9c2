"""Agents' and contacts' read tables move to the people app.

The tables exist already (shopnest_agent, tickets_contact_view): the models are taken over
without touching them, then the tables are renamed to the new app's names.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("shopnest", "0003_agent_user_names"),
        ("tickets", "0004_conversation_rows_hold_state"),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='AgentProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.BigIntegerField(default=0)),
                ('api_key_hash', models.CharField(max_length=64, unique=True)),
                ('is_admin', models.BooleanField(default=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='agent', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'agent',
                'db_table': 'shopnest_agent',
            },
        ),
        migrations.CreateModel(
            name='ContactView',
            fields=[
                ('id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('version', models.BigIntegerField()),
                ('name', models.TextField()),
                ('email', models.TextField(null=True)),
                ('phone', models.TextField(null=True)),
                ('mobile', models.TextField(null=True)),
                ('twitter_id', models.TextField(null=True)),
                ('unique_external_id', models.TextField(null=True)),
                ('created_at', models.DateTimeField()),
                ('updated_at', models.DateTimeField()),
            ],
            options={
                'verbose_name': 'contact',
                'db_table': 'tickets_contact_view',
                'indexes': [models.Index(fields=['email'], name='contact_email')],
            },
        ),
    ]),
        migrations.AlterModelTable(name="agentprofile", table="people_agent"),
        migrations.AlterModelTable(name="contactview", table="people_contact_view"),
    ]
