"""The help desk's routing table: every command, query and projection, registered once."""

from __future__ import annotations


def register_all() -> None:
    from shopnest.mediator import mediator
    from shopnest.projections import registry
    from tickets.commands import (
        EditConversation,
        OpenTicket,
        PostNote,
        PostReply,
        RemoveConversation,
    )
    from tickets.domain.commands import (
        DeleteConversation,
        DeleteTicket,
        EditNote,
        MarkSpam,
        RestoreTicket,
        UnmarkSpam,
        UpdateTicket,
    )
    from tickets.handlers import conversations, tickets
    from tickets.projections.contacts import ContactsProjection
    from tickets.projections.tickets import TicketsProjection
    from tickets.queries import conversations as conversation_queries
    from tickets.queries import tickets as ticket_queries
    from tickets.queries.messages import (
        GetTicket,
        GetTicketActivities,
        GetTicketThread,
        ListConversations,
        ListTickets,
    )

    commands = {
        OpenTicket: tickets.open_ticket,
        UpdateTicket: tickets.update_ticket,
        DeleteTicket: tickets.change_ticket,
        RestoreTicket: tickets.change_ticket,
        MarkSpam: tickets.change_ticket,
        UnmarkSpam: tickets.change_ticket,
        PostReply: conversations.post_reply,
        PostNote: conversations.post_note,
        EditNote: tickets.change_ticket,
        DeleteConversation: tickets.change_ticket,
        EditConversation: conversations.edit_conversation,
        RemoveConversation: conversations.remove_conversation,
    }
    for command_type, handler in commands.items():
        mediator.register_command(command_type, handler)

    queries = {
        ListTickets: ticket_queries.list_tickets,
        GetTicket: ticket_queries.get_ticket,
        ListConversations: conversation_queries.list_conversations,
        GetTicketActivities: conversation_queries.ticket_history,
        GetTicketThread: conversation_queries.ticket_thread,
    }
    for query_type, handler in queries.items():
        mediator.register_query(query_type, handler)

    registry.register(TicketsProjection())
    registry.register(ContactsProjection())
