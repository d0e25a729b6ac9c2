"""Helpers of the back-office tests (the integration tests and the browser test): agents registered through `createagent` (with a password
for the admin site), tickets opened through the mediator, and readers of a ticket's stream."""

from __future__ import annotations

import io
import re
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from django.core.management import call_command
from django.db import connection
from django.test import Client

from people.models import AgentProfile
from shopnest.eventstore.horizon import APPENDERS_LOCK
from shopnest.eventstore.store import read_stream
from shopnest.mediator import MessageContext, mediator
from shopnest.projections import consistency, registry, runner
from shopnest.projections.tasks import sweep_projections
from tickets.domain.commands import CreateTicket

PASSWORD = "pw"
ALL_PROJECTIONS = ("accounts", "tickets", "ticket_activities", "contacts", "groups")


@dataclass(frozen=True)
class Agent:
    id: int
    email: str
    name: str


def make_agent(name: str = "Ada Agent", *, admin: bool = False) -> Agent:
    """Register an agent the way an operator does (mediator + accounts projection)."""
    email = f"agent-{uuid.uuid4().hex[:10]}@shopnest.example"  # auth_user outlives a test
    out = io.StringIO()
    call_command("createagent", email=email, name=name, api_key=f"key-{uuid.uuid4().hex}",
                 password=PASSWORD, admin=admin, stdout=out)
    agent_id = int(out.getvalue().split("agent id:")[1].split()[0])
    _until(lambda: AgentProfile.objects.filter(user_id=agent_id).exists())
    return Agent(id=agent_id, email=email, name=name)


def make_group(name: str | None = None) -> int:
    """Create a group through the mediator (tickets may only name groups that exist)."""
    from people.domain.groups import CreateGroup

    outcome = send(CreateGroup(fields={"name": name or f"Group {uuid.uuid4().hex[:8]}"}))
    return outcome.result["group"]["id"]


def logged_in(agent: Agent) -> Client:
    client = Client()
    assert client.login(username=agent.email, password=PASSWORD)
    return client


def open_ticket(subject: str = "Where is my order?", *, email: str | None = None,
                by: Agent | None = None, **fields) -> int:
    """Open a ticket through the mediator (as the API would) and wait until it is projected."""
    ctx = MessageContext(actor_id=by.id if by else None, actor_type="agent" if by else "system",
                         via="api")
    outcome = mediator.send(CreateTicket(fields={
        "email": email or f"customer-{uuid.uuid4().hex[:8]}@example.com",
        "subject": subject, "description": "<p>It has not arrived.</p>", **fields}), ctx)
    settle(outcome.token)
    return outcome.result["ticket"]["id"]


def send(command, by: Agent | None = None):
    """Send a command as another client (not the back office), and wait for its projection."""
    ctx = MessageContext(actor_id=by.id if by else None, actor_type="agent" if by else "system",
                         via="api")
    outcome = mediator.send(command, ctx)
    settle(outcome.token)
    return outcome


def settle(token) -> None:
    """Run the projections until they passed `token` (what the periodic sweep guarantees)."""
    if token is not None:
        _until(lambda: consistency.has_reached(ALL_PROJECTIONS, token))


def caught_up(ticket_id: int) -> None:
    """Wait until the projections reflect every event of the ticket's stream."""
    settle(stream(ticket_id)[-1].token)


def _until(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the projections never caught up"
        for name in ALL_PROJECTIONS:
            runner.run_until_caught_up(registry.get(name))
        time.sleep(0.02)


def stream(ticket_id: int):
    return read_stream(f"ticket-{ticket_id}")


def version(ticket_id: int) -> int:
    """The ticket stream's version (the source of truth, never behind)."""
    return stream(ticket_id)[-1].version


def page(ticket_id: int) -> str:
    return f"/admin/tickets/ticketview/{ticket_id}/change/"


def submit(client: Client, ticket_id: int, action: str, **data):
    """POST one form of the ticket page and follow the redirect to the page it shows next."""
    return client.post(page(ticket_id), {"action": action, **data}, follow=True)


def events_since(ticket_id: int, before: int):
    return [e for e in stream(ticket_id) if e.version > before]


def table_rows(html: str) -> list[dict[str, str]]:
    """The rows of an admin changelist as {column: text} (linked cells give the link text)."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = dict(re.findall(r'class="field-(\w+)"[^>]*>(?:<a [^>]*>)?([^<]*)', row))
        if cells:
            rows.append(cells)
    return rows


class HeldHorizon:
    """An appending transaction left open in another session, as a slow appender would:
    projections cannot see newer events until it ends (lag, never loss). It takes the
    appenders' lock first, as es_append does (shopnest/eventstore/horizon.py)."""

    def __init__(self):
        params = connection.get_connection_params()
        self.conn = psycopg.connect(**{k: v for k, v in params.items()
                                       if k in ("dbname", "user", "password", "host", "port")})
        self.conn.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", list(APPENDERS_LOCK))
        self.conn.execute("SELECT pg_current_xact_id()")  # an appender's id: holds the horizon
        self.timer: threading.Timer | None = None

    def release_in(self, seconds: float) -> None:
        self.timer = threading.Timer(seconds, self.conn.rollback)
        self.timer.start()

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer.join()
        self.conn.close()


@contextmanager
def held_horizon():
    holder = HeldHorizon()
    try:
        yield holder
    finally:
        holder.close()


class BackgroundSweep(threading.Thread):
    """Celery beat's periodic sweep, the production safety net for a projection run that
    could not see a fresh event yet (other test runs share the PostgreSQL server)."""

    def __init__(self, interval: float = 0.5):
        super().__init__(daemon=True, name="admin-tests-sweep")
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                try:
                    sweep_projections()
                except Exception:  # noqa: S110 (a failing projection is recorded by the runner)
                    pass
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=10)
