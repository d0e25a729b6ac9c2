"""Each caller's feed holds only what that caller may see: an admin everything the feed
shows (without agents' secrets), an agent the tickets of its scope and the contacts and
companies any agent reads, a customer their own tickets without private notes or the desk's
own business, and nobody a claim or customer-key stream."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from django.db import transaction

from people.domain.agent_changes import UpdateAgent
from people.domain.customer_keys import IssueCustomerKey
from people.registration import send_now
from shopnest.eventstore import store
from shopnest.eventstore.records import NewEvent, StreamAppend
from shopnest.projections import registry, runner
from tickets.api.customers import AGENT_ONLY_TICKET_FIELDS
from tickets.domain.access import TicketScope
from tickets.domain.events import TicketCreated

from ..api.conftest import Api, make_agent, make_group, new_ticket_body
from ..api.test_agents import make_admin
from .conftest import read_feed

SECRET_NOTE = "Refund approved, do not tell yet"


@dataclass(frozen=True)
class Desk:
    admin: Api
    group_agent: Api
    restricted_agent: Api
    global_agent: Api
    customer: Api
    tickets: dict[str, int]


def _scoped_agent(scope: TicketScope, group_id: int):
    agent = make_agent(f"{scope.name.title()} Agent")
    send_now(UpdateAgent(agent_id=agent.id, changes={"ticket_scope": int(scope),
                                                     "group_ids": [group_id]}),
             reads=("accounts", "groups"))
    return agent


def _ticket(admin: Api, **fields) -> dict:
    made = admin.post("tickets", new_ticket_body(**fields))
    assert made.status_code == 201, made.content
    return made.json()


@pytest.fixture
def desk() -> Desk:
    admin = Api(make_admin().key)
    ours, theirs = make_group(), make_group()
    group_agent = _scoped_agent(TicketScope.GROUP, ours)
    restricted = _scoped_agent(TicketScope.RESTRICTED, ours)
    someone = make_agent("Someone Else")
    tickets = {
        "our_group": _ticket(admin, group_id=ours, responder_id=someone.id)["id"],
        "their_group": _ticket(admin, group_id=theirs, responder_id=someone.id)["id"],
        "assigned": _ticket(admin, group_id=theirs, responder_id=restricted.id)["id"],
    }
    own = _ticket(admin)
    tickets["customers"] = own["id"]
    admin.post(f"tickets/{own['id']}/notes", {"body": f"<p>{SECRET_NOTE}</p>"})
    admin.post(f"tickets/{own['id']}/reply", {"body": "<p>We are looking into it</p>"})
    admin.put(f"tickets/{own['id']}", {"tags": ["vip"]})
    admin.put(f"tickets/{own['id']}", {"group_id": ours})
    assert admin.post(f"tickets/{own['id']}/watch", {}).status_code == 204
    assert admin.get("tickets").status_code == 200  # every row is projected
    key = f"customer-{uuid.uuid4().hex}"
    send_now(IssueCustomerKey(contact_id=own["requester_id"], api_key=key),
             reads=("customer_keys", "contacts"))
    return Desk(admin, Api(group_agent.key), Api(restricted.key), Api(make_agent().key),
                Api(key), tickets)


def _ticket_ids(events) -> set[int]:
    return {int(e["stream_id"].removeprefix("ticket-")) for e in events
            if e["stream_type"] == "ticket"}


def _types(events) -> set[str]:
    return {e["stream_type"] for e in events}


def test_an_admin_sees_every_stream_the_feed_shows_but_no_secret_and_no_claim(desk):
    events, _ = read_feed(desk.admin, limit=50)

    assert _types(events) == {"ticket", "contact", "agent", "group"}
    assert _ticket_ids(events) == set(desk.tickets.values())
    agent_events = [e for e in events if e["stream_type"] == "agent"]
    assert {"AgentRegistered", "AgentUpdated"} <= {e["type"] for e in agent_events}
    assert not any({"api_key_hash", "password_hash"} & set(e["data"]) for e in agent_events)
    assert "key_hash" not in str(events)


def test_a_global_agent_sees_every_ticket_and_the_contacts_but_not_agents_or_groups(desk):
    events, _ = read_feed(desk.global_agent, limit=50)

    assert _types(events) == {"ticket", "contact"}
    assert _ticket_ids(events) == set(desk.tickets.values())
    assert SECRET_NOTE in str(events), "agents read private notes"


def test_a_group_agent_sees_only_the_tickets_of_its_groups_and_its_own(desk):
    events, _ = read_feed(desk.group_agent, limit=5)

    assert _ticket_ids(events) == {desk.tickets["our_group"], desk.tickets["customers"]}
    assert _types(events) == {"ticket", "contact"}


def test_a_restricted_agent_sees_only_the_tickets_assigned_to_it(desk):
    events, _ = read_feed(desk.restricted_agent, limit=5)

    assert _ticket_ids(events) == {desk.tickets["assigned"]}


def test_a_customer_sees_their_own_ticket_without_private_notes_or_the_desks_business(desk):
    events, _ = read_feed(desk.customer, limit=3)

    assert _types(events) == {"ticket"}
    assert _ticket_ids(events) == {desk.tickets["customers"]}
    assert SECRET_NOTE not in str(events)
    types = [e["type"] for e in events]
    assert types == ["TicketCreated", "ReplyAdded"], "no note, tag, group or watcher event"
    assert not set(AGENT_ONLY_TICKET_FIELDS) & set(events[0]["data"])


def test_a_customer_never_sees_the_edit_or_deletion_of_a_private_note(desk):
    ticket_id = desk.tickets["customers"]
    note = desk.admin.post(f"tickets/{ticket_id}/notes", {"body": "<p>first</p>"}).json()
    public = desk.admin.post(f"tickets/{ticket_id}/notes",
                             {"body": "<p>Parcel found</p>", "private": False}).json()
    desk.admin.put(f"conversations/{note['id']}", {"body": "<p>EDITED-SECRET</p>"})
    desk.admin.delete(f"conversations/{note['id']}")
    desk.admin.put(f"conversations/{public['id']}", {"body": "<p>Parcel found, shipped</p>"})
    assert desk.admin.get("tickets").status_code == 200

    events, _ = read_feed(desk.customer)

    shown = [(e["type"], e["data"].get("conversation_id")) for e in events]
    assert ("NoteAdded", public["id"]) in shown and ("NoteEdited", public["id"]) in shown
    assert not [c for _, c in shown if c == note["id"]]
    assert "EDITED-SECRET" not in str(events)


def test_a_ticket_whose_row_is_not_written_yet_holds_a_scoped_feed_back_never_skipped(desk):
    """A scoped caller's ticket event is judged on the ticket's row; until the tickets
    projection has written it, the page stops before the event (and every later one), and
    the next poll once it is there delivers it."""
    _, cursor = read_feed(desk.restricted_agent)
    ticket_id = 10**12 + uuid.uuid4().int % 10**9
    created = TicketCreated(ticket_id=ticket_id, requester_id=1,
                            responder_id=_agent_id(desk.restricted_agent), subject="Unprojected",
                            at="2025-01-01T00:00:00Z")
    with transaction.atomic():  # appended only: nothing kicks the tickets projection
        store.append([StreamAppend(f"ticket-{ticket_id}", "ticket", 0,
                                   (NewEvent(created.TYPE, created.to_data()),))], {})
    # Committed after it, and visible to any agent without a lookup.
    contact = desk.admin.post("contacts", {"name": "Later Contact",
                                           "email": f"later-{uuid.uuid4().hex[:6]}@example.com"})
    assert contact.status_code == 201, contact.content

    waiting, held_at = read_feed(desk.restricted_agent, after=cursor)
    runner.run_until_caught_up(registry.get("tickets"))
    delivered, _ = read_feed(desk.restricted_agent, after=held_at)

    assert waiting == [] and held_at == cursor
    assert [e["type"] for e in delivered] == ["TicketCreated", "ContactCreated"]
    assert delivered[0]["data"]["subject"] == "Unprojected"


def _agent_id(api: Api) -> int:
    return api.get("agents/me").json()["id"]
