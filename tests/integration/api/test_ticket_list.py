"""GET /api/v2/tickets: shape, order, filters and includes (FRESHDESK_API.md §2.1, §8)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from tests.integration.api.conftest import Api, error_codes, ids, make_agent, make_company


def test_the_list_is_a_bare_array_of_tickets_newest_first(api, create_ticket):
    created = [create_ticket()["id"] for _ in range(3)]
    response = api.get("tickets")
    assert isinstance(response.json(), list)
    assert ids(response) == sorted(created, reverse=True)


def test_order_type_asc_reverses_the_default_order(api, create_ticket):
    created = [create_ticket()["id"] for _ in range(3)]
    assert ids(api.get("tickets", {"order_type": "asc"})) == sorted(created)


def test_order_by_status_sorts_by_status_then_id(api, create_ticket):
    pending = create_ticket(status=3)["id"]
    open_ = create_ticket(status=2)["id"]
    closed = create_ticket(status=5)["id"]
    listed = ids(api.get("tickets", {"order_by": "status", "order_type": "asc"}))
    assert listed == [open_, pending, closed]


def test_order_by_updated_at_is_stable_across_pages(api, create_ticket):
    created = [create_ticket()["id"] for _ in range(5)]
    api.put(f"tickets/{created[1]}", {"priority": 3})
    seen = []
    for page in (1, 2, 3):
        seen += ids(api.get("tickets", {"order_by": "updated_at", "order_type": "asc",
                                        "per_page": 2, "page": page}))
    assert sorted(seen) == sorted(created)
    assert len(seen) == len(set(seen)) == 5
    again = ids(api.get("tickets", {"order_by": "updated_at", "order_type": "asc",
                                    "per_page": 5}))
    assert seen == again


def test_the_list_filters_by_requester_id(api, create_ticket):
    mine = create_ticket(email="filter.me@example.com")
    create_ticket(email="not.me@example.com")
    also_mine = create_ticket(requester_id=mine["requester_id"])
    listed = ids(api.get("tickets", {"requester_id": mine["requester_id"]}))
    assert sorted(listed) == sorted([mine["id"], also_mine["id"]])


def test_the_list_filters_by_requester_email_case_insensitively(api, create_ticket):
    mine = create_ticket(email="by.email@example.com")
    create_ticket(email="someone@example.com")
    assert ids(api.get("tickets", {"email": "By.Email@example.com"})) == [mine["id"]]


def test_the_list_filters_by_company_id(api, create_ticket):
    acme_id, beta_id = make_company(), make_company()
    acme = create_ticket(company_id=acme_id)
    create_ticket(company_id=beta_id)
    create_ticket()
    assert ids(api.get("tickets", {"company_id": acme_id})) == [acme["id"]]


def test_updated_since_is_inclusive_and_accepts_fractional_seconds(api, create_ticket):
    older = create_ticket()
    time.sleep(1.1)
    newer = create_ticket()
    assert newer["updated_at"] > older["updated_at"]
    since = newer["updated_at"]
    assert ids(api.get("tickets", {"updated_since": since})) == [newer["id"]]
    fractional = since.replace("Z", ".000Z")
    assert ids(api.get("tickets", {"updated_since": fractional})) == [newer["id"]]
    just_before = (datetime.fromisoformat(since.replace("Z", "+00:00"))
                   - timedelta(milliseconds=500)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert ids(api.get("tickets", {"updated_since": just_before})) == [newer["id"]]
    listed = ids(api.get("tickets", {"updated_since": older["updated_at"]}))
    assert sorted(listed) == sorted([older["id"], newer["id"]])


def test_updated_since_in_the_future_lists_nothing(api, create_ticket):
    create_ticket()
    assert ids(api.get("tickets", {"updated_since": "2999-01-01"})) == []


def test_new_and_my_open_lists_open_tickets_unassigned_or_assigned_to_the_caller(
        api, agent, create_ticket):
    other = make_agent("Other Agent")
    unassigned = create_ticket()["id"]
    mine = create_ticket(responder_id=agent.id)["id"]
    create_ticket(responder_id=other.id)
    create_ticket(status=3)
    create_ticket(status=4, responder_id=agent.id)
    listed = ids(api.get("tickets", {"filter": "new_and_my_open"}))
    assert sorted(listed) == sorted([unassigned, mine])
    theirs = ids(Api(other.key).get("tickets", {"filter": "new_and_my_open"}))
    assert mine not in theirs and unassigned in theirs


def test_filters_combine_with_each_other(api, create_ticket):
    five, six = make_company(), make_company()
    wanted = create_ticket(email="combo@example.com", company_id=five)
    create_ticket(email="combo@example.com", company_id=six)
    create_ticket(email="other.combo@example.com", company_id=five)
    listed = ids(api.get("tickets", {"email": "combo@example.com", "company_id": five}))
    assert listed == [wanted["id"]]


def test_list_items_have_no_description_unless_it_is_included(api, create_ticket):
    create_ticket(description="<p>Long <b>story</b></p>")
    plain = api.get("tickets").json()[0]
    assert "description" not in plain and "description_text" not in plain
    included = api.get("tickets", {"include": "description"}).json()[0]
    assert included["description"] == "<p>Long <b>story</b></p>"
    assert included["description_text"] == "Long story"


def test_include_stats_and_requester_decorate_each_list_item(api, create_ticket):
    ticket = create_ticket(email="listed@example.com", name="Listed Person")
    item = api.get("tickets", {"include": "stats,requester"}).json()[0]
    assert item["id"] == ticket["id"]
    assert item["requester"]["name"] == "Listed Person"
    assert item["requester"]["email"] == "listed@example.com"
    assert item["stats"]["resolved_at"] is None
    assert "status_updated_at" in item["stats"]
    assert "description" not in item


def test_list_items_carry_custom_fields_and_timestamps(api, create_ticket):
    create_ticket(custom_fields={"cf_size": "XL"})
    item = api.get("tickets").json()[0]
    assert item["custom_fields"] == {"cf_size": "XL"}
    assert item["created_at"] and item["updated_at"]


def test_an_invalid_list_parameter_value_is_a_400_invalid_value(api):
    for field, value in (("filter", "watching_everything"), ("order_by", "subject"),
                         ("order_type", "sideways"), ("include", "conversations"),
                         ("updated_since", "yesterday"), ("updated_since", "2024-02-30")):
        response = api.get("tickets", {field: value})
        assert (field, value, response.status_code) == (field, value, 400)
        assert error_codes(response) == [(field, "invalid_value")]


def test_a_non_numeric_id_filter_is_a_400(api):
    for field, value in (("requester_id", "abc"), ("company_id", "-4"), ("company_id", "0")):
        response = api.get("tickets", {field: value})
        assert (field, value, response.status_code) == (field, value, 400)
        assert [f for f, _ in error_codes(response)] == [field]


def test_an_unknown_query_parameter_is_a_400_invalid_field(api):
    response = api.get("tickets", {"colour": "blue"})
    assert response.status_code == 400
    assert error_codes(response) == [("colour", "invalid_field")]
