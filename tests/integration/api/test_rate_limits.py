"""Freshdesk's rate limits (FRESHDESK_API.md §7), counted in the real Redis: one budget of
credits per minute for the whole desk, the X-RateLimit-* headers on every API answer,
Retry-After only on a 429, include credits, per-endpoint sub-limits, and failing open when
the Redis is gone."""

from __future__ import annotations

import json
import logging
import socket

import pytest

from tests.integration.api.conftest import Api, make_agent
from tests.support.redis_server import RedisServer


def used(response) -> tuple[int, int, int]:
    """The (total, remaining, used by this call) a response reports."""
    return (int(response["X-RateLimit-Total"]), int(response["X-RateLimit-Remaining"]),
            int(response["X-RateLimit-Used-CurrentRequest"]))


@pytest.fixture
def budget(settings):
    """Give the desk a small budget of its own; the suite's is far above what tests spend."""

    def set_budget(per_minute: int, **sub_limits: int) -> None:
        settings.API_RATE_LIMIT_PER_MINUTE = per_minute
        settings.API_RATE_SUB_LIMITS = sub_limits

    return set_budget


def test_every_answer_reports_the_one_budget_counting_down(api, budget):
    budget(10)
    answers = [api.get("tickets"), Api(None).get("tickets"), api.get("no-such-resource"),
               api.get("tickets/999999"), api.get("tickets")]
    assert [r.status_code for r in answers] == [200, 401, 404, 404, 200]
    assert [used(r) for r in answers] == [(10, 9, 1), (10, 8, 1), (10, 7, 1), (10, 6, 1),
                                          (10, 5, 1)]
    assert not any(r.has_header("Retry-After") for r in answers)


def test_keys_and_anonymous_callers_share_the_desks_budget(api, budget):
    other = Api(make_agent("Bo Agent").key)
    budget(5)
    remaining = [used(client.get("agents/me"))[1] for client in (api, other, Api("wrong"), api)]
    assert remaining == [4, 3, 2, 1]


