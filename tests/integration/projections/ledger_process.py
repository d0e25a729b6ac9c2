"""A projector process of its own, for tests that kill one inside a batch.

Run as `python -m tests.integration.projections.ledger_process HOLD_IN` with the test
database in DATABASE_URL and PROJECTION_BATCH set: it runs the ledger (ledger.py) batch after
batch, and in batch number HOLD_IN, once its rows are written and before the checkpoint
moves, it says so on standard output and sleeps with the batch's transaction open, waiting to
be killed there.
"""

from __future__ import annotations

import os
import sys
import time

HOLDING = "holding batch"


def main(hold_in: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from shopnest.projections import runner
    from tests.integration.projections.ledger import Ledger

    class HeldLedger(Ledger):
        batches = 0

        def apply(self, events) -> None:
            super().apply(events)
            self.batches += 1
            if self.batches == hold_in:
                print(f"{HOLDING} {self.batches} ({len(events)} events written)", flush=True)
                time.sleep(120)

    runner.run_until_caught_up(HeldLedger(), max_seconds=120)
    print("caught up without being killed", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
