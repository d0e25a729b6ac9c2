"""The companies read table, and the sequence new company ids come from."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0002_agents_and_groups'),
    ]

    operations = [
        migrations.RunSQL("CREATE SEQUENCE people_company_id_seq;",
                          reverse_sql="DROP SEQUENCE people_company_id_seq;"),
        migrations.CreateModel(
            name='CompanyView',
            fields=[
                ('id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('version', models.BigIntegerField()),
                ('deleted', models.BooleanField(default=False)),
                ('name', models.TextField()),
                ('description', models.TextField(null=True)),
                ('domains', django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), default=list, size=None)),
                ('note', models.TextField(null=True)),
                ('health_score', models.TextField(null=True)),
                ('account_tier', models.TextField(null=True)),
                ('renewal_date', models.DateTimeField(null=True)),
                ('industry', models.TextField(null=True)),
                ('custom_fields', models.JSONField(default=dict)),
                ('created_at', models.DateTimeField()),
                ('updated_at', models.DateTimeField()),
            ],
            options={
                'verbose_name': 'company',
                'verbose_name_plural': 'companies',
                'db_table': 'people_company_view',
                'indexes': [models.Index(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('name'), name='text_pattern_ops'), name='company_name_prefix'), models.Index(django.db.models.functions.text.Upper('name'), models.F('id'), name='company_name'), models.Index(fields=['updated_at', 'id'], name='company_updated'), django.contrib.postgres.indexes.GinIndex(fields=['domains'], name='company_domains')],
            },
        ),
    ]
