"""Commands bench: start ShopNest for real (gunicorn, Celery worker and beat) and measure it.

Measures ticket creation and replies over HTTP (throughput, latency, errors) and how long the
projections take to show each write in the read tables, beside two cheap baselines measured in
the same run. See bench/README.md for how to read the figures.

    cd /work/main && .venv/bin/python bench/commands_bench.py [--clients 8] [--seconds 20] ...
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import signal
import sys
import tempfile
import time
from pathlib import Path

from lib import report, scenario, setup
from lib.services import ServiceGroup
from lib.visibility import VisibilityPoller

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's gunicorn and celery sit beside its python
RESULTS = ROOT / "bench" / "results"  # git-ignored
STAMP = time.strftime("%Y%m%d-%H%M%S")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--clients", type=int, default=8, help="concurrent client threads (default 8)")
    add("--seconds", type=float, default=20.0, help="length of each command phase (default 20)")
    add("--baseline-seconds", type=float, default=5.0, help="length of each baseline (default 5)")
    add("--max-requests", type=int, default=100_000, help="request cap per phase")
    add("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    add("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
    add("--celery-concurrency", type=int, default=2, help="Celery worker processes (default 2)")
    add("--hot-share", type=float, default=0.25,
        help="share of replies sent to one hot ticket, to collide (default 0.25)")
    add("--poll-ms", type=float, default=5.0, help="read-table poll interval (default 5 ms)")
    add("--drain-seconds", type=float, default=15.0,
        help="how long to wait for the last writes to become visible (default 15)")
    add("--json", action="store_true", help="also write the figures to bench/results/")
    add("--keep-logs", action="store_true",
        help="copy the web, worker and beat logs to bench/results/logs-<time>/ "
             "(always done when they hold errors)")
    return parser.parse_args(argv)




def service_commands(args: argparse.Namespace, port: int, queue: str, tmp: Path) -> dict:
    return {
        "web": [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", str(args.workers), "--threads", str(args.threads),
                # gunicorn 27's control socket defaults to one path per user
                # (~/.gunicorn/gunicorn.ctl), shared with any other gunicorn on the machine.
                "--no-control-socket"],
        # No gossip/mingle/heartbeat: this worker must not talk to any other worker on Redis.
        "worker": [str(BIN / "celery"), "-A", "config", "worker", "--concurrency",
                   str(args.celery_concurrency), "-Q", queue, "--loglevel", "WARNING",
                   "--without-gossip", "--without-mingle", "--without-heartbeat"],
        "beat": [str(BIN / "celery"), "-A", "config", "beat", "--loglevel", "WARNING",
                 "--schedule", str(tmp / "celerybeat-schedule")],
    }


def print_header(args: argparse.Namespace, db_name: str, keys: dict, commands: dict) -> dict:
    info = {
        "cores": os.cpu_count(),
        "machine": f"{platform.system()} {platform.release()} {platform.machine()}, "
                   f"Python {platform.python_version()}",
        "command": shlex.join([sys.executable, *sys.argv]),
        "config": {k: v for k, v in vars(args).items() if k != "json"},
        "database": db_name,
        "redis_prefix": keys["CACHE_KEY_PREFIX"],
        "services": {name: shlex.join(argv) for name, argv in commands.items()},
    }
    print("ShopNest commands bench")
    print(f"machine:  {info['cores']} cores (os.cpu_count()), {info['machine']}")
    print(f"command:  {info['command']}")
    print("config:   " + " ".join(f"{k}={v}" for k, v in info["config"].items()))
    print(f"isolated: database {db_name}, Redis prefix/queue {keys['CELERY_QUEUE']}")
    for name, line in info["services"].items():
        print(f"{name + ':':9} {line}")
    print("note:     load generator, poller, server, worker and PostgreSQL share these cores")
    return info


def run(args: argparse.Namespace, tmp: Path) -> tuple[dict, scenario.Outcome]:
    db_url, redis_url, keys = setup.database_url(), setup.redis_url(), setup.key_space()
    port = setup.free_port()
    commands = service_commands(args, port, keys["CELERY_QUEUE"], tmp)
    db_name = setup.recreate_database(db_url)
    info = print_header(args, db_name, keys, commands)
    env = setup.service_env(db_url, redis_url, keys)
    try:
        started = time.monotonic()
        setup.manage(ROOT, env, "migrate", "--noinput")
        writer, reader = setup.create_agents(ROOT, env, [
            ("bench-writer@shopnest.example", "Bench Writer"),
            ("bench-reader@shopnest.example", "Bench Reader")])
        print(f"setup:    database migrated, two agents created in "
              f"{time.monotonic() - started:.1f} s")
        opts = scenario.Options(
            base_url=f"http://127.0.0.1:{port}", writer=(writer, "X"), reader=(reader, "X"),
            clients=args.clients, seconds=args.seconds, baseline_seconds=args.baseline_seconds,
            max_requests=args.max_requests, hot_share=args.hot_share,
            drain_seconds=args.drain_seconds, database_url=db_url)
        outcome = with_services(args, opts, env, commands, tmp)
    finally:
        setup.drop_redis_keys(redis_url, keys["CACHE_KEY_PREFIX"])
    return info, outcome


def with_services(args: argparse.Namespace, opts: scenario.Options, env: dict[str, str],
                  commands: dict, tmp: Path) -> scenario.Outcome:
    """Start web, worker and beat, run every phase, and stop them whatever happens."""
    outcome = scenario.Outcome()
    poller = VisibilityPoller(opts.database_url, interval=args.poll_ms / 1000)
    with ServiceGroup(ROOT, env, tmp) as services:
        for name, argv in commands.items():
            services.start(name, argv)
        services.wait_http(f"{opts.base_url}/api/v2/tickets")
        poller.start()
        try:
            scenario.warm_up(opts, poller)
            services.check_alive()
            print("running:  baselines, then create, then reply phases ...", flush=True)
            scenario.baselines(opts, outcome)
            created = scenario.create_tickets(opts, poller, outcome)
            if not created.ids:
                raise RuntimeError("no ticket was created: the reply phase has no target")
            scenario.reply_to_tickets(opts, poller, created, outcome)
            services.check_alive()
        finally:
            poller.stop()
        print("stopping: web, worker and beat ...", flush=True)
    outcome.notes["log_problems"] = services.log_problems()
    if args.keep_logs or any(outcome.notes["log_problems"].values()):  # keep evidence
        outcome.notes["logs"] = str(services.keep_logs(RESULTS / f"logs-{STAMP}"))
    outcome.notes["poller_queries"] = poller.polls
    return outcome


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, setup.interrupt)
    try:
        with tempfile.TemporaryDirectory(prefix="shopnest-bench-") as tmp:
            info, outcome = run(args, Path(tmp))
    except KeyboardInterrupt:
        print("\ninterrupted: every child process was stopped", file=sys.stderr)
        return 130
    except RuntimeError as exc:  # a service failed; its log tail is in the message
        print(f"\nbench failed: {exc}", file=sys.stderr)
        return 1
    report.print_results(outcome)
    if args.json:
        results = {**info, "phases": outcome.phases, "lags": outcome.lags,
                   "notes": outcome.notes, "ratios": report.ratios_of(outcome.phases)}
        path = report.save_json(results, RESULTS, STAMP)
        print(f"figures written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
