"""`manage.py check_transaction_ids [--advance]`: is the cluster's next transaction id above
every id in the event store and the projection checkpoints? Exits 1 when not, and prints the
`pg_resetwal` settings that prepare a new cluster for a logical restore of this database
(docs/operations.md, "Backup and restore")."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from shopnest.eventstore.resetwal import DEFAULT_MARGIN, settings_above
from shopnest.eventstore.transaction_ids import consume, read_transaction_ids

# Ids assigned per round trip by --advance (about half a second each on a small server).
ADVANCE_BATCH = 100_000
PROGRESS_SECONDS = 10.0


class Command(BaseCommand):
    help = ("Check that this cluster's next transaction id is above the event store's and the "
            "projection checkpoints' (it is not after a logical restore into a new cluster), "
            "and print the pg_resetwal settings for a new cluster.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--pgdata", default='"$PGDATA"',
                            help="the new cluster's data directory, as printed in the command")
        parser.add_argument("--margin", type=int, default=DEFAULT_MARGIN,
                            help="ids added above the highest one seen (default %(default)s)")
        parser.add_argument("--advance", action="store_true",
                            help="commit empty transactions until the next id is above the "
                                 "store's (the way without pg_resetwal; practical for a gap "
                                 "of up to some hundred million ids)")

    def handle(self, *args, pgdata: str, margin: int, advance: bool, **options) -> None:
        ids = read_transaction_ids()
        self.stdout.write(ids.describe())
        if not ids.ok and advance:
            ids = self._advance(ids)
        remedy = settings_above(max(ids.highest, ids.next_xid), margin=margin)
        if ids.ok:
            self.stdout.write(self.style.SUCCESS("OK: new transactions get ids above the store's."))
            self.stdout.write(
                "Before restoring a logical dump of this database into a new cluster, run on "
                "that cluster right after initdb, while it is stopped:\n"
                f"  {remedy.command(pgdata)}")
            return
        self.stdout.write(
            f"{ids.problem()}.\n"
            "Remedy: restore again into a new cluster prepared with pg_resetwal:\n"
            "  1. initdb a new cluster (do not restore into it yet) and keep it stopped;\n"
            f"  2. as its owner: {remedy.command(pgdata)}\n"
            f"     (its first transaction id is then {remedy.next_xid});\n"
            "  3. start it, pg_restore the dump, run this check again, then start the workers.\n"
            "Without pg_resetwal (a managed server): `manage.py check_transaction_ids "
            f"--advance` commits {ids.missing} empty transactions on this cluster instead.")
        raise CommandError("the cluster's next transaction id is not above the event store's")

    def _advance(self, ids):
        total, started, said = ids.missing, time.monotonic(), time.monotonic()
        self.stdout.write(f"Consuming {total} transaction ids…")
        while not ids.ok:
            consume(min(ids.missing, ADVANCE_BATCH))
            ids = read_transaction_ids()
            now = time.monotonic()
            if now - said >= PROGRESS_SECONDS and not ids.ok:
                done = total - ids.missing
                rate = done / (now - started)
                self.stdout.write(f"  {done}/{total} ids, {rate:,.0f}/s, about "
                                  f"{ids.missing / rate / 60:,.0f} min to go")
                said = now
        self.stdout.write(ids.describe())
        return ids
