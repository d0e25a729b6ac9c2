"""How the rate limiter names and prices a call (shopnest/api/ratelimit/calls.py)."""

from __future__ import annotations

import logging

from shopnest.api.ratelimit.calls import call_cost, endpoint_name
from shopnest.api.ratelimit.warnings import OccasionalWarning

CREDITS = {"tickets_view": {"stats": 1, "requester": 1},
           "tickets_list": {"stats": 2, "description": 2}}


def test_a_collection_is_listed_and_created_and_an_item_viewed_updated_and_deleted():
    assert endpoint_name("GET", "/api/v2/tickets") == "tickets_list"
    assert endpoint_name("HEAD", "/api/v2/tickets/") == "tickets_list"
    assert endpoint_name("POST", "/api/v2/contacts") == "contacts_create"
    assert endpoint_name("GET", "/api/v2/tickets/42") == "tickets_view"
    assert endpoint_name("PUT", "/api/v2/tickets/42/") == "tickets_update"
    assert endpoint_name("DELETE", "/api/v2/contacts/7") == "contacts_delete"


def test_other_calls_have_no_name():
    assert endpoint_name("POST", "/api/v2/tickets/42/reply") is None
    assert endpoint_name("GET", "/api/v2/agents/me") is None
    assert endpoint_name("DELETE", "/api/v2/tickets") is None
    assert endpoint_name("GET", "/api/v2/") is None
    assert endpoint_name("GET", "/api/v2/tickets/\N{SUPERSCRIPT TWO}") is None


def test_a_call_costs_one_plus_each_distinct_priced_include():
    assert call_cost("tickets_view", None, CREDITS) == 1
    assert call_cost("tickets_view", "stats, requester", CREDITS) == 3
    assert call_cost("tickets_view", "stats,stats", CREDITS) == 2
    assert call_cost("tickets_list", "stats,description", CREDITS) == 5
    assert call_cost("tickets_list", "nonsense,,", CREDITS) == 1
    assert call_cost(None, "stats", CREDITS) == 1


def test_a_recurring_warning_is_logged_once_per_interval_with_the_count_held_back(caplog):
    caplog.set_level(logging.WARNING)
    warning = OccasionalWarning(logging.getLogger("test.occasional"), "down", every=3600)
    for _ in range(4):
        warning.warn(ConnectionError("refused"))
    assert [r.getMessage() for r in caplog.records] == [
        "down (ConnectionError: refused; 0 more since the last warning)"]
    warning.every = 0
    warning.warn(ConnectionError("refused"))
    assert caplog.records[-1].getMessage().endswith("; 3 more since the last warning)")
