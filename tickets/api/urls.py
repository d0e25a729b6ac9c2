"""Routes of the ticket API; a trailing slash is accepted everywhere (clients send both)."""

from shopnest.api.urls import with_optional_slash
from tickets.api import conversations, tickets

urlpatterns = with_optional_slash([
    ("tickets", tickets.TicketListView, "tickets"),
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
    ("conversations/<id:conversation_id>", conversations.ConversationDetailView, "conversation"),
])
