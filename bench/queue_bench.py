"""How the ticket queue reads scale with the desk: API list pages and the admin queue at a
small desk (baseline) and at a large one, measured in the same run.

    .venv/bin/python bench/queue_bench.py [--tickets 50000] [--baseline 1000] [--repeat 30]

Tickets are created through the mediator (in-process, no HTTP), projected by the real
runner (the rebuild rate is reported too), then each read is timed with Django's test client
against the real PostgreSQL. Prints medians and p99 per read at both sizes and their ratio.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.lib import setup  # noqa: E402
from bench.lib.stats import percentile  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_QUEUE_DATABASE_URL",
                              "postgres://postgres@127.0.0.1:5432/shopnest_bench_queue")


def _configure() -> dict[str, str]:
    keys = setup.key_space()
    os.environ.update({"DATABASE_URL": DATABASE_URL, "REDIS_URL": setup.redis_url(),
                       "DJANGO_SETTINGS_MODULE": "config.settings",
                       "CELERY_TASK_ALWAYS_EAGER": "0", **keys})
    # The rate limits are counted but never refuse a measured call.
    os.environ.setdefault("API_RATE_LIMIT_PER_MINUTE", "1000000000")
    setup.recreate_database(DATABASE_URL)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return keys


def _create(count: int, start: int) -> float:
    """Open `count` tickets through the mediator; return commands per second."""
    import random

    from shopnest.mediator import MessageContext, mediator
    from tickets.demo.content import customer, story
    from tickets.domain.commands import CreateTicket

    rng = random.Random(start)
    ctx = MessageContext(actor_id=1, actor_type="agent", via="cli")
    began = time.perf_counter()
    for _ in range(count):
        name, email = customer(rng, 5000)
        tale = story(rng)
        mediator.send(CreateTicket(fields={
            "email": email, "name": name, "subject": tale.subject,
            "description": tale.description, "priority": tale.priority,
            "tags": list(tale.tags), "status": rng.choice([2, 2, 3, 4, 5])}), ctx)
    return count / (time.perf_counter() - began)


def _project() -> float:
    """Run the projections to the end; return events applied per second."""
    from shopnest.projections import registry, runner

    began, applied = time.perf_counter(), 0
    for projection in registry.all_projections():
        while True:
            done = runner.run_until_caught_up(projection, max_seconds=60)
            applied += done
            if done == 0:
                break
    return applied / max(time.perf_counter() - began, 1e-9)


def _reads(client, admin, email: str) -> dict[str, tuple[str, dict]]:
    return {
        "API list page 1": (client, "/api/v2/tickets", {}),
        "API list page 50 (per_page 100)": (client, "/api/v2/tickets", {"page": 50, "per_page": 100}),
        "API list by requester email": (client, "/api/v2/tickets", {"email": email}),
        "API updated_since asc": (client, "/api/v2/tickets", {"updated_since": "2000-01-01",
                                                              "order_by": "updated_at",
                                                              "order_type": "asc"}),
        "API filter=new_and_my_open": (client, "/api/v2/tickets", {"filter": "new_and_my_open"}),
        "admin queue": (admin, "/admin/tickets/ticketview/", {}),
        "admin queue, status Open": (admin, "/admin/tickets/ticketview/", {"status__exact": 2}),
        "admin search by requester": (admin, "/admin/tickets/ticketview/", {"q": email}),
    }


def _time_reads(repeat: int, email: str, key: str) -> dict[str, list[float]]:
    import base64

    from django.contrib.auth import get_user_model
    from django.test import Client

    api = Client(HTTP_AUTHORIZATION="Basic " + base64.b64encode(f"{key}:X".encode()).decode())
    admin = Client()
    admin.force_login(get_user_model().objects.get(email="bench-admin@shopnest.example"))
    out = {}
    for label, (client, path, params) in _reads(api, admin, email).items():
        samples = []
        for _ in range(repeat):
            began = time.perf_counter()
            response = client.get(path, params)
            samples.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (label, response.status_code)
        out[label] = samples
    return out


def _analyze() -> None:
    """Fresh planner statistics, as autovacuum would have after such growth."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _report(small: int, large: int, base: dict, grown: dict) -> None:
    print(f"\n{'read':38} {f'{small:,} tickets p50/p99 ms':>24} {f'{large:,} tickets p50/p99 ms':>26} {'p50 ratio':>10}")
    for label in base:
        small_ms, large_ms = sorted(base[label]), sorted(grown[label])
        b50, b99 = percentile(small_ms, 50), percentile(small_ms, 99)
        g50, g99 = percentile(large_ms, 50), percentile(large_ms, 99)
        print(f"{label:38} {b50:11.1f} / {b99:8.1f} {g50:13.1f} / {g99:8.1f} {g50 / b50:10.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=50_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print(f"command: {' '.join([sys.executable, *sys.argv])}")
    print(f"machine: {os.cpu_count()} cores; PostgreSQL database {DATABASE_URL.rsplit('/', 1)[1]}")
    keys = _configure()
    try:
        from django.core.management import call_command

        call_command("createagent", email="bench-admin@shopnest.example", name="Bench Admin",
                     api_key="bench-queue-key", admin=True, stdout=open(os.devnull, "w"))
        email = "ana.silva.0@example.com"
        rate = _create(args.baseline, 0)
        print(f"created {args.baseline:,} tickets through the mediator: {rate:,.0f} commands/s")
        print(f"projected: {_project():,.0f} events/s")
        _analyze()
        base = _time_reads(args.repeat, email, "bench-queue-key")
        rate = _create(args.tickets - args.baseline, 1)
        print(f"created {args.tickets - args.baseline:,} more: {rate:,.0f} commands/s")
        print(f"projected: {_project():,.0f} events/s (rebuild-style catch-up in batches)")
        _analyze()
        grown = _time_reads(args.repeat, email, "bench-queue-key")
        _report(args.baseline, args.tickets, base, grown)
    finally:
        setup.drop_redis_keys(setup.redis_url(), keys["CACHE_KEY_PREFIX"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
