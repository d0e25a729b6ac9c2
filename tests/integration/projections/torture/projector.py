"""A projector process for the torture test: `python -m tests.integration.projections.torture.projector`.

It sets Django up with the database, Redis key space and partition count its parent put in
the environment, registers the partitionable ledger beside the desk's own projections, and
brings every partition of every projection up to date, over and over, in an order of its own,
until SIGTERM. Its parent SIGKILLs it at random moments, mid-batch or not: what a killed
runner had not committed is rolled back by PostgreSQL, and another runner (or its restart)
applies it again from the checkpoint, whole and once.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
import traceback


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from shopnest.projections import registry, runner
    from shopnest.projections.partitions import partitions_of
    from tests.integration.projections.ledger import PartitionedLedger

    name = os.environ["PROJECTOR_NAME"]
    # The parent finds this runner's backend by name (to tell a kill mid-batch from one
    # between batches).
    connection.settings_dict["OPTIONS"]["application_name"] = name
    rng = random.Random(os.environ["PROJECTOR_SEED"])

    class SlowLedger(PartitionedLedger):
        """The ledger, taking its time after writing a batch (as a big bulk write would):
        batches of two runners overlap more often, and a kill more often finds one applied
        but not yet committed."""

        def apply(self, events) -> None:
            super().apply(events)
            time.sleep(rng.uniform(0, 0.02))

    registry.register(SlowLedger())
    partitions = [(projection, partition) for projection in registry.all_projections()
                  for partition in partitions_of(projection)]

    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    print(f"{name} projecting {len(partitions)} partitions", flush=True)
    while not stopping:
        rng.shuffle(partitions)
        applied = 0
        for projection, partition in partitions:
            if stopping:
                break
            try:
                applied += runner.run_until_caught_up(projection, partition=partition,
                                                      max_seconds=2.0)
            except Exception:
                # Counted by the runner in the partition's row; the test fails on this line.
                print(f"{name} BATCH FAILED in {partition}:", flush=True)
                traceback.print_exc()
                sys.stdout.flush()
        if not applied:
            time.sleep(0.01)
    connection.close()
    print(f"{name} stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
