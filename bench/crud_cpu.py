"""Where a create's CPU goes: web, worker, PostgreSQL and Redis, for ShopNest and plain CRUD.

Starts the services of crud_bench.py (two gunicorns, a Celery worker and beat), warms them
up, then runs the wrk create load on each server in turn (alternating, `--repeat` times) and
prints the CPU seconds every group of processes spent per successful create, read from
/proc before and after the load. With `--py-spy DIR` it also records a GIL profile of the
measured server's workers and of the Celery worker (py-spy raw format, one file a process).

    .venv/bin/python bench/crud_cpu.py --seconds 15 --repeat 2
    PROJECTION_LINGER_SECONDS=0 .venv/bin/python bench/crud_cpu.py   # runs that never linger

Needs what crud_bench.py needs (PostgreSQL, Redis, wrk); the figures are only comparable
within one run: the machine's other tenants change its speed from minute to minute.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import crud_bench as bench
from lib import setup
from lib.services import ServiceGroup

GROUPS = ("gunicorn", "celery worker", "celery beat", "postgres", "redis-server")
TICKS = os.sysconf("SC_CLK_TCK")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each load")
    parser.add_argument("--repeat", type=int, default=2, help="alternating repetitions")
    parser.add_argument("--py-spy", type=Path, default=None, metavar="DIR",
                        help="also record GIL profiles of ShopNest's first load into DIR")
    return parser.parse_args(argv)


def cpu_by_group() -> dict[str, float]:
    """CPU seconds (user + system) of every live process, summed by GROUPS."""
    totals = dict.fromkeys(GROUPS, 0.0)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        group = next((g for g in GROUPS if all(w in cmdline for w in g.split())), None)
        if group is not None:
            totals[group] += (int(stat[11]) + int(stat[12])) / TICKS
    return totals


def children_of(marker: str) -> list[int]:
    """Pids of the processes whose command line holds `marker`, and of their children."""
    found = subprocess.run(["pgrep", "-f", "--", marker], capture_output=True, text=True).stdout
    pids = [int(p) for p in found.split()]
    kids = subprocess.run(["pgrep", "-P", ",".join(map(str, pids))], capture_output=True,
                          text=True).stdout if pids else ""
    return pids + [int(p) for p in kids.split()]


def measure(desk: bench.Desk, server: str, path: str, spy: Path | None,
            spied: list[int]) -> tuple[float, dict[str, float]]:
    spies = [subprocess.Popen(["py-spy", "record", "--pid", str(pid), "--gil", "--format",
                               "raw", "--rate", "200", "--duration",
                               str(int(desk.args.seconds)), "-o", str(spy / f"{server}-{pid}.txt")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for pid in spied] if spy else []
    before = cpu_by_group()
    run = desk.wrk(server, "create", server, desk.writer, WRK_PATH=path)
    after = cpu_by_group()
    for process in spies:
        process.wait()
    creates = run.ok_per_s * desk.args.seconds
    return run.ok_per_s, {g: 1000 * (after[g] - before[g]) / creates for g in GROUPS}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    shared = bench.parse_args(["--seconds", str(args.seconds)])
    tmp = Path(tempfile.mkdtemp(prefix="shopnest-crud-cpu-"))
    db_url = os.environ.get("BENCH_CRUD_DATABASE_URL", bench.DEFAULT_DATABASE_URL)
    redis_url, keys = setup.redis_url(), setup.key_space()
    ports = {"shopnest": setup.free_port(), "crud": setup.free_port()}
    commands = bench.service_commands(shared, ports, keys["CELERY_QUEUE"], tmp)
    setup.recreate_database(db_url)
    env = setup.service_env(db_url, redis_url, keys)
    env.update(DJANGO_SETTINGS_MODULE="crud_baseline.settings",
               PYTHONPATH=os.pathsep.join([str(bench.ROOT / "bench"), str(bench.ROOT)]))
    try:
        setup.manage(bench.ROOT, env, "migrate", "--noinput", "--run-syncdb")
        writer, reader = setup.create_agents(bench.ROOT, env, [
            ("bench-writer@shopnest.example", "Bench Writer"),
            ("bench-reader@shopnest.example", "Bench Reader")])
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        desk = bench.Desk(shared, db_url, urls, writer, reader)
        with ServiceGroup(bench.ROOT, env, tmp) as services:
            for name, argv_ in commands.items():
                services.start(name, argv_)
            for url in urls.values():
                services.wait_http(url + bench.TICKETS)
            bench._wait_key_accepted(desk)
            bench.open_tickets(desk)
            desk.drain()
            if args.py_spy:
                args.py_spy.mkdir(parents=True, exist_ok=True)
            spied = [*children_of(f"127.0.0.1:{ports['shopnest']}"),
                     *children_of(f"-Q {keys['CELERY_QUEUE']}")]
            print(f"{'load':10} {'rep':>3} {'creates/s':>10}  CPU ms per create: "
                  + "  ".join(f"{g:>13}" for g in GROUPS))
            for rep in range(args.repeat):
                order = [("shopnest", bench.TICKETS), ("crud", bench.CRUD_TICKETS)]
                for server, path in order if rep % 2 == 0 else order[::-1]:
                    spy = args.py_spy if server == "shopnest" and rep == 0 else None
                    rate, per_create = measure(desk, server, path, spy, spied)
                    desk.drain()
                    print(f"{server:10} {rep + 1:>3} {rate:>10.1f}  {'':19}"
                          + "  ".join(f"{per_create[g]:>13.2f}" for g in GROUPS), flush=True)
    finally:
        setup.drop_redis_keys(redis_url, keys["CACHE_KEY_PREFIX"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
