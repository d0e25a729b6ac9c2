"""What the torture test asserts once the projectors have caught up, as lists of problems
(empty when all is well), each check against the store itself: what committed is in
`es_events`, what rolled back is not."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import connection

from shopnest.eventstore.records import Position
from shopnest.projections.partitions import partitions_of
from shopnest.projections.verify import stream_count, verify
from tests.integration.projections.ledger import BALANCES, DELIVERIES, EVENT_TYPE, balances

from .writers import Journal

SHOWN = 10  # problems listed per kind; the count says how many there were


def _rows(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def _listed(kind: str, items: list) -> list[str]:
    if not items:
        return []
    return [f"{len(items)} {kind}: {sorted(items)[:SHOWN]}"]


def last_committed() -> Position:
    rows = _rows("SELECT tx::text::bigint, position FROM es_events "
                 "ORDER BY tx DESC, position DESC LIMIT 1")
    return Position(*rows[0]) if rows else Position(0, 0)


def event_count() -> int:
    return _rows("SELECT count(*) FROM es_events")[0][0]


def ledger_events() -> dict[int, tuple[str, int, int, int]]:
    """Every committed ledger event by position: (account, version, tx, balance)."""
    rows = _rows("SELECT position, stream_id, version, tx::text::bigint, "
                 "(data->>'balance')::bigint FROM es_events WHERE type = %s", [EVENT_TYPE])
    return {position: (stream, version, tx, balance)
            for position, stream, version, tx, balance in rows}


def store_holds_what_writers_committed(journals: list[Journal],
                                       stored: dict[int, tuple]) -> list[str]:
    """The writers' own record against the store: every committed event there, exactly as
    written; no event of a rolled-back transaction; every stream a command wrote at the last
    version a committed command left it at."""
    committed = {position: (stream, version, balance)
                 for journal in journals
                 for stream, version, position, balance in journal.ledger_events}
    in_store = {position: (stream, version, balance)
                for position, (stream, version, _, balance) in stored.items()}
    problems = _listed("committed ledger events missing from the store",
                       [p for p in committed if p not in in_store])
    problems += _listed("ledger events in the store no writer committed",
                        [p for p in in_store if p not in committed])
    problems += _listed("ledger events stored other than written",
                        [p for p in committed if p in in_store and in_store[p] != committed[p]])
    rolled_back = [p for journal in journals for p in journal.rolled_back_positions]
    present = {p for (p,) in _rows("SELECT position FROM es_events WHERE position = ANY(%s)",
                                   [rolled_back])}
    problems += _listed("events of rolled-back transactions in the store", list(present))
    last: dict[str, int] = {}
    for journal in journals:
        for stream, version in journal.command_versions.items():
            last[stream] = max(version, last.get(stream, 0))
    versions = dict(_rows("SELECT stream_id, version FROM es_streams WHERE stream_id = ANY(%s)",
                          [list(last)]))
    problems += _listed("streams not at the version their last committed command left",
                        [f"{s} v{versions.get(s)} != v{v}" for s, v in last.items()
                         if versions.get(s) != v])
    return problems


def every_event_delivered_once_in_order(stored: dict[int, tuple]) -> list[str]:
    """The ledger's deliveries against the store: each committed event applied exactly once,
    each stream's in version order, nothing else applied."""
    delivered = _rows(f"SELECT position, stream_id, version, tx FROM {DELIVERIES} ORDER BY seq")
    counts = Counter(position for position, *_ in delivered)
    problems = _listed("committed events never applied (skipped)",
                       [p for p in stored if p not in counts])
    problems += _listed("events applied more than once", [p for p, n in counts.items() if n > 1])
    problems += _listed("applied events that never committed (rolled back)",
                        [p for p in counts if p not in stored])
    problems += _listed("applied events unlike the stored ones",
                        [p for p, stream, version, tx in delivered
                         if p in stored and stored[p][:3] != (stream, version, tx)])
    order: dict[str, list[int]] = defaultdict(list)
    for _, stream, version, _ in delivered:
        order[stream].append(version)
    problems += _listed("streams applied out of version order",
                        [s for s, versions in order.items()
                         if versions != list(range(1, len(versions) + 1))])
    return problems


def balances_equal_a_fresh_fold(stored: dict[int, tuple]) -> list[str]:
    """Each account's balance row is its last committed event's (version and balance)."""
    folded: dict[str, tuple[int, int]] = {}
    for stream, version, _, balance in stored.values():
        if version > folded.get(stream, (0, 0))[0]:
            folded[stream] = (version, balance)
    rows = balances()
    return _listed(f"rows of {BALANCES} unlike the fold",
                   [f"{s}: {rows.get(s)} != {folded.get(s)}" for s in set(rows) | set(folded)
                    if rows.get(s) != folded.get(s)])


def read_tables_equal_a_fresh_fold(projections: list) -> list[str]:
    """Every row of every aggregate projection is its stream's fold, none behind, none missing."""
    problems = []
    for projection in projections:
        report = verify(projection)
        problems += [f"{projection.name}: {d}" for d in report.differences[:SHOWN]]
        if report.behind:
            problems.append(f"{projection.name}: {report.behind} rows behind")
        streams = stream_count(projection)
        if report.checked != streams:
            problems.append(f"{projection.name}: checked {report.checked} of {streams} streams")
    return problems


def checkpoint_rows(projections: list) -> dict[str, tuple[Position, str, int]]:
    keys = [p.key for projection in projections for p in partitions_of(projection)]
    rows = _rows("SELECT name, tx, position, status, failures FROM shopnest_projection_state "
                 "WHERE name = ANY(%s)", [keys])
    found = {name: (Position(tx, pos), status, failures) for name, tx, pos, status, failures in rows}
    return {key: found.get(key, (Position(0, 0), "missing", 0)) for key in keys}


def checkpoints_at_or_past(projections: list, last: Position) -> list[str]:
    """Every partition of every projection running, its checkpoint at or past `last`."""
    return [f"{key}: {checkpoint} {status} failures={failures}"
            for key, (checkpoint, status, failures) in checkpoint_rows(projections).items()
            if checkpoint < last or status != "running" or failures]
