"""A small help desk built through the real command path, for tests that rebuild or check
read tables: tickets with replies, notes, edits, deletes and status changes, contacts made by
e-mail and by phone, agents who changed their password and signed in, and companies created,
edited, renamed and deleted."""

from __future__ import annotations

from django.core.management import call_command

from people.domain.agents import ChangeAgentPassword, RecordSignIn
from people.domain.companies import CreateCompany, DeleteCompany, UpdateCompany
from shopnest.projections import registry, runner
from tests.integration.eventstore.helpers import last_recorded, wait_until_visible
from tests.integration.mediator.tickets import (
    agent,
    note,
    open_ticket,
    open_ticket_command,
    reply,
    send,
    update,
)
from tickets.domain.commands import (
    CreateTicket,
    DeleteConversation,
    DeleteTicket,
    EditNote,
    MarkSpam,
    RestoreTicket,
    UnmarkSpam,
)

PROJECTIONS = ("tickets", "contacts", "accounts", "companies")


def build_help_desk() -> None:
    """Send the commands, then bring every projection up to date."""
    ctx = agent(5)
    opened = send(open_ticket_command("ann@example.com", tags=["order"]), ctx)
    first, ann = opened.result["ticket"]["id"], opened.result["ticket"]["requester_id"]
    reply(first, "We are on it.", ctx)
    edited = note(first, "Carrier says Tuesday.", ctx).result["conversation"]["id"]
    send(EditNote(conversation_id=edited, body="Carrier says Wednesday."), ctx)
    update(first, ctx, status=4, priority=3, tags=["order", "late"])
    reply(first, "Still nothing!", ctx, user_id=ann)  # the requester writes back: reopened
    send(open_ticket_command("ann@example.com", subject="Another order"), ctx)

    second = open_ticket(ctx, email="bob@example.com")
    removed = note(second, "Wrong ticket.", ctx).result["conversation"]["id"]
    send(DeleteConversation(conversation_id=removed), ctx)
    send(DeleteTicket(ticket_id=second), ctx)
    send(RestoreTicket(ticket_id=second), ctx)
    update(second, ctx, status=5, due_by="2030-01-31T17:00:00Z", custom_fields={"cf_rma": 7})

    third = open_ticket(agent(6))
    send(MarkSpam(ticket_id=third), ctx)
    send(UnmarkSpam(ticket_id=third), ctx)
    send(MarkSpam(ticket_id=third), ctx)

    send(CreateTicket({"phone": "+15550100", "name": "Cleo", "subject": "Phone"}), ctx)

    call_command("createagent", email="ada@shopnest.example", name="Ada  Lovelace King",
                 api_key="desk-key-ada", password="first")
    call_command("createagent", email="bo@shopnest.example", name="Bo", api_key="desk-key-bo",
                 admin=True)
    ada = _agent_id("ada@shopnest.example")
    send(ChangeAgentPassword(agent_id=ada, password="second"), ctx)
    send(RecordSignIn(agent_id=ada), ctx)

    acme = send(CreateCompany({"name": "Acme", "domains": ["acme.com", "acme.org"],
                               "renewal_date": "2025-12-31T00:00:00Z",
                               "custom_fields": {"seats": 12, "trial": False}}), ctx)
    acme_id = acme.result["company"]["id"]
    send(UpdateCompany(acme_id, {"name": "Acme Rockets", "domains": ["acme.com"],
                                 "custom_fields": {"trial": True}, "note": "VIP"}), ctx)
    update(first, ctx, company_id=acme_id)
    gone = send(CreateCompany({"name": "Gone Ltd", "domains": ["gone.example"]}), ctx)
    send(DeleteCompany(gone.result["company"]["id"]), ctx)

    wait_until_visible(last_recorded())
    for name in PROJECTIONS:
        runner.run_until_caught_up(registry.get(name))


def _agent_id(email: str) -> int:
    from people.models import AgentProfile

    return AgentProfile.objects.get(user__email=email).user_id
