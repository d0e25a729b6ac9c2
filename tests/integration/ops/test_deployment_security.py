"""Production settings: the desk refuses to start on a key or hosts it was not given. Each
case starts Django in a fresh interpreter with only the environment an operator would set."""

from __future__ import annotations

import pytest

from .django_process import manage, production_environment, run


@pytest.fixture
def clean_state():
    """Nothing here touches the event store: no need to empty it."""
    yield


def _without(environment: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in environment.items() if k not in names}


# --- refusing to start --------------------------------------------------------------------

def test_production_refuses_to_start_without_a_secret_key_and_says_which_variable():
    done = manage(_without(production_environment(), "SECRET_KEY"), "check")

    assert done.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in done.stderr, done.stderr[-2000:]


@pytest.mark.parametrize("published", ["dev-insecure-change-me", "change-me-in-production"])
def test_production_refuses_the_placeholder_keys_this_repository_has_published(published):
    done = manage(production_environment(SECRET_KEY=published), "check")

    assert done.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set (or is a published placeholder)" in (
        done.stderr), done.stderr[-2000:]


def test_production_refuses_to_start_without_allowed_hosts_and_says_which_variable():
    done = manage(_without(production_environment(), "ALLOWED_HOSTS"), "check")

    assert done.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS is not set" in done.stderr, done.stderr[-2000:]


def test_gunicorn_does_not_boot_without_a_secret_key():
    done = run(_without(production_environment(), "SECRET_KEY"),
               "gunicorn", "config.wsgi", "--check-config")

    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stdout + done.stderr


def test_with_debug_on_the_desk_starts_without_a_key_or_hosts_for_development():
    done = manage(_without(production_environment(DEBUG="1"), "SECRET_KEY", "ALLOWED_HOSTS"),
                  "check")

    assert done.returncode == 0, done.stderr[-2000:]

