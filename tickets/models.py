"""Read tables of the help desk, written only by projections (tickets/projections/)."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from tickets.domain.codes import Priority, Status

# Labels for the back office (the API speaks the numbers).
STATUS_CHOICES = [(s.value, s.name.title()) for s in Status]
PRIORITY_CHOICES = [(p.value, p.name.title()) for p in Priority]


class TicketView(models.Model):
    """One row per ticket: its current properties and stats, at stream `version`."""

    id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()
    subject = models.TextField(null=True)
    description = models.TextField(null=True)
    description_text = models.TextField(null=True)
    status = models.SmallIntegerField(choices=STATUS_CHOICES)
    priority = models.SmallIntegerField(choices=PRIORITY_CHOICES)
    source = models.SmallIntegerField()
    type = models.TextField(null=True)
    tags = ArrayField(models.TextField(), default=list)
    requester_id = models.BigIntegerField(null=True)
    requester_email = models.TextField(null=True)
    responder_id = models.BigIntegerField(null=True)
    group_id = models.BigIntegerField(null=True)
    company_id = models.BigIntegerField(null=True)
    product_id = models.BigIntegerField(null=True)
    email_config_id = models.BigIntegerField(null=True)
    cc_emails = ArrayField(models.TextField(), default=list)
    custom_fields = models.JSONField(default=dict)
    due_by = models.DateTimeField(null=True)
    fr_due_by = models.DateTimeField(null=True)
    spam = models.BooleanField(default=False)
    deleted = models.BooleanField(default=False)
    watcher_ids = ArrayField(models.BigIntegerField(), default=list)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    agent_responded_at = models.DateTimeField(null=True)
    requester_responded_at = models.DateTimeField(null=True)
    first_responded_at = models.DateTimeField(null=True)
    status_updated_at = models.DateTimeField(null=True)
    reopened_at = models.DateTimeField(null=True)
    resolved_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField(null=True)
    pending_since = models.DateTimeField(null=True)

    class Meta:
        db_table = "tickets_ticket_view"
        verbose_name = "ticket"
        indexes = [
            models.Index(fields=["created_at", "id"], name="ticket_created_id"),
            models.Index(fields=["updated_at", "id"], name="ticket_updated_id"),
            models.Index(fields=["requester_id", "created_at"], name="ticket_requester"),
            models.Index(fields=["requester_email", "created_at"], name="ticket_requester_email"),
            models.Index(fields=["company_id", "created_at"], name="ticket_company"),
            models.Index(fields=["responder_id", "status"], name="ticket_responder_status"),
            models.Index(fields=["status", "created_at"], name="ticket_status_created"),
            models.Index(fields=["group_id", "status"], name="ticket_group_status"),
            # filter=watching: `watcher_ids @> ARRAY[caller]`.
            GinIndex(fields=["watcher_ids"], name="ticket_watchers"),
        ]

    def __str__(self) -> str:
        return f"#{self.id} {self.subject or ''}"


class ConversationView(models.Model):
    """One row per reply or note of a ticket (deleted ones too), as its ticket's state holds it."""

    id = models.BigIntegerField(primary_key=True)
    ticket_id = models.BigIntegerField()
    kind = models.CharField(max_length=10)  # reply | note
    body = models.TextField()
    body_text = models.TextField()
    incoming = models.BooleanField(default=False)
    private = models.BooleanField(default=False)
    user_id = models.BigIntegerField(null=True)
    source = models.SmallIntegerField()
    category = models.SmallIntegerField()
    from_email = models.TextField(null=True)
    to_emails = ArrayField(models.TextField(), default=list)
    cc_emails = ArrayField(models.TextField(), default=list)
    bcc_emails = ArrayField(models.TextField(), default=list)
    notify_emails = ArrayField(models.TextField(), default=list)
    deleted = models.BooleanField(default=False)
    last_edited_at = models.DateTimeField(null=True)
    last_edited_user_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "tickets_conversation_view"
        verbose_name = "conversation"
        indexes = [
            models.Index(fields=["ticket_id", "created_at", "id"], name="conversation_ticket"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.id} on ticket {self.ticket_id}"


class ActivityView(models.Model):
    """One row per event of a ticket: what happened, when, by whom and through which channel
    (an activity of GET /tickets/{id}/activities); what it changed is in ActivityChangeView.

    `conversation_*` describe the reply or note the event touched, as it was after it."""

    pk = models.CompositePrimaryKey("ticket_id", "version")
    ticket_id = models.BigIntegerField()
    version = models.BigIntegerField()
    # The event's position in the store: the activity's `id`.
    position = models.BigIntegerField()
    event = models.TextField()
    performed_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_type = models.TextField(null=True)
    via = models.TextField(null=True)
    correlation_id = models.TextField(null=True)
    conversation_id = models.BigIntegerField(null=True)
    conversation_kind = models.TextField(null=True)
    conversation_private = models.BooleanField(null=True)
    conversation_incoming = models.BooleanField(null=True)
    conversation_deleted = models.BooleanField(null=True)
    conversation_body_text = models.TextField(null=True)

    class Meta:
        db_table = "tickets_activity_view"
        verbose_name = "activity"
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.event} on ticket {self.ticket_id} (v{self.version})"


class ActivityChangeView(models.Model):
    """One row per field an event of a ticket changed: its API name, and its value before and
    after (JSON, null for none); `ordinal` keeps the order the activity lists them in."""

    pk = models.CompositePrimaryKey("ticket_id", "version", "ordinal")
    ticket_id = models.BigIntegerField()
    version = models.BigIntegerField()
    ordinal = models.SmallIntegerField()
    field = models.TextField()
    old_value = models.JSONField()
    new_value = models.JSONField()

    class Meta:
        db_table = "tickets_activity_change_view"
        verbose_name = "activity change"

    def __str__(self) -> str:
        return f"{self.field} on ticket {self.ticket_id} (v{self.version})"
