"""Rebuild a projection without downtime (blue/green), and switch back.

1. *Build*: empty copies of the projection's tables (`CREATE TABLE … (LIKE … INCLUDING ALL)`)
   in a schema of their own, `shopnest_next_<name>`. The projection's own runner fills them
   from position zero in large batches, as build "next" of each partition: checkpoints and
   locks of its own, its SQL pointed at the copies by `search_path` (the tables keep their
   names, so the projection's code needs no change). The live tables keep serving and the
   live runners keep projecting meanwhile. With `workers` above 1, that many processes
   (`manage.py projections build NAME`, started here) share the partitions as Celery
   workers share the live ones: each keeps a partition while it has a backlog, and skips
   one another holds.
2. *Switch*, in one short transaction: hold every live partition's locks (the live runners
   wait), bring the copies up to the horizon, then move the live tables to
   `shopnest_previous_<name>` and the copies into `public`, and hand the copies' checkpoints
   to the live partitions. Readers find the new tables under the same names at once; the
   move needs each table's exclusive lock only for the moment of the rename (a lock timeout
   makes the switch give up and try again rather than queue readers behind a long query).
3. *Rollback* (`--rollback`) switches the previous tables back in the same way, with their
   checkpoints: they resume from where they were switched out, so the live runners bring them
   up to date (they show the desk as of the switch until then).

Tables another table references by foreign key cannot move (the reference would follow the
table to the old schema), so such projections are refused. Side-effecting reactors are not
projections and are never rebuilt.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.db import OperationalError, connection, transaction
from psycopg import sql

from shopnest.projections import registry, runner
from shopnest.projections.base import Projection
from shopnest.projections.partitions import Partition, partitions_of

NEXT = "next"
PREVIOUS = "previous"
SWITCH_LOCK_TIMEOUT = "5s"
SWITCH_ATTEMPTS = 5
BUSY_PAUSE = 0.05  # seconds between looks at partitions other build processes hold

Progress = Callable[[int], None]


class RebuildRefused(Exception):
    """The projection cannot be rebuilt in place (the reason is the message)."""


@dataclass(frozen=True)
class RebuildReport:
    projection: str
    events: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def schema_of(name: str, build: str) -> str:
    return f"shopnest_{build}_{name}".replace("-", "_")


def events_to_apply(projection: Projection) -> int:
    """How many stored events the projection handles (a rebuild's total, for progress)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM es_events WHERE type = ANY(%s)",
                       [list(projection.event_types)])
        return cursor.fetchone()[0]


def rebuild(name: str, *, progress: Progress = lambda n: None,
            batch_size: int | None = None, workers: int = 1) -> RebuildReport:
    """Build the projection's tables afresh beside the live ones (in `workers` processes,
    this one among them), then switch reads over."""
    projection = registry.get(name)
    _refuse_referenced_tables(projection)
    fresh = type(projection)()  # nothing remembered from the live runner's batches
    started = time.monotonic()
    _prepare(projection)
    helpers = [_start_builder(name, batch_size) for _ in range(max(1, workers) - 1)]
    try:
        applied = build_next(fresh, batch_size, progress)
    finally:
        applied_by_helpers = sum(_finish_builder(helper) for helper in helpers)
    applied += applied_by_helpers
    applied += _switch(projection, fresh, batch_size, progress)
    return RebuildReport(name, applied, time.monotonic() - started)


def _start_builder(name: str, batch_size: int | None) -> subprocess.Popen:
    """Start one more process building the next tables, on this process's database."""
    env = {**os.environ, "DATABASE_URL": _database_url()}
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "projections", "build",
               name, *(["--batch", str(batch_size)] if batch_size else [])]
    # Its log goes where this process's goes: a pipe nobody reads until the build ends would
    # fill, stop the helper mid-batch, and leave its partition busy for good.
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)


def _database_url() -> str:
    """This connection's database as a URL (a test runs on a database of its own)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


def _finish_builder(helper: subprocess.Popen) -> int:
    """Wait for a builder process; return the events it applied (its last line says)."""
    out, _ = helper.communicate()
    if helper.returncode != 0:
        raise RebuildRefused(f"a build process failed (exit {helper.returncode}): see its "
                             "log above")
    return int(out.split()[-1])


def rollback(name: str) -> None:
    """Switch the tables the last rebuild replaced back in, with their checkpoints."""
    projection = registry.get(name)
    previous = schema_of(name, PREVIOUS)
    if not _schema_exists(previous):
        raise RebuildRefused(f"{name} has no previous tables to switch back to")
    for attempt in range(SWITCH_ATTEMPTS):
        try:
            with transaction.atomic():
                _lock_live(projection)
                _exchange(projection, previous, PREVIOUS)
            return
        except OperationalError:  # a lock timeout: readers held a table; try again
            if attempt == SWITCH_ATTEMPTS - 1:
                raise


def _refuse_referenced_tables(projection: Projection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text "
            "FROM pg_constraint c WHERE c.contype = 'f' "
            "AND c.confrelid = ANY(SELECT to_regclass(t) FROM unnest(%s::text[]) t) "
            "AND NOT c.conrelid = ANY(SELECT to_regclass(t) FROM unnest(%s::text[]) t)",
            [list(projection.tables), list(projection.tables)])
        referenced = cursor.fetchall()
    if referenced:
        names = ", ".join(f"{src} → {dst}" for src, dst in referenced)
        raise RebuildRefused(f"{projection.name}: other tables reference its tables ({names})")


def rebuilding(name: str) -> bool:
    """Whether a rebuild of the projection has next tables (it is under way)."""
    return _schema_exists(schema_of(name, NEXT))


def _schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = %s)", [schema])
        return cursor.fetchone()[0]


def _prepare(projection: Projection) -> None:
    """Empty copies of the live tables in the next schema; no checkpoint of an earlier,
    unfinished build survives."""
    schema = sql.Identifier(schema_of(projection.name, NEXT))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(schema))
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(schema))
        for table in projection.tables:
            cursor.execute(sql.SQL("CREATE TABLE {}.{} (LIKE public.{} INCLUDING ALL)").format(
                schema, sql.Identifier(table), sql.Identifier(table)))
        cursor.execute("DELETE FROM shopnest_projection_state WHERE projection = %s",
                       [f"{projection.name}@{NEXT}"])


@contextmanager
def _tables_of(schema: str) -> Iterator[None]:
    """Point this session's unqualified table names at `schema` first (the event store and
    the checkpoints stay in public, found next)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('search_path')")
        (before,) = cursor.fetchone()
        cursor.execute("SELECT set_config('search_path', %s, %s)",
                       [f'"{schema}", public', connection.in_atomic_block])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('search_path', %s, %s)",
                           [before, connection.in_atomic_block])


