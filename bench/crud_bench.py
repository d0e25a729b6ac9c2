"""ShopNest's write path beside plain CRUD: the same requests, the same stack, one run.

Starts two gunicorns of the same project and settings (2 sync workers each): one serves
ShopNest's API, the other the same plus `bench/crud_baseline`, a DRF ModelViewSet writing the
fields of a new ticket into an ordinary table behind the same middleware and API-key
authentication. A Celery worker and beat project ShopNest's events throughout. wrk (a load
generator in its own process) drives each phase with the same connections and seconds, and the
phases alternate, ShopNest and baseline, `--repeat` times; the ratios are paired within a
repetition. See bench/README.md.

    cd /work/main && .venv/bin/python bench/crud_bench.py [--seconds 15] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg
from lib import report, setup, wrk
from lib.load import Call
from lib.paced import run_paced
from lib.services import ServiceGroup
from lib.visibility import VisibilityPoller
from lib.workload import customer_pool, ticket_payload

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
TICKETS = "/api/v2/tickets"
CRUD_TICKETS = "/crud/tickets"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/shopnest_bench_crud"

# The targets: (label, what is compared, least ratio).
TARGETS = (
    ("create", "POST /tickets ÷ CRUD create", 0.8),
    ("reply", "POST /tickets/{id}/reply ÷ CRUD create", 0.7),
    ("list", "GET /tickets ÷ CRUD list", 0.9),
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--seconds", type=float, default=15.0, help="length of each wrk phase (default 15)")
    add("--repeat", type=int, default=3, help="alternating repetitions (default 3)")
    add("--connections", type=int, default=8, help="wrk connections (default 8)")
    add("--wrk-threads", type=int, default=2, help="wrk threads (default 2)")
    add("--workers", type=int, default=2, help="gunicorn sync workers per server (default 2)")
    add("--celery-concurrency", type=int, default=2, help="Celery worker processes (default 2)")
    add("--partitions", type=int, default=None,
        help="PROJECTION_PARTITIONS of the services (default: the settings' own)")
    add("--page-size", type=int, default=30, help="per_page of both lists (default 30)")
    add("--long-events", type=int, default=1000,
        help="events in each long ticket of the reply-cost phase (default 1000)")
    add("--long-tickets", type=int, default=16, help="how many long tickets (default 16)")
    add("--lag-share", type=float, default=0.5,
        help="lag phase rate as a share of the measured create rate (default 0.5)")
    add("--lag-seconds", type=float, default=15.0, help="length of the lag phase (default 15)")
    add("--poll-ms", type=float, default=1.0, help="read-table poll interval (default 1 ms)")
    add("--json", action="store_true", help="also write the figures to bench/results/")
    return parser.parse_args(argv)




def service_commands(args, ports: dict[str, int], queue: str, tmp: Path) -> dict:
    def web(port: int) -> list[str]:
        return [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", str(args.workers), "--worker-class", "sync",
                "--no-control-socket"]
    return {
        "web-shopnest": web(ports["shopnest"]),
        "web-crud": web(ports["crud"]),
        "worker": [str(BIN / "celery"), "-A", "config", "worker", "--concurrency",
                   str(args.celery_concurrency), "-Q", queue, "--loglevel", "WARNING",
                   "--without-gossip", "--without-mingle", "--without-heartbeat"],
        "beat": [str(BIN / "celery"), "-A", "config", "beat", "--loglevel", "WARNING",
                 "--schedule", str(tmp / "celerybeat-schedule")],
    }


class Desk:
    """What the bench knows of the desk: its database and the two servers."""

    def __init__(self, args, db_url: str, urls: dict[str, str], writer: str, reader: str):
        self.args, self.db_url, self.urls = args, db_url, urls
        self.writer, self.reader = writer, reader

    def wrk(self, name: str, script: str, server: str, key: str, **env: str) -> wrk.WrkRun:
        return wrk.run(name, script, self.urls[server], seconds=self.args.seconds,
                       connections=self.args.connections, threads=self.args.wrk_threads,
                       env={"WRK_AUTH": wrk.basic_auth(key), **env})

    def caught_up(self) -> bool:
        """Every ticket and every reply is in the read tables."""
        with psycopg.connect(self.db_url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT (SELECT count(*) FROM es_streams WHERE stream_type = 'ticket'), "
                "(SELECT count(*) FROM tickets_ticket_view), "
                "(SELECT count(*) FROM es_events WHERE type IN ('ReplyAdded', 'NoteAdded')), "
                "(SELECT count(*) FROM tickets_conversation_view)").fetchone()
        return row[0] == row[1] and row[2] == row[3]

    def drain(self, timeout: float = 120.0) -> float:
        """Wait until the projections have every write; return how long that took."""
        started = time.monotonic()
        while not self.caught_up():
            if time.monotonic() - started > timeout:
                raise RuntimeError(f"the projections did not catch up within {timeout:.0f} s")
            time.sleep(0.05)
        return time.monotonic() - started


def open_tickets(desk: Desk) -> list[int]:
    """One ticket per customer of the pool (each creates its contact): the reply targets."""
    pool = customer_pool(200)

    def create(customer: tuple[str, str]) -> int:
        name, email = customer
        body = {"email": email, "name": name, "subject": "Where is my order?",
                "description": "<p>It has not arrived.</p>", "status": 2, "priority": 1}
        answer = httpx.post(desk.urls["shopnest"] + TICKETS, json=body,
                            auth=(desk.writer, "X"), timeout=30)
        if answer.status_code != 201:
            raise RuntimeError(f"warm-up create: {answer.status_code} {answer.text[:300]}")
        return answer.json()["id"]

    with ThreadPoolExecutor(max_workers=8) as pool_threads:
        return list(pool_threads.map(create, pool))


def long_tickets(desk: Desk, env: dict[str, str]) -> list[int]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "lib" / "long_tickets.py"),
         str(desk.args.long_tickets), str(desk.args.long_events)],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"long tickets: {done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def repetition(desk: Desk, rep: int, fresh: list[int], long: list[int]) -> dict[str, wrk.WrkRun]:
    """One repetition of every phase; ShopNest first on even repetitions, baseline first on odd
    ones, so neither always runs on a machine the other has just warmed (or loaded)."""
    runs: dict[str, wrk.WrkRun] = {}
    list_query = f"?per_page={desk.args.page_size}"

    def shop_create():
        runs["create"] = desk.wrk("create", "create", "shopnest", desk.writer, WRK_PATH=TICKETS)
        desk.drain()

    def crud_create():
        runs["crud_create"] = desk.wrk("crud create", "create", "crud", desk.writer,
                                       WRK_PATH=CRUD_TICKETS)

    def shop_list():
        runs["list"] = desk.wrk("list", "get", "shopnest", desk.reader,
                                WRK_PATH=TICKETS + list_query)

    def crud_list():
        runs["crud_list"] = desk.wrk("crud list", "get", "crud", desk.reader,
                                     WRK_PATH=CRUD_TICKETS + list_query)

    pairs = [(shop_create, crud_create), (shop_list, crud_list)]
    for first, second in pairs:
        for phase in ((first, second) if rep % 2 == 0 else (second, first)):
            phase()
    ids = ",".join(map(str, fresh))
    runs["reply"] = desk.wrk("reply (new tickets)", "reply", "shopnest", desk.writer,
                             WRK_TICKETS=ids)
    desk.drain()
    runs["reply_long"] = desk.wrk(f"reply ({desk.args.long_events}-event tickets)", "reply",
                                  "shopnest", desk.writer, WRK_TICKETS=",".join(map(str, long)))
    desk.drain()
    runs["reply_hot"] = desk.wrk("reply (one hot ticket)", "reply", "shopnest", desk.writer,
                                 WRK_TICKETS=str(fresh[rep % len(fresh)]))
    desk.drain()
    return runs


def measure_lag(desk: Desk, rate: float) -> dict:
    """Creates at `rate` per second (open loop); how long each takes to reach the list."""
    poller = VisibilityPoller(desk.db_url, interval=desk.args.poll_ms / 1000)
    poller.start()
    pool = customer_pool(200)

    def on_success(call, response, done_at):
        poller.expect("ticket", response.json()["id"], done_at)

    try:
        since = time.time()
        result = run_paced("lag", base_url=desk.urls["shopnest"], auth=(desk.writer, "X"),
                           rate=rate, seconds=desk.args.lag_seconds, clients=8,
                           next_call=lambda rng: Call("create", "POST", TICKETS,
                                                      ticket_payload(rng, pool)),
                           on_success=on_success, seed=7)
        poller.wait_drained("ticket", 30.0)
        seen, unseen = poller.take("ticket")
    finally:
        poller.stop()
    figures = report.lag_figures("ticket", seen, unseen, 30.0, max(1.0, desk.args.lag_seconds / 3))
    figures["oldest_foreign_tx_s"] = poller.oldest_foreign_tx(since)
    figures["rate"] = rate
    figures["sent_per_s"] = len(result.samples) / result.elapsed
    figures["errors"] = sum(1 for s in result.samples if not s.ok)
    return figures


def print_runs(reps: list[dict[str, wrk.WrkRun]]) -> None:
    print(f"\n{'phase':34} {'rep':>3} {'ok/s':>8} {'errors':>6} {'p50 ms':>8} {'p90 ms':>8} "
          f"{'p99 ms':>8} {'max ms':>8}")
    for key in reps[0]:
        for index, runs in enumerate(reps, 1):
            r = runs[key]
            print(f"{r.name:34} {index:>3} {r.ok_per_s:8.1f} {r.errors:6d} {r.p50:8.1f} "
                  f"{r.p90:8.1f} {r.p99:8.1f} {r.max:8.1f}")


def ratios(reps: list[dict[str, wrk.WrkRun]]) -> dict[str, dict]:
    """Paired ratios within each repetition, and their median."""
    def pair(key: str, base: str, measure) -> dict:
        values = [measure(runs[key]) / measure(runs[base]) for runs in reps]
        return {"each": values, "median": statistics.median(values)}
    ok = lambda run: run.ok_per_s  # noqa: E731
    p99 = lambda run: run.p99  # noqa: E731
    p50 = lambda run: run.p50  # noqa: E731
    return {
        "create": pair("create", "crud_create", ok),
        "create_p99": pair("create", "crud_create", p99),
        "reply": pair("reply", "crud_create", ok),
        "list": pair("list", "crud_list", ok),
        "reply_long_cost": pair("reply_long", "reply", lambda run: 1 / run.ok_per_s),
        "reply_long_p50": pair("reply_long", "reply", p50),
    }


def print_verdict(found: dict, reps: list[dict[str, wrk.WrkRun]], lag: dict) -> None:
    def each(key):
        return " ".join(f"{v:.2f}" for v in found[key]["each"])
    print("\nratios (paired within a repetition; median of the repetitions):")
    for key, label, least in TARGETS:
        median = found[key]["median"]
        print(f"  {label:44} {each(key):>20}  median {median:.2f}  target ≥ {least}  "
              f"{'met' if median >= least else 'NOT met'}")
    median = found["create_p99"]["median"]
    print(f"  {'create p99 ÷ CRUD create p99':44} {each('create_p99'):>20}  median {median:.2f}"
          f"  target ≤ 1.5  {'met' if median <= 1.5 else 'NOT met'}")
    median = found["reply_long_cost"]["median"]
    print(f"  {'reply to long ticket ÷ reply to new (1/tput)':44} {each('reply_long_cost'):>20}"
          f"  median {median:.2f}  target ≤ 1.3  {'met' if median <= 1.3 else 'NOT met'}")
    print(f"  {'reply to long ticket ÷ reply to new (p50)':44} {each('reply_long_p50'):>20}"
          f"  median {statistics.median(found['reply_long_p50']['each']):.2f}")
    hot = [runs["reply_hot"] for runs in reps]
    worst = max(r.p99 for r in hot)
    errors = sum(r.errors for r in hot)
    print(f"  {'one hot ticket: errors, worst p99':44} {errors:>8} errors, p99 "
          f"{' '.join(f'{r.p99:.0f}' for r in hot)} ms  target 0 errors, p99 < 250  "
          f"{'met' if errors == 0 and worst < 250 else 'NOT met'}")
    for name in ("response_to_visible_ms", "recorded_to_visible_ms"):
        s = lag.get(name) or {}
        if s:
            verdict = "met" if s["p50"] < 15 and s["p99"] < 100 else "NOT met"
            print(f"  lag at {lag['rate']:.0f}/s ({name}): p50 {s['p50']:.1f} p99 "
                  f"{s['p99']:.1f} max {s['max']:.1f} ms  target p50 < 15, p99 < 100  {verdict}")
    print(f"  lag phase: sent {lag['sent_per_s']:.1f}/s, {lag['errors']} errors, "
          f"{lag['unseen_after_wait']} unseen, oldest foreign tx {lag['oldest_foreign_tx_s']:.2f} s")


def run(args: argparse.Namespace, tmp: Path) -> dict:
    db_url = os.environ.get("BENCH_CRUD_DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url, keys = setup.redis_url(), setup.key_space()
    ports = {"shopnest": setup.free_port(), "crud": setup.free_port()}
    commands = service_commands(args, ports, keys["CELERY_QUEUE"], tmp)
    db_name = setup.recreate_database(db_url)
    env = setup.service_env(db_url, redis_url, keys)
    env.update(DJANGO_SETTINGS_MODULE="crud_baseline.settings",
               PYTHONPATH=os.pathsep.join([str(ROOT / "bench"), str(ROOT)]))
    if args.partitions is not None:
        env["PROJECTION_PARTITIONS"] = str(args.partitions)
    print("ShopNest write path against plain CRUD")
    print(f"machine:  {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}")
    print(f"command:  {shlex.join([sys.executable, *sys.argv])}")
    print("config:   " + " ".join(f"{k}={v}" for k, v in vars(args).items()))
    print(f"isolated: database {db_name}, Redis prefix/queue {keys['CELERY_QUEUE']}")
    for name, argv in commands.items():
        print(f"{name + ':':13} {shlex.join(argv)}")
    try:
        setup.manage(ROOT, env, "migrate", "--noinput", "--run-syncdb")
        writer, reader = setup.create_agents(ROOT, env, [
            ("bench-writer@shopnest.example", "Bench Writer"),
            ("bench-reader@shopnest.example", "Bench Reader")])
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        desk = Desk(args, db_url, urls, writer, reader)
        with ServiceGroup(ROOT, env, tmp) as services:
            for name, argv in commands.items():
                services.start(name, argv)
            for url in urls.values():
                services.wait_http(url + TICKETS)
            _wait_key_accepted(desk)
            print("warm-up:  a ticket for each of 200 customers, long tickets, a pass of "
                  "each phase ...", flush=True)
            fresh = open_tickets(desk)
            long = long_tickets(desk, env)
            desk.drain()
            warm = argparse.Namespace(**{**vars(args), "seconds": 3})
            repetition(Desk(warm, db_url, urls, writer, reader), 1, fresh, long)
            reps = []
            for rep in range(args.repeat):
                print(f"running:  repetition {rep + 1} of {args.repeat} ...", flush=True)
                reps.append(repetition(desk, rep, fresh, long))
                services.check_alive()
            rate = statistics.median(r["create"].ok_per_s for r in reps) * args.lag_share
            print(f"running:  lag at {rate:.0f} creates/s ...", flush=True)
            lag = measure_lag(desk, rate)
            services.check_alive()
        problems = services.log_problems()
        if any(problems.values()):  # keep the evidence
            print(f"service logs kept in {services.keep_logs(RESULTS / time.strftime('logs-crud-%Y%m%d-%H%M%S'))}")
    finally:
        setup.drop_redis_keys(redis_url, keys["CACHE_KEY_PREFIX"])
    print_runs(reps)
    found = ratios(reps)
    print_verdict(found, reps, lag)
    print(f"service logs: {problems}")
    return {"command": shlex.join([sys.executable, *sys.argv]), "config": vars(args),
            "runs": [{k: r.as_dict() for k, r in runs.items()} for runs in reps],
            "ratios": found, "lag": lag, "log_problems": problems}


def _wait_key_accepted(desk: Desk, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    for key in (desk.writer, desk.reader):
        while httpx.get(desk.urls["shopnest"] + TICKETS + "?per_page=1", auth=(key, "X"),
                        timeout=10).status_code != 200:
            if time.monotonic() > deadline:
                raise RuntimeError("an agent's key is still refused: was it projected?")
            time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, setup.interrupt)
    try:
        with tempfile.TemporaryDirectory(prefix="shopnest-crud-bench-") as tmp:
            results = run(args, Path(tmp))
    except KeyboardInterrupt:
        print("\ninterrupted: every child process was stopped", file=sys.stderr)
        return 130
    except RuntimeError as exc:
        print(f"\nbench failed: {exc}", file=sys.stderr)
        return 1
    if args.json:
        path = report.save_json(results, RESULTS, time.strftime("crud-%Y%m%d-%H%M%S"))
        print(f"figures written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
