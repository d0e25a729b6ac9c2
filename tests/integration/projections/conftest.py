from __future__ import annotations

import pytest

from shopnest.projections import registry
from tests.integration.projections.ledger import Ledger, create_tables, drop_tables


@pytest.fixture
def ledger():
    """The test projection "ledger", with empty tables of its own for this test."""
    create_tables()
    yield Ledger()
    drop_tables()


@pytest.fixture
def registered_ledger(ledger):
    """The ledger, registered for this test only (consistency checks look projections up)."""
    registry.register(ledger)
    yield ledger
    registry._projections.pop(ledger.name, None)


@pytest.fixture
def register():
    """Register projections for this test only: `register(projection)` returns it."""
    names = []

    def add(projection):
        registry.register(projection)
        names.append(projection.name)
        return projection

    yield add
    for name in names:
        registry._projections.pop(name, None)
