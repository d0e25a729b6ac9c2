"""`manage.py projections status | verify [NAME ...] | rebuild NAME [--rollback] | resume NAME`.

- status: every partition's checkpoint, lag, heartbeat, failures and stalled state.
- verify: fold the store afresh and compare it with the live tables; print the rows that
  differ; exit 1 if any (shopnest/projections/verify.py).
- rebuild: build the projection's tables anew beside the live ones and switch reads over with
  no downtime; `--rollback` switches back (shopnest/projections/rebuild.py). `--workers N`
  builds in N processes.
- build: one more process for a running rebuild's build (rebuild --workers starts these; on
  another machine, it adds that machine's cores). Prints the events it applied.
- resume: clear a stalled projection so its runners retry.
Long runs show a progress bar (events or streams done, rate, ETA) on standard error.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from shopnest.projections import registry, runner
from shopnest.projections.health import all_projection_health
from shopnest.projections.rebuild import (
    NEXT,
    RebuildRefused,
    build_next,
    events_to_apply,
    rebuild,
    rebuilding,
)
from shopnest.projections.rebuild import rollback as switch_back
from shopnest.projections.verify import stream_count, verifiable, verify

SHOWN_DIFFERENCES = 50


MAX_BUILD_WORKERS = 64  # at most one per bucket (shopnest/projections/partitions.py)


class Command(BaseCommand):
    help = "Status, verification, rebuild and resume of the projections."

    def add_arguments(self, parser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("status", help="checkpoints, lag, heartbeat, stalled state")
        check = commands.add_parser("verify", help="compare read tables with a fresh fold")
        check.add_argument("names", nargs="*", help="projections (default: every one)")
        build = commands.add_parser("rebuild", help="rebuild tables beside the live ones")
        build.add_argument("name")
        build.add_argument("--rollback", action="store_true",
                           help="switch back to the tables the last rebuild replaced")
        build.add_argument("--batch", type=int, default=None, help="events per batch")
        build.add_argument("--workers", type=int, default=1,
                           help="processes that build the new tables (default 1)")
        helper = commands.add_parser("build", help="help a running rebuild build its tables")
        helper.add_argument("name")
        helper.add_argument("--batch", type=int, default=None, help="events per batch")
        again = commands.add_parser("resume", help="clear a stalled projection")
        again.add_argument("name")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _projection(self, name: str):
        try:
            return registry.get(name)
        except LookupError as exc:
            known = ", ".join(p.name for p in registry.all_projections())
            raise CommandError(f"{exc} (known: {known})") from None

    def _bar(self, total: int, unit: str, label: str) -> tqdm:
        return tqdm(total=total, unit=unit, unit_scale=True, desc=label, file=self.stderr,
                    dynamic_ncols=True, mininterval=0.5)

    def _status(self, **options) -> None:
        header = (f"{'partition':<28} {'status':<8} {'checkpoint':<22} {'lag':>7} "
                  f"{'lag s':>8} {'beat s':>8} {'fails':>5}  last error")
        self.stdout.write(header)
        for health in all_projection_health():
            for part in health.partitions:
                beat = "-" if part.heartbeat_age_seconds is None else \
                    f"{part.heartbeat_age_seconds:.1f}"
                self.stdout.write(
                    f"{part.name:<28} {part.status:<8} {part.checkpoint:<22} "
                    f"{part.lag_events:>7} {part.lag_seconds:>8.1f} {beat:>8} "
                    f"{part.failures:>5}  {part.last_error[:80]}"
                    + (f" (at {part.failed_event})" if part.failed_event else ""))

    def _verify(self, names: list[str], **options) -> None:
        chosen = [self._projection(n) for n in names] if names else [
            p for p in registry.all_projections() if verifiable(p)]
        wrong = 0
        for projection in chosen:
            if not verifiable(projection):
                raise CommandError(f"{projection.name} has no fold to be compared with")
            with self._bar(stream_count(projection), "streams", projection.name) as bar:
                report = verify(projection, progress=bar.update)
            wrong += len(report.differences)
            self.stdout.write(f"{report.projection}: {report.checked} streams checked, "
                              f"{report.behind} behind, {len(report.differences)} differ")
            for line in report.differences[:SHOWN_DIFFERENCES]:
                self.stdout.write(f"  {line}")
        if wrong:
            raise CommandError(f"{wrong} read rows differ from their streams")

    def _build(self, name: str, batch: int | None, **options) -> None:
        projection = self._projection(name)
        if not rebuilding(name):
            raise CommandError(f"{name} has no rebuild under way (no {NEXT} tables)")
        try:
            applied = build_next(type(projection)(), batch)
        except RebuildRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{name}: applied {applied}")

    def _rebuild(self, name: str, rollback: bool, batch: int | None, workers: int,
                 **options) -> None:
        projection = self._projection(name)
        if not 1 <= workers <= MAX_BUILD_WORKERS:
            raise CommandError(f"--workers must be 1 to {MAX_BUILD_WORKERS}")
        try:
            if rollback:
                switch_back(name)
                self.stdout.write(f"{name}: switched back to the previous tables; the "
                                  "runners bring them up to date")
                return
            with self._bar(events_to_apply(projection), "events", name) as bar:
                report = rebuild(name, progress=bar.update, batch_size=batch,
                                 workers=workers)
        except RebuildRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{name}: rebuilt from {report.events} events in "
                          f"{report.seconds:.1f} s ({report.events_per_second:,.0f} events/s); "
                          "reads switched to the new tables")

    def _resume(self, name: str, **options) -> None:
        self._projection(name)
        runner.resume(name)
        self.stdout.write(f"{name}: resumed; the next run retries its failing batch")
