"""Fixtures of the back-office tests; the helpers live in helpers.py."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.integration.admin.helpers import Agent, BackgroundSweep, logged_in, make_agent


@pytest.fixture(autouse=True)
def generous_consistency_wait(settings):
    """Pages still wait for the agent's own writes, but a loaded shared database server (a
    long transaction of another test run holds every projector back) must not make them
    give up after the test settings' 2 s."""
    settings.SHOPNEST_CONSISTENCY_WAIT = 10.0


@pytest.fixture(autouse=True)
def background_sweep(clean_state):
    """Celery beat's periodic sweep, as in production (see BackgroundSweep)."""
    sweep = BackgroundSweep()
    sweep.start()
    yield sweep
    sweep.stop()


@pytest.fixture
def agent() -> Agent:
    return make_agent()


@pytest.fixture
def client(agent: Agent) -> Client:
    return logged_in(agent)
