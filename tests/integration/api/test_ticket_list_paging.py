"""Paging of GET /api/v2/tickets: page, per_page, Link (FRESHDESK_API.md §5, §8)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.integration.api.conftest import error_codes, ids, make_company

LINK = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')


def next_url(response) -> str:
    match = LINK.match(response["Link"])
    assert match, response["Link"]
    return match.group("url")


@pytest.fixture
def tickets(create_ticket):
    """Five tickets, newest id last."""
    return [create_ticket()["id"] for _ in range(5)]


def test_per_page_defaults_to_30_and_fills_the_page(api, create_ticket):
    created = [create_ticket()["id"] for _ in range(31)]
    first = api.get("tickets")
    assert ids(first) == sorted(created, reverse=True)[:30]
    assert "Link" in first
    second = api.get("tickets", {"page": 2})
    assert ids(second) == [min(created)]
    assert "Link" not in second


def test_per_page_100_is_the_maximum_accepted(api, tickets):
    response = api.get("tickets", {"per_page": 100})
    assert sorted(ids(response)) == sorted(tickets)
    assert "Link" not in response


def test_a_per_page_that_is_not_1_to_100_is_a_400_invalid_value(api):
    for value in ("0", "101", "abc", "-1", "1.5", " 5", "1e2"):
        response = api.get("tickets", {"per_page": value})
        assert (value, response.status_code) == (value, 400)
        assert error_codes(response) == [("per_page", "invalid_value")]


def test_an_empty_per_page_means_the_default(api, tickets):
    response = api.get("tickets?per_page=&page=")
    assert sorted(ids(response)) == sorted(tickets)


def test_a_page_that_is_not_a_positive_integer_is_a_400_invalid_value(api):
    for value in ("0", "-2", "two"):
        response = api.get("tickets", {"page": value})
        assert (value, response.status_code) == (value, 400)
        assert error_codes(response) == [("page", "invalid_value")]


def test_a_page_past_the_end_is_an_empty_200(api, tickets):
    response = api.get("tickets", {"page": 9, "per_page": 2})
    assert response.status_code == 200
    assert response.json() == []
    assert "Link" not in response


def test_pages_cover_every_ticket_once_and_only_the_last_is_short(api, tickets):
    pages = [ids(api.get("tickets", {"page": n, "per_page": 2})) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sum(pages, []) == sorted(tickets, reverse=True)


def test_the_link_header_names_the_next_page_and_keeps_every_parameter(api, create_ticket):
    company_id = make_company()
    for _ in range(3):
        create_ticket(company_id=company_id)
    params = {"company_id": company_id, "order_by": "updated_at", "order_type": "asc",
              "include": "stats,requester", "per_page": 2}
    first = api.get("tickets", params)
    link = urlsplit(next_url(first))
    assert link.path == "/api/v2/tickets"
    query = {k: v[-1] for k, v in parse_qs(link.query).items()}
    assert query == {"company_id": str(company_id), "order_by": "updated_at", "order_type": "asc",
                     "include": "stats,requester", "per_page": "2", "page": "2"}


def test_following_the_link_header_walks_every_page_to_the_end(api, tickets):
    response = api.get("tickets", {"per_page": 2})
    seen = ids(response)
    hops = 0
    while "Link" in response:
        hops += 1
        response = api.get(next_url(response))
        seen += ids(response)
    assert hops == 2
    assert seen == sorted(tickets, reverse=True)


def test_a_link_header_is_absent_when_the_page_is_exactly_full(api, tickets):
    assert "Link" not in api.get("tickets", {"per_page": 5})


def test_a_parameter_sent_twice_takes_its_last_value(api, tickets):
    response = api.get("tickets?page=1&per_page=2&page=2&per_page=3")
    assert ids(response) == sorted(tickets, reverse=True)[3:]
    assert "Link" not in response
    assert ids(api.get("tickets?order_type=asc&order_type=desc")) == sorted(tickets, reverse=True)


def test_a_parameter_sent_twice_appears_once_in_the_link_header(api, tickets):
    response = api.get("tickets?company_id=&per_page=1&per_page=2&order_type=asc")
    query = parse_qs(urlsplit(next_url(response)).query)
    assert query["per_page"] == ["2"] and query["page"] == ["2"]
