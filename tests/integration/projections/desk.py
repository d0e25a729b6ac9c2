"""A small help desk built through the real command path, for tests that rebuild or check
read tables: tickets with replies, notes, edits, deletes and status changes, contacts made by
e-mail and by phone and by contact commands (changed, deleted, restored), agents who changed
their password and signed in, and companies created, edited, renamed and deleted."""

from __future__ import annotations

from django.core.management import call_command

from people.domain.agent_changes import DeactivateAgent, RotateAgentKey, UpdateAgent
from people.domain.agents import ChangeAgentPassword, RecordSignIn
from people.domain.companies import CreateCompany, DeleteCompany, UpdateCompany
from people.domain.contacts import CreateContact, DeleteContact, RestoreContact, UpdateContact
from people.domain.groups import CreateGroup, DeleteGroup, UpdateGroup
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

PROJECTIONS = ("tickets", "ticket_activities", "contacts", "accounts", "companies", "groups")


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

    dora = send(CreateContact(name="Dora", email="dora@example.com",
                              other_emails=["dora@home.example"], tags=["vip"],
                              custom_fields={"cf_tier": "gold", "cf_orders": 3}), ctx)
    dora_id = dora.result["contact"]["id"]
    send(UpdateContact(contact_id=dora_id, changes={
        "email": "dora@new.example", "other_emails": ["dora@example.com"], "job_title": "Buyer",
        "language": "de", "view_all_tickets": True}), ctx)
    send(DeleteContact(contact_id=dora_id), ctx)
    send(RestoreContact(contact_id=dora_id), ctx)
    send(UpdateContact(contact_id=ann, changes={"phone": "555", "address": "1 Main St"}), ctx)

    call_command("createagent", email="ada@shopnest.example", name="Ada  Lovelace King",
                 api_key="desk-key-ada", password="first")
    call_command("createagent", email="bo@shopnest.example", name="Bo", api_key="desk-key-bo",
                 admin=True)
    ada = _agent_id("ada@shopnest.example")
    send(ChangeAgentPassword(agent_id=ada, password="second"), ctx)
    send(RecordSignIn(agent_id=ada), ctx)
    bo = _agent_id("bo@shopnest.example")
    returns = send(CreateGroup({"name": "Returns", "agent_ids": [ada], "escalate_to": bo,
                                "unassigned_for": "2h", "auto_ticket_assign": True}), ctx)
    returns_id = returns.result["group"]["id"]
    send(UpdateGroup(returns_id, {"name": "Refunds", "agent_ids": [ada, bo]}), ctx)
    send(UpdateAgent(ada, {"ticket_scope": 2, "role_ids": [3], "available": True,
                           "signature": "<p>Ada</p>", "phone": "+44 1"}), ctx)
    send(RotateAgentKey(agent_id=bo, api_key="desk-key-bo-2"), ctx)
    gone_group = send(CreateGroup({"name": "Gone", "agent_ids": [bo]}), ctx)
    send(DeleteGroup(gone_group.result["group"]["id"]), ctx)
    update(first, ctx, group_id=returns_id, responder_id=ada)
    call_command("createagent", email="cy@shopnest.example", name="Cy", api_key="desk-key-cy")
    send(DeactivateAgent(agent_id=_agent_id("cy@shopnest.example")), ctx)

    acme = send(CreateCompany({"name": "Acme", "domains": ["acme.com", "acme.org"],
                               "renewal_date": "2025-12-31T00:00:00Z",
                               "custom_fields": {"seats": 12, "trial": False}}), ctx)
    acme_id = acme.result["company"]["id"]
    send(UpdateCompany(acme_id, {"name": "Acme Rockets", "domains": ["acme.com"],
                                 "custom_fields": {"trial": True}, "note": "VIP"}), ctx)
    # Ann joins Acme, so her ticket can be Acme's; a new buyer there joins it by domain.
    send(UpdateContact(contact_id=ann, changes={"other_companies": [{"company_id": acme_id}]}),
         ctx)
    update(first, ctx, company_id=acme_id)
    send(open_ticket_command("buyer@acme.com", subject="Rockets"), ctx)
    gone = send(CreateCompany({"name": "Gone Ltd", "domains": ["gone.example"]}), ctx)
    send(DeleteCompany(gone.result["company"]["id"]), ctx)

    wait_until_visible(last_recorded())
    for name in PROJECTIONS:
        runner.run_until_caught_up(registry.get(name))


def _agent_id(email: str) -> int:
    from people.models import AgentProfile

    return AgentProfile.objects.get(user__email=email).user_id
