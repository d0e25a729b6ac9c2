"""Fixtures shared by every test layer."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def close_side_connections():
    """Close the id allocator's side connection so the test database can be dropped."""
    yield
    from shopnest.eventstore import ids

    ids.close()
