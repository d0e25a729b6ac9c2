"""Back-office views of the kernel: the event store and the projections (read-only)."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.utils.html import format_html

from shopnest.admin_access import AgentReadOnlyMixin, is_agent
from shopnest.admin_distinct import distinct_values
from shopnest.models import EventRecord, ProjectionState, StreamRecord
from shopnest.projections import registry, runner
from shopnest.projections.health import partition_health
from shopnest.projections.partitions import Partition


class ReadOnlyAdmin(AgentReadOnlyMixin, admin.ModelAdmin):
    """History and read tables are never edited by hand: no add, change or delete."""


class StreamFilter(admin.SimpleListFilter):
    """Filter by exact stream id (`?stream=ticket-42`); ticket pages link here."""

    title = "stream"
    parameter_name = "stream"

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, value)] if value else []

    def queryset(self, request, queryset):
        return queryset.filter(stream_id=self.value()) if self.value() else queryset


class TypeFilter(admin.SimpleListFilter):
    title = "event type"
    parameter_name = "type"

    def lookups(self, request, model_admin):
        return [(t, t) for t in distinct_values("es_events", "type", limit=500)]

    def queryset(self, request, queryset):
        return queryset.filter(type=self.value()) if self.value() else queryset


@admin.register(EventRecord)
class EventRecordAdmin(ReadOnlyAdmin):
    list_display = ("position", "stream_link", "version", "type", "actor", "via", "recorded_at")
    list_filter = (TypeFilter, StreamFilter)
    search_fields = ("=stream__stream_id",)
    ordering = ("-position",)
    list_per_page = 100
    show_full_result_count = False
    fields = ("position", "stream", "version", "event_id", "type", "schema_version",
              "pretty_data", "pretty_metadata", "recorded_at")
    readonly_fields = fields

    @admin.display(description="stream")
    def stream_link(self, event) -> str:
        return format_html('<a href="?stream={}">{}</a>', event.stream_id, event.stream_id)

    @admin.display(description="actor")
    def actor(self, event):
        return event.metadata.get("actor_email") or event.metadata.get("actor_id")

    @admin.display(description="via")
    def via(self, event):
        return event.metadata.get("via")

    @admin.display(description="data")
    def pretty_data(self, event) -> str:
        return format_html("<pre>{}</pre>", json.dumps(event.data, indent=2, ensure_ascii=False))

    @admin.display(description="metadata")
    def pretty_metadata(self, event) -> str:
        return format_html("<pre>{}</pre>", json.dumps(event.metadata, indent=2))


@admin.register(StreamRecord)
class StreamRecordAdmin(ReadOnlyAdmin):
    list_display = ("stream_id", "stream_type", "version", "updated_at")
    list_filter = ("stream_type",)
    search_fields = ("=stream_id",)
    show_full_result_count = False


@admin.register(ProjectionState)
class ProjectionStateAdmin(ReadOnlyAdmin):
    """The projections page: checkpoint, heartbeat, lag and stalled state of each."""

    list_display = ("name", "status", "checkpoint", "heartbeat_age", "lag_events", "lag_seconds",
                    "failures", "failed_event", "last_error")
    actions = ["resume"]

    def _health(self, state):
        cache = getattr(self, "_health_cache", {})
        if state.name not in cache:
            try:
                registry.get(state.projection)
            except LookupError:
                return None
            cache[state.name] = partition_health(
                Partition(state.projection, state.partition_index, state.partition_count))
            self._health_cache = cache
        return cache[state.name]

    def changelist_view(self, request, extra_context=None):
        self._health_cache = {}
        return super().changelist_view(request, extra_context)

    @admin.display(description="checkpoint (tx:position)")
    def checkpoint(self, state) -> str:
        return f"{state.tx}:{state.position}"

    @admin.display(description="heartbeat age (s)")
    def heartbeat_age(self, state):
        health = self._health(state)
        return health.heartbeat_age_seconds if health else None

    @admin.display(description="lag (events)")
    def lag_events(self, state):
        health = self._health(state)
        return health.lag_events if health else None

    @admin.display(description="lag (s)")
    def lag_seconds(self, state):
        health = self._health(state)
        return health.lag_seconds if health else None

    def has_change_permission(self, request, obj=None) -> bool:
        # Admins may run the resume action on the list; no row is ever saved from a form.
        return obj is None and request.user.is_superuser and is_agent(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description="Resume (retry the failing batch)", permissions=["change"])
    def resume(self, request, queryset):
        for state in queryset.filter(status="stalled"):
            runner.resume(state.name)
        messages.success(request, "Stalled projections resumed; the next sweep retries them.")
