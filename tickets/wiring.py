"""The help desk's routing table: every command, query and projection, registered once."""

from __future__ import annotations


def register_all() -> None:
    from shopnest.feed import visibility
    from shopnest.mediator import mediator
    from shopnest.projections import registry
    from tickets.domain import commands as c
    from tickets.domain.aggregate import TICKET
    from tickets.handlers import conversations, tickets, watchers
    from tickets.projections.activities import ActivitiesProjection
    from tickets.projections.tickets import TicketsProjection
    from tickets.queries import activities as activity_queries
    from tickets.queries import conversations as conversation_queries
    from tickets.queries import feed
    from tickets.queries import messages as q
    from tickets.queries import tickets as ticket_queries

    commands = {
        c.CreateTicket: tickets.create_ticket,
        c.UpdateTicket: tickets.update_ticket,
        c.DeleteTicket: tickets.change_ticket,
        c.RestoreTicket: tickets.change_ticket,
        c.MarkSpam: tickets.change_ticket,
        c.UnmarkSpam: tickets.change_ticket,
        c.AddReply: conversations.add_conversation,
        c.AddNote: conversations.add_conversation,
        c.EditNote: conversations.change_conversation,
        c.DeleteConversation: conversations.change_conversation,
        c.WatchTicket: watchers.watching,
        c.UnwatchTicket: watchers.watching,
    }
    for command_type, handler in commands.items():
        mediator.register_command(command_type, handler)

    queries = {
        q.ListTickets: ticket_queries.list_tickets,
        q.GetTicket: ticket_queries.get_ticket,
        q.ListConversations: conversation_queries.list_conversations,
        q.GetTicketActivities: activity_queries.ticket_activities,
        q.GetTicketThread: conversation_queries.ticket_thread,
        q.UnwritableTickets: ticket_queries.unwritable_tickets,
    }
    for query_type, handler in queries.items():
        mediator.register_query(query_type, handler)

    registry.register(TicketsProjection())
    visibility.register(TICKET.stream_type, feed.TicketFeed())
    registry.register(ActivitiesProjection())
