"""Contacts hold their whole state in their read row: the Freshdesk contact fields, with an
index for each list filter (`email=` also finds an address among `other_emails`)."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_company_view'),
    ]

    operations = [
        migrations.AddField(
            model_name='contactview',
            name='active',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='contactview',
            name='address',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='contactview',
            name='company_id',
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='contactview',
            name='custom_fields',
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name='contactview',
            name='deleted',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='contactview',
            name='description',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='contactview',
            name='job_title',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='contactview',
            name='language',
            field=models.TextField(default='en'),
        ),
        migrations.AddField(
            model_name='contactview',
            name='other_companies',
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name='contactview',
            name='other_emails',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), default=list, size=None),
        ),
        migrations.AddField(
            model_name='contactview',
            name='tags',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), default=list, size=None),
        ),
        migrations.AddField(
            model_name='contactview',
            name='time_zone',
            field=models.TextField(null=True),
        ),
        migrations.AddField(
            model_name='contactview',
            name='view_all_tickets',
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name='contactview',
            index=django.contrib.postgres.indexes.GinIndex(fields=['other_emails'], name='contact_other_emails'),
        ),
        migrations.AddIndex(
            model_name='contactview',
            index=models.Index(fields=['name', 'id'], name='contact_name_order'),
        ),
        migrations.AddIndex(
            model_name='contactview',
            index=models.Index(fields=['phone'], name='contact_phone'),
        ),
        migrations.AddIndex(
            model_name='contactview',
            index=models.Index(fields=['mobile'], name='contact_mobile'),
        ),
        migrations.AddIndex(
            model_name='contactview',
            index=models.Index(fields=['company_id'], name='contact_company'),
        ),
        migrations.AddIndex(
            model_name='contactview',
            index=models.Index(fields=['updated_at', 'id'], name='contact_updated'),
        ),
    ]
