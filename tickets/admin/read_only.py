"""Read-only views of the other read tables."""

from __future__ import annotations

from django.contrib import admin

from tickets.admin.access import AgentAccessMixin
from tickets.models import ConversationView


@admin.register(ConversationView)
class ConversationViewAdmin(AgentAccessMixin, admin.ModelAdmin):
    list_display = ("id", "ticket_id", "kind", "private", "incoming", "user_id", "created_at")
    list_filter = ("kind", "private", "incoming")
    search_fields = ("body_text",)
    ordering = ("-created_at", "-id")
    show_full_result_count = False
