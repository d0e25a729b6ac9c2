from __future__ import annotations

import pytest

from tests.integration.projections.ledger import Ledger, create_tables, drop_tables


@pytest.fixture
def ledger():
    """The test projection "ledger", with empty tables of its own for this test."""
    create_tables()
    yield Ledger()
    drop_tables()
