"""OpenAPI descriptions of the ticket endpoints' bodies (for /api/schema/ and /api/docs/).

These serializers document the wire format; validation itself is the domain's (decide), so
the rules live in one place.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from tickets.api import fields


class _Doc(serializers.Serializer):
    def create(self, validated_data):  # documentation only: never saves
        raise TypeError("schema serializers are not used for writing")

    def update(self, instance, validated_data):
        raise TypeError("schema serializers are not used for writing")


def _ids():
    return serializers.IntegerField(required=False, allow_null=True)


class TicketFieldsMixin(_Doc):
    subject = serializers.CharField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_null=True, help_text="HTML")
    status = serializers.ChoiceField([2, 3, 4, 5], required=False)
    priority = serializers.ChoiceField([1, 2, 3, 4], required=False)
    source = serializers.ChoiceField(list(range(1, 13)), required=False)
    type = serializers.CharField(required=False, allow_null=True)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    responder_id = _ids()
    group_id = _ids()
    company_id = _ids()
    product_id = _ids()
    email_config_id = _ids()
    cc_emails = serializers.ListField(child=serializers.EmailField(), required=False)
    custom_fields = serializers.DictField(required=False)
    due_by = serializers.DateTimeField(required=False, allow_null=True)
    fr_due_by = serializers.DateTimeField(required=False, allow_null=True)


class TicketCreateSerializer(TicketFieldsMixin):
    requester_id = _ids()
    email = serializers.EmailField(required=False)
    phone = serializers.CharField(required=False)
    mobile = serializers.CharField(required=False)
    twitter_id = serializers.CharField(required=False)
    unique_external_id = serializers.CharField(required=False)
    name = serializers.CharField(required=False)


class TicketUpdateSerializer(TicketCreateSerializer):
    """The ticket's fields; the requester's, to name another requester (as on create)."""


class StatsSerializer(_Doc):
    agent_responded_at = serializers.DateTimeField(allow_null=True)
    requester_responded_at = serializers.DateTimeField(allow_null=True)
    first_responded_at = serializers.DateTimeField(allow_null=True)
    status_updated_at = serializers.DateTimeField(allow_null=True)
    reopened_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    pending_since = serializers.DateTimeField(allow_null=True)


class TicketSerializer(TicketFieldsMixin):
    id = serializers.IntegerField()
    description_text = serializers.CharField(allow_null=True)
    requester_id = serializers.IntegerField()
    fwd_emails = serializers.ListField(child=serializers.EmailField())
    reply_cc_emails = serializers.ListField(child=serializers.EmailField())
    ticket_cc_emails = serializers.ListField(child=serializers.EmailField())
    to_emails = serializers.ListField(child=serializers.EmailField(), allow_null=True)
    nr_due_by = serializers.DateTimeField(allow_null=True)
    fr_escalated = serializers.BooleanField()
    is_escalated = serializers.BooleanField()
    nr_escalated = serializers.BooleanField()
    spam = serializers.BooleanField()
    deleted = serializers.BooleanField()
    urgent = serializers.BooleanField()
    association_type = serializers.IntegerField(allow_null=True)
    attachments = serializers.ListField(child=serializers.DictField())
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    stats = StatsSerializer(required=False, help_text="with include=stats")


class ReplySerializer(_Doc):
    body = serializers.CharField(help_text="HTML")
    from_email = serializers.EmailField(required=False)
    user_id = _ids()
    cc_emails = serializers.ListField(child=serializers.EmailField(), required=False)
    bcc_emails = serializers.ListField(child=serializers.EmailField(), required=False)


class NoteSerializer(_Doc):
    body = serializers.CharField(help_text="HTML")
    private = serializers.BooleanField(required=False, default=True)
    incoming = serializers.BooleanField(required=False, default=False)
    user_id = _ids()
    notify_emails = serializers.ListField(child=serializers.EmailField(), required=False)


class NoteEditSerializer(_Doc):
    body = serializers.CharField(help_text="HTML")


class ConversationSerializer(_Doc):
    id = serializers.IntegerField()
    ticket_id = serializers.IntegerField()
    body = serializers.CharField()
    body_text = serializers.CharField()
    incoming = serializers.BooleanField()
    private = serializers.BooleanField()
    user_id = serializers.IntegerField(allow_null=True)
    support_email = serializers.CharField(allow_null=True)
    source = serializers.IntegerField(help_text="0 reply, 2 note")
    category = serializers.IntegerField()
    to_emails = serializers.ListField(child=serializers.CharField())
    from_email = serializers.CharField(allow_null=True)
    cc_emails = serializers.ListField(child=serializers.CharField())
    bcc_emails = serializers.ListField(child=serializers.CharField())
    attachments = serializers.ListField(child=serializers.DictField())
    last_edited_at = serializers.DateTimeField(allow_null=True)
    last_edited_user_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ActivityConversationSerializer(_Doc):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["reply", "note"])
    private = serializers.BooleanField()
    incoming = serializers.BooleanField()
    deleted = serializers.BooleanField()
    body_text = serializers.CharField()


class ActivitySerializer(_Doc):
    id = serializers.IntegerField(help_text="position of the event in the store")
    event = serializers.CharField()
    performed_at = serializers.DateTimeField()
    actor_id = serializers.IntegerField(allow_null=True)
    actor_type = serializers.CharField(allow_null=True)
    via = serializers.CharField(allow_null=True)
    correlation_id = serializers.CharField(allow_null=True)
    version = serializers.IntegerField()
    changes = serializers.DictField(help_text="field → [old, new]")
    conversation = ActivityConversationSerializer(
        required=False, help_text="the reply or note the event touched, as it became")


class ActivitiesSerializer(_Doc):
    activities = ActivitySerializer(many=True)


class WatchersSerializer(_Doc):
    watcher_ids = serializers.ListField(child=serializers.IntegerField())


class WatcherSerializer(_Doc):
    user_id = serializers.IntegerField(required=False, help_text="the agent; default: the caller")


class BulkWatchSerializer(WatcherSerializer):
    ids = serializers.ListField(child=serializers.IntegerField(), help_text="ticket ids")


LIST_PARAMETERS = [
    OpenApiParameter("filter", str, enum=list(fields.LIST_FILTERS)),
    OpenApiParameter("requester_id", int),
    OpenApiParameter("email", str),
    OpenApiParameter("unique_external_id", str),
    OpenApiParameter("company_id", int),
    OpenApiParameter("updated_since", str, description="inclusive; any Freshdesk time format"),
    OpenApiParameter("order_by", str, enum=list(fields.ORDER_BY)),
    OpenApiParameter("order_type", str, enum=list(fields.ORDER_TYPE)),
    OpenApiParameter("include", str, description="comma-separated: " + ",".join(fields.LIST_INCLUDES)),
    OpenApiParameter("page", int),
    OpenApiParameter("per_page", int, description="1..100, default 30"),
]
PAGE_PARAMETERS = [
    OpenApiParameter("page", int),
    OpenApiParameter("per_page", int, description="1..100, default 30"),
]
VIEW_PARAMETERS = [
    OpenApiParameter("include", str, description="comma-separated: " + ",".join(fields.VIEW_INCLUDES)),
]