def test_a_spent_budget_is_a_429_with_retry_after_until_the_minute_ends(api, budget):
    budget(3)
    assert [api.get("tickets").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("tickets")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "rate_limited"
    assert set(refused.json()) == {"code", "message"}
    assert used(refused) == (3, 0, 1)
    assert refused.has_header("X-Request-Id")
    # Anonymous and unknown-URL calls are refused as well: the budget is the desk's.
    assert Api(None).get("tickets").status_code == 429
    assert api.get("no-such-resource").status_code == 429


def test_a_post_over_budget_is_refused_before_it_writes(api, budget):
    budget(1)
    assert api.get("tickets").status_code == 200
    refused = api.post("tickets", {"subject": "Late", "description": "x",
                                   "email": "late@example.com"})
    assert refused.status_code == 429
    budget(100)  # a budget of another size is counted afresh
    assert api.get("tickets").json() == []


def test_each_include_of_a_ticket_view_costs_one_more_credit(api, create_ticket, budget):
    ticket = create_ticket()
    budget(100)
    path = f"tickets/{ticket['id']}"
    assert used(api.get(path))[2] == 1
    assert used(api.get(path, {"include": "stats"}))[2] == 2
    assert used(api.get(path, {"include": "conversations,requester,company,stats"}))[2] == 5
    # A resource named twice is embedded, and charged, once.
    assert used(api.get(path, {"include": "requester,requester"}))[2] == 2
    assert used(api.get(path))[1] == 100 - (1 + 2 + 5 + 2 + 1)


def test_each_include_of_the_ticket_list_costs_two_more_credits(api, create_ticket, budget):
    create_ticket()
    budget(100)
    assert used(api.get("tickets", {"include": "description"}))[2] == 3
    response = api.get("tickets", {"include": "stats,requester,description"})
    assert response.status_code == 200
    assert used(response) == (100, 100 - 3 - 7, 7)


def test_a_call_costing_more_than_is_left_is_refused(api, create_ticket, budget):
    ticket = create_ticket()
    budget(4)
    assert used(api.get(f"tickets/{ticket['id']}", {"include": "stats,requester"}))[1] == 1
    assert api.get(f"tickets/{ticket['id']}", {"include": "stats"}).status_code == 429


def test_an_endpoint_over_its_sub_limit_is_a_429_while_others_still_answer(api, create_ticket,
                                                                        budget):
    ticket = create_ticket()
    budget(100, tickets_list=2)
    assert [api.get("tickets").status_code for _ in range(2)] == [200, 200]
    refused = api.get("tickets")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "tickets_list" in refused.json()["message"]
    # The desk's budget is far from spent: other endpoints answer, and say what is left.
    view = api.get(f"tickets/{ticket['id']}")
    assert view.status_code == 200
    assert used(view) == (100, 96, 1)
    assert api.get("agents/me").status_code == 200


def test_freshdesks_contacts_list_sub_limit_leaves_contact_views_and_creates_alone(api, budget):
    created = api.post("contacts", {"name": "Kim", "email": "kim@example.com"})
    assert created.status_code == 201, created.content
    budget(100, contacts_list=2)
    assert [api.get("contacts").status_code for _ in range(3)] == [200, 200, 429]
    assert api.get(f"contacts/{created.json()['id']}").status_code == 200
    assert api.post("contacts", {"name": "Lee", "email": "lee@example.com"}).status_code == 201


def test_a_sub_limit_counts_the_calls_include_credits(api, create_ticket, budget):
    ticket = create_ticket()
    budget(100, tickets_view=3)
    assert api.get(f"tickets/{ticket['id']}", {"include": "stats,requester"}).status_code == 200
    assert api.get(f"tickets/{ticket['id']}").status_code == 429


def test_the_admin_health_check_and_schema_are_not_limited(client, budget):
    budget(1)
    for path in ("/healthz/live", "/admin/login/", "/api/schema/", "/healthz/live"):
        response = client.get(path)
        assert response.status_code != 429, path
        assert not response.has_header("X-RateLimit-Total"), path


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_without_its_redis_the_api_answers_and_warns_once(api, settings, caplog):
    # Nothing listens on this port: every call's count fails.
    settings.API_RATE_LIMIT_REDIS_URL = f"redis://127.0.0.1:{_unused_port()}/0"
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    caplog.set_level(logging.WARNING, logger="shopnest.api.ratelimit")
    answers = [api.get("tickets") for _ in range(5)]
    assert [r.status_code for r in answers] == [200] * 5
    # The headers do not pretend: the configured total only, nothing about what is left.
    assert all(r["X-RateLimit-Total"] == "2" for r in answers)
    assert not any(r.has_header("X-RateLimit-Remaining") or r.has_header("Retry-After")
                   for r in answers)
    warnings = [r for r in caplog.records if r.name == "shopnest.api.ratelimit"]
    assert len(warnings) == 1
    assert "not enforced" in warnings[0].getMessage()


@pytest.fixture
def own_redis():
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.kill()


def test_when_its_redis_stops_the_api_answers_uncounted_and_counts_again_once_it_is_back(
        api, settings, caplog, own_redis):
    settings.API_RATE_LIMIT_REDIS_URL = own_redis.url
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    caplog.set_level(logging.WARNING, logger="shopnest.api.ratelimit")
    assert used(api.get("tickets")) == (3, 2, 1)
    own_redis.kill()
    down = [api.get("tickets") for _ in range(4)]
    assert [r.status_code for r in down] == [200] * 4
    assert not any(r.has_header("X-RateLimit-Remaining") for r in down)
    assert len([r for r in caplog.records if r.name == "shopnest.api.ratelimit"]) == 1
    own_redis.start()  # an empty Redis: a new minute
    assert used(api.get("tickets")) == (3, 2, 1)
    assert [api.get("tickets").status_code for _ in range(3)] == [200, 200, 429]


def test_the_schema_documents_the_headers_and_the_429_of_every_api_operation(client):
    schema = json.loads(client.get("/api/schema/?format=json").content)
    operations = [(path, method, operation)
                  for path, item in schema["paths"].items() if path.startswith("/api/v2/")
                  for method, operation in item.items() if method in {"get", "post", "put",
                                                                      "delete"}]
    assert len(operations) > 10
    for path, method, operation in operations:
        refused = operation["responses"]["429"]
        assert "Retry-After" in refused["headers"], (path, method)
        for status, response in operation["responses"].items():
            assert "X-RateLimit-Remaining" in response["headers"], (path, method, status)
            assert ("Retry-After" in response["headers"]) == (status == "429")
