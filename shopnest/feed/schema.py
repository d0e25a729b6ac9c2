"""OpenAPI descriptions of the feed's answers (documentation only: nothing is validated or
saved through them)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from shopnest.feed import params, visibility


class _Doc(serializers.Serializer):
    def create(self, validated_data):
        raise TypeError("schema serializers are not used for writing")

    def update(self, instance, validated_data):
        raise TypeError("schema serializers are not used for writing")


class EventMetadataSerializer(_Doc):
    actor_id = serializers.IntegerField(allow_null=True)
    actor_type = serializers.CharField(allow_null=True, help_text="agent, contact or system")
    via = serializers.CharField(allow_null=True, help_text="api, admin, cli, worker or system")


class EventSerializer(_Doc):
    event_id = serializers.UUIDField()
    stream_type = serializers.CharField()
    stream_id = serializers.CharField()
    version = serializers.IntegerField(help_text="the event's number within its stream, from 1")
    type = serializers.CharField()
    schema_version = serializers.IntegerField(help_text="the version `data` was written in")
    data = serializers.DictField(help_text="as stored (personal data of an erased person reads "
                                           "as erased), less what the caller may not see")
    metadata = EventMetadataSerializer()
    recorded_at = serializers.DateTimeField()


class EventPageSerializer(_Doc):
    events = EventSerializer(many=True)
    cursor = serializers.CharField(help_text="pass as `after` to read on; opaque")


def feed_parameters() -> list[OpenApiParameter]:
    return [
        OpenApiParameter("after", str, description="a cursor this feed returned (default: "
                         "from the first event)"),
        OpenApiParameter("limit", int, description=f"1..{params.MAX_LIMIT}, default "
                         f"{params.DEFAULT_LIMIT}"),
        OpenApiParameter("stream_type", str, enum=list(visibility.stream_types()) or None),
    ]


LAST_EVENT_ID_HEADER = OpenApiParameter(
    params.LAST_EVENT_ID, str, OpenApiParameter.HEADER,
    description="the `id` of the last message received: resumes after it (wins over `after`)")
