"""How long a ticket's history takes to read: `GET /tickets/{id}/activities` and the ticket's
back-office page (its timeline) for one ticket with many events.

    .venv/bin/python bench/activities_bench.py [--events 1000] [--repeat 20]

One ticket is opened and then worked on through the mediator (in-process, no HTTP): replies,
notes, note edits, status, priority and tag changes, watches, until its stream holds
`--events` events. The projections are run to the end, then each read is timed with Django's
test client against the real PostgreSQL. Prints medians and p99 per read, and the size of the
answer. Uses its own database `shopnest_bench_activities` (dropped and created at start).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.lib import setup  # noqa: E402
from bench.lib.stats import percentile  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_ACTIVITIES_DATABASE_URL",
                              "postgres://postgres@127.0.0.1:5432/shopnest_bench_activities")
ADMIN_EMAIL = "bench-admin@shopnest.example"
API_KEY = "bench-activities-key"


def _configure() -> dict[str, str]:
    keys = setup.key_space()
    os.environ.update({"DATABASE_URL": DATABASE_URL, "REDIS_URL": setup.redis_url(),
                       "DJANGO_SETTINGS_MODULE": "config.settings",
                       "CELERY_TASK_ALWAYS_EAGER": "0", **keys})
    os.environ.setdefault("API_RATE_LIMIT_PER_MINUTE", "1000000000")
    # Production settings want a key and hosts of their own (the test client is "testserver").
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    setup.recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return keys


def _work_on_a_ticket(events: int) -> int:
    """Open a ticket and change it until its stream holds `events` events; return its id."""
    from people.models import AgentProfile
    from shopnest.eventstore import store
    from shopnest.mediator import MessageContext, mediator
    from tickets.domain.commands import (
        AddNote,
        AddReply,
        CreateTicket,
        EditNote,
        UnwatchTicket,
        UpdateTicket,
        WatchTicket,
    )

    agent_id = AgentProfile.objects.get(user__email=ADMIN_EMAIL).user_id
    ctx = MessageContext(actor_id=agent_id, actor_type="agent", via="api")
    created = mediator.send(CreateTicket(fields={
        "email": "ana.silva@example.com", "name": "Ana Silva", "subject": "Lamp arrived broken",
        "description": "<p>The lamp I ordered arrived <b>broken</b>.</p>", "tags": ["order"]}),
        ctx)
    ticket_id = created.result["ticket"]["id"]
    requester = created.result["ticket"]["requester_id"]
    stream, note_id, step = f"ticket-{ticket_id}", None, 0
    while store.stream_version(stream) < events:
        kind = step % 8
        if kind == 0:
            mediator.send(AddReply(ticket_id=ticket_id, body=f"<p>Update {step} on it.</p>"), ctx)
        elif kind == 1:
            mediator.send(AddReply(ticket_id=ticket_id, body=f"<p>Still broken ({step})</p>",
                                   user_id=requester), ctx)
        elif kind == 2:
            outcome = mediator.send(AddNote(ticket_id=ticket_id, body=f"<p>Carrier {step}</p>"),
                                    ctx)
            note_id = outcome.result["conversation"]["id"]
        elif kind == 3:
            mediator.send(EditNote(conversation_id=note_id, body=f"<p>Carrier said {step}</p>"),
                          ctx)
        elif kind == 4:
            mediator.send(UpdateTicket(ticket_id=ticket_id, changes={
                "status": [3, 4, 2][step % 3], "priority": 1 + step % 4}), ctx)
        elif kind == 5:
            mediator.send(UpdateTicket(ticket_id=ticket_id, changes={
                "tags": ["order", f"t{step}"], "custom_fields": {}}), ctx)
        elif kind == 6:
            mediator.send(WatchTicket(ticket_id=ticket_id), ctx)
        else:
            mediator.send(UnwatchTicket(ticket_id=ticket_id), ctx)
        step += 1
    return ticket_id


def _project() -> float:
    from shopnest.projections import registry, runner

    began, applied = time.perf_counter(), 0
    for projection in registry.all_projections():
        while True:
            done = runner.run_until_caught_up(projection, max_seconds=60)
            applied += done
            if done == 0:
                break
    return applied / max(time.perf_counter() - began, 1e-9)


def _time(repeat: int, ticket_id: int) -> dict[str, tuple[list[float], int]]:
    import base64

    from django.contrib.auth import get_user_model
    from django.test import Client

    api = Client(HTTP_AUTHORIZATION="Basic " + base64.b64encode(f"{API_KEY}:X".encode()).decode())
    admin = Client()
    admin.force_login(get_user_model().objects.get(email=ADMIN_EMAIL))
    reads = {
        "API activities (whole history)": (api, f"/api/v2/tickets/{ticket_id}/activities", {}),
        "API activities page 1 (per_page 100)": (
            api, f"/api/v2/tickets/{ticket_id}/activities", {"per_page": 100}),
        "API activities page 5 (per_page 100)": (
            api, f"/api/v2/tickets/{ticket_id}/activities", {"page": 5, "per_page": 100}),
        "admin ticket page (timeline)": (
            admin, f"/admin/tickets/ticketview/{ticket_id}/change/", {}),
    }
    out = {}
    for label, (client, path, params) in reads.items():
        samples, size = [], 0
        for _ in range(repeat):
            began = time.perf_counter()
            response = client.get(path, params)
            samples.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (label, response.status_code)
            size = len(response.content)
        out[label] = (samples, size)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    print(f"machine: {os.cpu_count()} cores; PostgreSQL database {DATABASE_URL.rsplit('/', 1)[1]}")
    keys = _configure()
    try:
        from django.core.management import call_command
        from django.db import connection

        call_command("createagent", email=ADMIN_EMAIL, name="Bench Admin", api_key=API_KEY,
                     admin=True, stdout=open(os.devnull, "w"))
        began = time.perf_counter()
        ticket_id = _work_on_a_ticket(args.events)
        print(f"ticket {ticket_id}: {args.events:,} events in {time.perf_counter() - began:.1f} s")
        print(f"projected: {_project():,.0f} events/s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"\n{'read':40} {'p50 ms':>9} {'p99 ms':>9} {'bytes':>10}")
        for label, (samples, size) in _time(args.repeat, ticket_id).items():
            ordered = sorted(samples)
            print(f"{label:40} {percentile(ordered, 50):9.1f} {percentile(ordered, 99):9.1f} "
                  f"{size:10,}")
    finally:
        setup.drop_redis_keys(setup.redis_url(), keys["CACHE_KEY_PREFIX"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
