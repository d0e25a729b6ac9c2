"""Routes of the ticket API; a trailing slash is accepted everywhere (clients send both)."""

from shopnest.api.urls import with_optional_slash
from tickets.api import conversations, tickets, watchers

urlpatterns = with_optional_slash([
    ("tickets", tickets.TicketListView, "tickets"),
    ("tickets/bulk_watch", watchers.BulkWatchView, "tickets-bulk-watch"),
    ("tickets/bulk_unwatch", watchers.BulkUnwatchView, "tickets-bulk-unwatch"),
    ("tickets/<id:ticket_id>", tickets.TicketDetailView, "ticket"),
    ("tickets/<id:ticket_id>/restore", tickets.TicketRestoreView, "ticket-restore"),
    ("tickets/<id:ticket_id>/spam", tickets.TicketSpamView, "ticket-spam"),
    ("tickets/<id:ticket_id>/unspam", tickets.TicketUnspamView, "ticket-unspam"),
    ("tickets/<id:ticket_id>/reply", conversations.TicketReplyView, "ticket-reply"),
    ("tickets/<id:ticket_id>/notes", conversations.TicketNoteView, "ticket-notes"),
    ("tickets/<id:ticket_id>/conversations", conversations.TicketConversationsView,
     "ticket-conversations"),
    ("tickets/<id:ticket_id>/activities", conversations.TicketActivitiesView,
     "ticket-activities"),
    ("tickets/<id:ticket_id>/watchers", watchers.TicketWatchersView, "ticket-watchers"),
    ("tickets/<id:ticket_id>/watch", watchers.TicketWatchView, "ticket-watch"),
    ("tickets/<id:ticket_id>/unwatch", watchers.TicketUnwatchView, "ticket-unwatch"),
    ("conversations/<id:conversation_id>", conversations.ConversationDetailView, "conversation"),
])
