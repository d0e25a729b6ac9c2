"""An ordinary table holding what POST /api/v2/tickets takes, written in place."""

from django.contrib.postgres.fields import ArrayField
from django.db import models


class CrudTicket(models.Model):
    subject = models.TextField(null=True)
    description = models.TextField(null=True)
    email = models.TextField(null=True)
    name = models.TextField(null=True)
    requester_id = models.BigIntegerField(null=True)
    status = models.SmallIntegerField(default=2)
    priority = models.SmallIntegerField(default=1)
    source = models.SmallIntegerField(default=2)
    type = models.TextField(null=True)
    tags = ArrayField(models.TextField(), default=list)
    custom_fields = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "crud_baseline_ticket"
        # The same list order as the ticket list's index (created_at, id).
        indexes = [models.Index(fields=["created_at", "id"], name="crud_ticket_created_id")]
