"""Fixtures shared by every test layer."""

from __future__ import annotations

import pytest
from hypothesis import settings

# Property tests are reproducible (one fixed sequence of examples per test) and leave no
# example database behind in the working tree.
settings.register_profile("shopnest", derandomize=True, database=None, deadline=None)
settings.load_profile("shopnest")


@pytest.fixture(scope="session", autouse=True)
def close_side_connections():
    """Close the id allocator's side connection so the test database can be dropped."""
    yield
    from shopnest.eventstore import ids

    ids.close()
