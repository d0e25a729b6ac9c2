"""`manage.py verify_read_tables [--projection NAME]`: check every read row against a fresh
fold of its stream (shopnest/projections/verify.py); exits 1 when any row differs."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from shopnest.projections import registry
from shopnest.projections.verify import verifiable, verify


class Command(BaseCommand):
    help = "Check every read table row against a fresh fold of its stream in the event store."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--projection", action="append",
                            help="only this projection (may be repeated)")

    def handle(self, *args, projection=None, **options) -> None:
        chosen = [registry.get(name) for name in projection] if projection else [
            p for p in registry.all_projections() if verifiable(p)]
        wrong = 0
        for each in chosen:
            if not verifiable(each):
                raise CommandError(f"{each.name} has no fold to be compared with")
            report = verify(each)
            wrong += len(report.differences)
            self.stdout.write(f"{report.projection}: {report.checked} streams checked, "
                              f"{report.behind} behind, {len(report.differences)} differ")
            for line in report.differences[:50]:
                self.stdout.write(f"  {line}")
        if wrong:
            raise CommandError(f"{wrong} read rows differ from their streams")
