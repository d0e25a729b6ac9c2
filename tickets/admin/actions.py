"""Bulk actions of the ticket queue: one command per selected ticket, through the mediator."""

from __future__ import annotations

from django.contrib import admin, messages

from tickets.admin.commands import REFUSALS, send
from tickets.domain.codes import Priority, Status
from tickets.domain.commands import MarkSpam, UpdateTicket


def _each(request, tickets, make_command, done: str) -> None:
    ok, failed = 0, []
    for ticket in tickets.only("id"):
        try:
            send(request, make_command(ticket.id))
            ok += 1
        except REFUSALS as exc:
            failed.append(f"#{ticket.id}: {getattr(exc, 'message', exc)}")
    if ok:
        messages.success(request, f"{done}: {ok} ticket(s).")
    if failed:
        messages.error(request, "Not changed — " + "; ".join(failed[:20]))


@admin.action(description="Assign to me")
def assign_to_me(modeladmin, request, queryset):
    _each(request, queryset,
          lambda tid: UpdateTicket(ticket_id=tid, changes={"responder_id": request.user.id}),
          "Assigned to you")


@admin.action(description="Close")
def close_tickets(modeladmin, request, queryset):
    _each(request, queryset,
          lambda tid: UpdateTicket(ticket_id=tid, changes={"status": int(Status.CLOSED)}),
          "Closed")


@admin.action(description="Mark as spam")
def mark_spam(modeladmin, request, queryset):
    _each(request, queryset, lambda tid: MarkSpam(ticket_id=tid), "Marked as spam")


def _set_priority(priority: Priority):
    def action(modeladmin, request, queryset):
        _each(request, queryset,
              lambda tid: UpdateTicket(ticket_id=tid, changes={"priority": int(priority)}),
              f"Priority set to {priority.name.title()}")

    action.__name__ = f"set_priority_{priority.name.lower()}"
    return admin.action(description=f"Set priority: {priority.name.title()}")(action)


PRIORITY_ACTIONS = [_set_priority(p) for p in Priority]
