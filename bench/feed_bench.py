"""What the change feed costs: GET /api/v2/events pages for callers who see everything and
for callers who see almost nothing, a walk of the whole feed, and one stream poll.

    .venv/bin/python bench/feed_bench.py [--tickets 5000] [--repeat 30]

Tickets are created through the mediator (in-process, no HTTP) and projected by the real
runner; each read is timed with Django's test client against the real PostgreSQL. Prints
medians and p99 in ms.
"""

from __future__ import annotations

import argparse
import base64
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.lib import setup  # noqa: E402
from bench.lib.stats import percentile  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_FEED_DATABASE_URL",
                              "postgres://postgres@127.0.0.1:5432/shopnest_bench_feed")


def _configure() -> dict[str, str]:
    keys = setup.key_space()
    os.environ.update({"DATABASE_URL": DATABASE_URL, "REDIS_URL": setup.redis_url(),
                       "DJANGO_SETTINGS_MODULE": "config.settings",
                       "CELERY_TASK_ALWAYS_EAGER": "0", "ALLOWED_HOSTS": "testserver",
                       "LOG_LEVEL": "WARNING", **keys})
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("API_RATE_LIMIT_PER_MINUTE", "1000000000")
    setup.recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return keys


def _agent(email: str, key: str, *, admin: bool = False, scope: int | None = None) -> int:
    from django.core.management import call_command

    from people.domain.agent_changes import UpdateAgent
    from shopnest.mediator import mediator

    out = open(os.devnull, "w")
    call_command("createagent", email=email, name=email.split("@")[0], api_key=key,
                 admin=admin, stdout=out)
    from django.contrib.auth import get_user_model

    agent_id = get_user_model().objects.get(email=email).id
    if scope is not None:
        mediator.send(UpdateAgent(agent_id=agent_id, changes={"ticket_scope": scope}))
    return agent_id


def _create(count: int, responder_every: int, responder: int) -> float:
    import random

    from shopnest.mediator import MessageContext, mediator
    from tickets.demo.content import customer, story
    from tickets.domain.commands import AddReply, CreateTicket

    rng = random.Random(7)
    ctx = MessageContext(actor_id=1, actor_type="agent", via="cli")
    began = time.perf_counter()
    for n in range(count):
        name, email = customer(rng, 2000)
        tale = story(rng)
        fields = {"email": email, "name": name, "subject": tale.subject,
                  "description": tale.description}
        if n % responder_every == 0:
            fields["responder_id"] = responder
        ticket = mediator.send(CreateTicket(fields=fields), ctx).result["ticket"]["id"]
        mediator.send(AddReply(ticket_id=ticket, body="<p>On its way</p>"), ctx)
    return count / (time.perf_counter() - began)


def _project() -> None:
    from shopnest.projections import registry, runner

    for projection in registry.all_projections():
        while runner.run_until_caught_up(projection, max_seconds=120):
            pass


def _client(key: str):
    from django.test import Client

    return Client(HTTP_AUTHORIZATION="Basic " + base64.b64encode(f"{key}:X".encode()).decode())


def _time(client, path: str, params: dict, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(path, params)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.content
    return samples


def _walk(client) -> tuple[int, int, float]:
    """Follow the feed from the start to its end: events, pages, seconds."""
    events, pages, after = 0, 0, ""
    began = time.perf_counter()
    while True:
        response = client.get("/api/v2/events", {"limit": 100, "after": after})
        body, pages = response.json(), pages + 1
        events, after = events + len(body["events"]), body["cursor"]
        if "Link" not in response:
            return events, pages, time.perf_counter() - began


def _poll_ms(key_ctx, repeat: int) -> list[float]:
    """One stream poll with nothing new, including the fresh connection it opens."""
    from django.db import connection

    from shopnest.eventstore.records import ORIGIN
    from shopnest.feed.reader import ReadEvents
    from shopnest.mediator import mediator

    head = mediator.ask(ReadEvents(after=ORIGIN, limit=100), key_ctx)
    caught_up = head.cursor
    while head.more:
        head = mediator.ask(ReadEvents(after=head.cursor, limit=100), key_ctx)
        caught_up = head.cursor
    samples = []
    for _ in range(repeat):
        connection.close()
        began = time.perf_counter()
        mediator.ask(ReadEvents(after=caught_up, limit=100), key_ctx)
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def _line(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    print(f"{label:56} {percentile(ordered, 50):8.1f} {percentile(ordered, 99):8.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    print(f"machine: {os.cpu_count()} cores; PostgreSQL database {DATABASE_URL.rsplit('/', 1)[1]}")
    keys = _configure()
    try:
        from django.conf import settings

        from shopnest.mediator import MessageContext

        _agent("bench-admin@shopnest.example", "bench-feed-admin", admin=True)
        restricted = _agent("bench-restricted@shopnest.example", "bench-feed-restricted",
                            scope=3)
        rate = _create(args.tickets, 500, restricted)
        _project()
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SELECT count(*) FROM es_events")
            (stored,) = cursor.fetchone()
        print(f"{args.tickets:,} tickets with a reply each ({rate:,.0f} tickets/s), "
              f"{stored:,} events in the store; scan limit {settings.SHOPNEST_FEED_SCAN_LIMIT}")
        admin, restricted_api = _client("bench-feed-admin"), _client("bench-feed-restricted")
        middle = admin.get("/api/v2/events", {"limit": 100}).json()["cursor"]
        for _ in range(stored // 200):
            middle = admin.get("/api/v2/events", {"limit": 100, "after": middle}).json()["cursor"]
        print(f"\n{'read':56} {'p50 ms':>8} {'p99 ms':>8}")
        _line("admin, first page, limit 100", _time(admin, "/api/v2/events", {"limit": 100},
                                                    args.repeat))
        _line("admin, a page mid-log, limit 100",
              _time(admin, "/api/v2/events", {"limit": 100, "after": middle}, args.repeat))
        _line("admin, stream_type=group (nothing shown, full scan)",
              _time(admin, "/api/v2/events", {"limit": 100, "stream_type": "group"},
                    args.repeat))
        _line("restricted agent (1 ticket in 500), limit 100",
              _time(restricted_api, "/api/v2/events", {"limit": 100}, args.repeat))
        ctx = MessageContext(actor_id=restricted, actor_type="agent", via="api")
        _line("stream poll, caught up, fresh connection (restricted)",
              _poll_ms(ctx, args.repeat))
        events, pages, seconds = _walk(admin)
        print(f"\nadmin walks the whole feed: {events:,} events in {pages:,} pages, "
              f"{seconds:.1f} s ({events / seconds:,.0f} events/s)")
        events, pages, seconds = _walk(restricted_api)
        print(f"restricted agent walks it: {events:,} events shown in {pages:,} pages, "
              f"{seconds:.1f} s")
    finally:
        setup.drop_redis_keys(setup.redis_url(), keys["CACHE_KEY_PREFIX"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
