"""Watchers: agents follow tickets; the list filters what the caller watches."""

from __future__ import annotations

from tests.integration.api.conftest import Api, error_codes, ids, make_agent


def _watchers(api: Api, ticket_id: int) -> list[int]:
    response = api.get(f"tickets/{ticket_id}/watchers")
    assert response.status_code == 200, response.content
    return response.json()["watcher_ids"]


def test_the_caller_watches_and_unwatches_a_ticket(api, agent, create_ticket):
    ticket = create_ticket()

    assert api.post(f"tickets/{ticket['id']}/watch").status_code == 204
    assert _watchers(api, ticket["id"]) == [agent.id]
    assert api.put(f"tickets/{ticket['id']}/unwatch").status_code == 204
    assert _watchers(api, ticket["id"]) == []


def test_watching_twice_or_unwatching_a_ticket_one_does_not_watch_changes_nothing(
        api, agent, create_ticket):
    ticket = create_ticket()
    api.post(f"tickets/{ticket['id']}/watch")

    assert api.post(f"tickets/{ticket['id']}/watch").status_code == 204
    assert _watchers(api, ticket["id"]) == [agent.id]
    other = create_ticket()
    assert api.put(f"tickets/{other['id']}/unwatch").status_code == 204
    assert _watchers(api, other["id"]) == []


def test_another_agent_may_be_named_but_not_a_contact_or_nobody(api, create_ticket):
    ticket = create_ticket()
    colleague = make_agent("Bo Colleague")

    assert api.post(f"tickets/{ticket['id']}/watch", {"user_id": colleague.id}).status_code == 204
    assert _watchers(api, ticket["id"]) == [colleague.id]
    for user_id in (ticket["requester_id"], 999_999_999, "me", -1):
        response = api.post(f"tickets/{ticket['id']}/watch", {"user_id": user_id})
        assert response.status_code == 400, (user_id, response.content)
        assert [field for field, _ in error_codes(response)] == ["user_id"]


def test_filter_watching_lists_only_what_the_caller_watches(api, create_ticket):
    watched, other = create_ticket(), create_ticket()
    api.post(f"tickets/{watched['id']}/watch")
    colleague = make_agent("Bo Colleague")
    Api(colleague.key).post(f"tickets/{other['id']}/watch")

    assert ids(api.get("tickets", {"filter": "watching"})) == [watched["id"]]
    assert ids(Api(colleague.key).get("tickets", {"filter": "watching"})) == [other["id"]]


def test_bulk_watch_and_unwatch_change_every_ticket_or_none(api, agent, create_ticket):
    first, second = create_ticket(), create_ticket()

    assert api.put("tickets/bulk_watch", {"ids": [first["id"], second["id"]]}).status_code == 204
    assert (_watchers(api, first["id"]), _watchers(api, second["id"])) == ([agent.id], [agent.id])
    refused = api.put("tickets/bulk_unwatch", {"ids": [first["id"], 999_999_999]})
    assert error_codes(refused) == [("ids", "invalid_value")]
    assert _watchers(api, first["id"]) == [agent.id]  # nothing changed
    assert api.put("tickets/bulk_unwatch", {"ids": [first["id"], second["id"]]}).status_code == 204
    assert (_watchers(api, first["id"]), _watchers(api, second["id"])) == ([], [])


def test_bulk_watch_refuses_malformed_id_lists(api):
    for body in ({}, {"ids": []}, {"ids": "1"}, {"ids": [0]}, {"ids": ["x"]},
                 {"ids": list(range(1, 102))}, {"ids": [1], "extra": 1}):
        assert api.put("tickets/bulk_watch", body).status_code == 400, body


def test_watching_a_missing_or_deleted_ticket(api, create_ticket):
    ticket = create_ticket()
    api.delete(f"tickets/{ticket['id']}")

    assert api.post("tickets/999999999/watch").status_code == 404
    assert api.get("tickets/999999999/watchers").status_code == 404
    assert api.post(f"tickets/{ticket['id']}/watch").status_code == 405


def test_watching_is_in_the_tickets_history(api, agent, create_ticket):
    ticket = create_ticket()
    api.post(f"tickets/{ticket['id']}/watch")

    activities = api.get(f"tickets/{ticket['id']}/activities").json()["activities"]
    assert [(a["event"], a["actor_id"]) for a in activities][-1] == ("WatcherAdded", agent.id)
