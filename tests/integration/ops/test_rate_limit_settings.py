"""The rate-limit settings an operator gives in the environment (README, Settings), read by a
fresh Django with only that environment."""

from __future__ import annotations

import json

import pytest

from .django_process import manage, production_environment, run

_PRINT_LIMITS = ("import json, django; django.setup(); from django.conf import settings; "
                 "print(json.dumps([settings.API_RATE_LIMIT_PER_MINUTE, "
                 "settings.API_RATE_SUB_LIMITS, settings.API_RATE_LIMIT_REDIS_URL]))")


@pytest.fixture
def clean_state():
    """Nothing here touches the event store: no need to empty it."""
    yield


def _limits(**environment: str) -> list:
    done = run(production_environment(**environment), "python", "-c", _PRINT_LIMITS)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_by_default_the_desk_has_3000_credits_a_minute_no_sub_limits_and_the_main_redis():
    assert _limits(REDIS_URL="redis://cache.internal:6379/2") == [
        3000, {}, "redis://cache.internal:6379/2"]


def test_the_budget_sub_limits_and_redis_come_from_the_environment():
    assert _limits(API_RATE_LIMIT_PER_MINUTE="400",
                   API_RATE_SUB_LIMITS=" tickets_create=160, tickets_list = 100,",
                   API_RATE_LIMIT_REDIS_URL="redis://limits.internal:6379/0") == [
        400, {"tickets_create": 160, "tickets_list": 100}, "redis://limits.internal:6379/0"]


@pytest.mark.parametrize("variable, value", [
    ("API_RATE_LIMIT_PER_MINUTE", "0"), ("API_RATE_LIMIT_PER_MINUTE", "lots"),
    ("API_RATE_SUB_LIMITS", "tickets_list"), ("API_RATE_SUB_LIMITS", "tickets_list=-1"),
    ("API_RATE_SUB_LIMITS", "=20"),
])
def test_a_malformed_limit_stops_the_desk_from_starting_and_names_the_variable(variable, value):
    done = manage(production_environment(**{variable: value}), "check")
    assert done.returncode != 0
    assert f"ImproperlyConfigured: {variable}" in done.stderr, done.stderr[-2000:]