def build_next(fresh: Projection, batch_size: int | None = None,
               progress: Progress = lambda n: None) -> int:
    """Run every next-build partition until it has nothing left to read; return the events
    applied. A partition another process holds is skipped and looked at again later, so
    several processes share the build (and each ends only once every partition is done)."""
    size = batch_size or settings.SHOPNEST_PROJECTION_REBUILD_BATCH
    applied = 0
    pending = list(partitions_of(fresh, NEXT))
    with _tables_of(schema_of(fresh.name, NEXT)):
        while pending:
            for partition in list(pending):
                while True:
                    outcome = runner.run_batch(fresh, size, partition=partition)
                    applied += outcome.applied
                    progress(outcome.applied)
                    if outcome.stalled:
                        raise RebuildRefused(f"the rebuild of {partition} failed repeatedly: "
                                             "see its checkpoint row's last error")
                    if not outcome.more:
                        break
                if not outcome.busy:
                    pending.remove(partition)
            if pending:
                time.sleep(BUSY_PAUSE)  # the rest are another process's for now
    return applied



def _lock_live(projection: Projection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{SWITCH_LOCK_TIMEOUT}'")
    for partition in partitions_of(projection):
        runner.lock_partition(partition)


def _switch(projection: Projection, fresh: Projection, batch_size: int | None,
            progress: Progress) -> int:
    for attempt in range(SWITCH_ATTEMPTS):
        try:
            with transaction.atomic():
                _lock_live(projection)
                applied = build_next(fresh, batch_size, progress)
                previous = sql.Identifier(schema_of(projection.name, PREVIOUS))
                with connection.cursor() as cursor:
                    cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(previous))
                    cursor.execute("DELETE FROM shopnest_projection_state WHERE projection = %s",
                                   [f"{projection.name}@{PREVIOUS}"])
                _exchange(projection, schema_of(projection.name, NEXT), NEXT)
                with connection.cursor() as cursor:
                    cursor.execute(sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
                        sql.Identifier(schema_of(projection.name, NEXT)), previous))
                    cursor.execute("UPDATE shopnest_projection_state SET projection = %s, "
                                   "name = replace(name, %s, %s) WHERE projection = %s",
                                   [f"{projection.name}@{PREVIOUS}", f"{projection.name}@{NEXT}",
                                    f"{projection.name}@{PREVIOUS}",
                                    f"{projection.name}@{NEXT}"])
                return applied
        except OperationalError:  # a lock timeout: readers held a table; try again
            if attempt == SWITCH_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _exchange(projection: Projection, other: str, build: str) -> None:
    """Swap the live tables with those in schema `other`, and the live partitions'
    checkpoints with the `build` partitions' (inside the caller's transaction, live locks
    held)."""
    parking = sql.Identifier(f"{other}_swap")
    other_id = sql.Identifier(other)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(parking))
        for table in projection.tables:
            t = sql.Identifier(table)
            cursor.execute(sql.SQL("ALTER TABLE public.{} SET SCHEMA {}").format(t, parking))
            cursor.execute(sql.SQL("ALTER TABLE {}.{} SET SCHEMA public").format(other_id, t))
            cursor.execute(sql.SQL("ALTER TABLE {}.{} SET SCHEMA {}").format(parking, t, other_id))
        cursor.execute(sql.SQL("DROP SCHEMA {}").format(parking))
    for live in partitions_of(projection):
        _swap_checkpoints(live, Partition(live.projection, live.index, live.count, build))


def _swap_checkpoints(live: Partition, other: Partition) -> None:
    runner.ensure_state(live)
    runner.ensure_state(other)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE shopnest_projection_state s SET tx = o.tx, position = o.position, "
            "status = o.status, failures = o.failures, last_error = o.last_error, "
            "failed_event = o.failed_event, retry_at = o.retry_at, "
            "last_event_at = o.last_event_at, updated_at = now() "
            "FROM (SELECT name, tx, position, status, failures, last_error, failed_event, "
            "      retry_at, last_event_at FROM shopnest_projection_state WHERE name = ANY(%s)) o "
            "WHERE s.name = ANY(%s) AND o.name <> s.name",
            [[live.key, other.key], [live.key, other.key]])
