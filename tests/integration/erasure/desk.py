"""A help desk with one customer to erase: their tickets, replies and data, made through the
API, and the places their data could hide (every table, every answer, the back office)."""

from __future__ import annotations

import io
import time
import uuid
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection
from django.test import Client

from shopnest.eventstore.records import Position
from shopnest.projections import registry, runner
from tests.integration.api.conftest import Api
from tests.integration.projections.ledger import checkpoint, rewind

PASSWORD = "pw"
# What the customer is and wrote: none of it may survive the erasure anywhere readable.
NAME = "Zelda Quixotewright"
EMAIL = "zelda.quixote7@example.org"
PHONE = "+44 7700 900123"
CC = "zorbo.neighbour@example.org"
SUBJECT = "Parcel QX9 never came"
DESCRIPTION = "Zorbo next door signed for my parcel"
REPLY = "Still waiting here, Zqx"
PERSONAL = (NAME, EMAIL, PHONE, CC, SUBJECT, DESCRIPTION, REPLY)
# What the agents wrote stays.
AGENT_REPLY = "We are chasing the courier"
NOTE = "Courier ticket 4411 opened"

# The event store and the key table are checked on their own (sealed data, tombstones).
NOT_SCANNED = ("es_events", "shopnest_person_key")


@dataclass(frozen=True)
class Customer:
    contact_id: int
    ticket_ids: tuple[int, ...]


def admin_api() -> tuple[Api, Client]:
    """An admin agent: an API client with their key and a signed-in back-office client."""
    email, key = f"admin-{uuid.uuid4().hex[:10]}@shopnest.example", f"key-{uuid.uuid4().hex}"
    out = io.StringIO()
    call_command("createagent", email=email, name="Ada Admin", api_key=key, password=PASSWORD,
                 admin=True, stdout=out)
    back_office = Client()
    assert back_office.login(username=email, password=PASSWORD)
    return Api(key), back_office


def customer_with_tickets(api: Api) -> Customer:
    """Three tickets of one customer: one they opened with a reply of theirs, an agent reply
    and a note; one opened for them by id; one opened by someone else and handed to them."""
    # Sent with an Idempotency-Key: its stored answer holds the ticket too.
    first = api.post("tickets", {"email": EMAIL, "name": NAME, "phone": PHONE, "subject": SUBJECT,
                                 "description": f"<p>{DESCRIPTION}</p>", "cc_emails": [CC]},
                     HTTP_IDEMPOTENCY_KEY=f"first-{uuid.uuid4().hex}")
    assert first.status_code == 201, first.content
    ticket, contact_id = first.json()["id"], first.json()["requester_id"]
    second = api.post("tickets", {"requester_id": contact_id, "subject": f"Re: {SUBJECT}",
                                  "description": f"<p>Again: {DESCRIPTION}</p>"})
    assert second.status_code == 201, second.content
    for body in ({"body": f"<p>{REPLY}</p>", "user_id": contact_id},
                 {"body": f"<p>{AGENT_REPLY}</p>"}):
        assert api.post(f"tickets/{ticket}/reply", body).status_code == 201
    assert api.post(f"tickets/{ticket}/notes", {"body": f"<p>{NOTE}</p>"}).status_code == 201
    third = api.post("tickets", {"email": "someone.else@example.com", "subject": "Gift",
                                 "description": "<p>For a friend</p>"})
    assert third.status_code == 201, third.content
    handed = api.put(f"tickets/{third.json()['id']}", {"requester_id": contact_id})
    assert handed.status_code == 200, handed.content
    settle()
    return Customer(contact_id, (ticket, second.json()["id"], third.json()["id"]))


def tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                       "ORDER BY tablename")
        return [name for (name,) in cursor.fetchall() if name not in NOT_SCANNED]


def found_in_tables(needles=PERSONAL) -> dict[str, list[str]]:
    """Return, by table, the needles any of its rows holds (every column, as text)."""
    found = {}
    with connection.cursor() as cursor:
        for table in tables():
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')
            text = "\n".join(row for (row,) in cursor.fetchall())
            hits = [needle for needle in needles if needle.lower() in text.lower()]
            if hits:
                found[table] = hits
    return found


def stored_events() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT stream_id, version, type, data::text FROM es_events "
                       "ORDER BY position")
        return cursor.fetchall()


def answers(api: Api, back_office: Client, customer: Customer) -> dict[str, str]:
    """Every answer that could show the customer: the API's and the back office's pages
    (each must answer 200, or the scan would prove nothing)."""
    paths = [f"tickets/{t}{tail}" for t in customer.ticket_ids for tail in (
        "?include=requester,conversations,stats", "/conversations", "/activities")]
    paths += ["tickets?include=requester,description",
              f"tickets?requester_id={customer.contact_id}", "contacts", "contacts?state=deleted",
              f"contacts/autocomplete?term={NAME[:4]}"]
    pages = [f"/admin/tickets/ticketview/{t}/change/" for t in customer.ticket_ids]
    pages += ["/admin/tickets/ticketview/", "/admin/people/contactview/",
              "/admin/shopnest/eventrecord/", "/admin/shopnest/streamrecord/"]
    out = {}
    for path, response in [*((p, api.get(p)) for p in paths),
                           *((p, back_office.get(p)) for p in pages)]:
        assert response.status_code == 200, (path, response.status_code)
        out[path] = response.content.decode()
    return out


def contact_pages(api: Api, back_office: Client, customer: Customer) -> dict[str, object]:
    """The contact's own answers: the API's contact and the back office's contact page."""
    return {"api": api.get(f"contacts/{customer.contact_id}"),
            "page": back_office.get(f"/admin/people/contactview/{customer.contact_id}/change/")}


def found_in_answers(pages: dict[str, str], needles=PERSONAL) -> dict[str, list[str]]:
    found = {}
    for name, text in pages.items():
        hits = [needle for needle in needles if needle.lower() in text.lower()]
        if hits:
            found[name] = hits
    return found


def rebuild_every_projection() -> None:
    """Project the whole store again, from position zero, into emptied read tables (the
    accounts projection replays over its own: it holds the agents' Django users, whose
    sign-in sessions the back-office client keeps)."""
    projections = registry.all_projections()
    read_tables = sorted({table for p in projections if p.name != "accounts"
                          for table in p.tables})
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(read_tables) + " CASCADE")
    rewind(*(p.name for p in projections))
    settle()


def settle(timeout: float = 30.0) -> None:
    """Run every projection until it has applied the last event in the store (a transaction
    open elsewhere on the server may hold the read horizon back for a while)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tx::text::bigint, position FROM es_events "
                       "ORDER BY tx DESC, position DESC LIMIT 1")
        last = Position(*cursor.fetchone())
    deadline = time.monotonic() + timeout
    for projection in registry.all_projections():
        while True:
            runner.run_until_caught_up(projection, max_seconds=timeout)
            if checkpoint(projection.name) >= last:
                break
            assert time.monotonic() < deadline, f"{projection.name} never caught up"
            time.sleep(0.05)
