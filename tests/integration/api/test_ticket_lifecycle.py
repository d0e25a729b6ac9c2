"""Delete, restore, spam and unspam (FRESHDESK_API.md §2, §2.1)."""

from __future__ import annotations

import pytest

from tests.integration.api.conftest import ids, make_company


def test_deleting_a_ticket_answers_204_with_an_empty_body(api, create_ticket):
    ticket = create_ticket()
    response = api.delete(f"tickets/{ticket['id']}")
    assert response.status_code == 204
    assert response.content == b""


def test_a_deleted_ticket_leaves_the_default_list_and_shows_under_filter_deleted(api,
                                                                                create_ticket):
    kept = create_ticket()["id"]
    trashed = create_ticket()["id"]
    api.delete(f"tickets/{trashed}")
    assert ids(api.get("tickets")) == [kept]
    assert ids(api.get("tickets", {"filter": "deleted"})) == [trashed]


def test_a_deleted_ticket_can_still_be_viewed_and_says_so(api, create_ticket):
    ticket = create_ticket()
    api.delete(f"tickets/{ticket['id']}")
    shown = api.get(f"tickets/{ticket['id']}")
    assert shown.status_code == 200
    assert shown.json()["deleted"] is True


@pytest.mark.parametrize("path, body", [("reply", {"body": "hi"}), ("notes", {"body": "hi"})])
def test_replying_or_noting_on_a_deleted_ticket_is_a_405(api, create_ticket, path, body):
    ticket = create_ticket()
    api.delete(f"tickets/{ticket['id']}")
    assert api.post(f"tickets/{ticket['id']}/{path}", body).status_code == 405


def test_restoring_a_deleted_ticket_answers_204_and_brings_it_back(api, create_ticket):
    ticket = create_ticket()
    api.delete(f"tickets/{ticket['id']}")
    response = api.put(f"tickets/{ticket['id']}/restore")
    assert response.status_code == 204
    assert response.content == b""
    assert ids(api.get("tickets")) == [ticket["id"]]
    assert ids(api.get("tickets", {"filter": "deleted"})) == []
    assert api.get(f"tickets/{ticket['id']}").json()["deleted"] is False
    assert api.put(f"tickets/{ticket['id']}", {"priority": 3}).status_code == 200


def test_restoring_a_ticket_that_is_not_deleted_is_a_harmless_204(api, create_ticket):
    ticket = create_ticket()
    assert api.put(f"tickets/{ticket['id']}/restore").status_code == 204
    assert api.get(f"tickets/{ticket['id']}")["ETag"] == '"1"'


def test_deleting_a_deleted_ticket_again_is_a_405(api, create_ticket):
    ticket = create_ticket()
    api.delete(f"tickets/{ticket['id']}")
    assert api.delete(f"tickets/{ticket['id']}").status_code == 405


def test_marking_a_ticket_as_spam_answers_204_and_moves_it_to_filter_spam(api, create_ticket):
    kept = create_ticket()["id"]
    junk = create_ticket()["id"]
    response = api.put(f"tickets/{junk}/spam")
    assert response.status_code == 204
    assert response.content == b""
    assert ids(api.get("tickets")) == [kept]
    assert ids(api.get("tickets", {"filter": "spam"})) == [junk]
    assert api.get(f"tickets/{junk}").json()["spam"] is True


def test_unspam_answers_204_and_puts_the_ticket_back_in_the_list(api, create_ticket):
    ticket = create_ticket()["id"]
    api.put(f"tickets/{ticket}/spam")
    response = api.put(f"tickets/{ticket}/unspam")
    assert response.status_code == 204
    assert ids(api.get("tickets")) == [ticket]
    assert ids(api.get("tickets", {"filter": "spam"})) == []
    assert api.get(f"tickets/{ticket}").json()["spam"] is False


def test_a_deleted_spam_ticket_is_only_under_filter_deleted(api, create_ticket):
    ticket = create_ticket()["id"]
    api.put(f"tickets/{ticket}/spam")
    assert api.delete(f"tickets/{ticket}").status_code == 204
    assert ids(api.get("tickets", {"filter": "spam"})) == []
    assert ids(api.get("tickets", {"filter": "deleted"})) == [ticket]


def test_spam_and_deleted_filters_combine_with_other_parameters(api, create_ticket):
    three, four = make_company(), make_company()
    junk = create_ticket(company_id=three)["id"]
    other = create_ticket(company_id=four)["id"]
    for ticket in (junk, other):
        api.put(f"tickets/{ticket}/spam")
    listed = ids(api.get("tickets", {"filter": "spam", "company_id": three,
                                     "updated_since": "2000-01-01", "include": "stats"}))
    assert listed == [junk]


def test_lifecycle_actions_on_an_unknown_ticket_are_a_404(api):
    for method, path in (("delete", ""), ("put", "/restore"), ("put", "/spam"),
                         ("put", "/unspam")):
        response = getattr(api, method)(f"tickets/777777{path}")
        assert (path, response.status_code, response.content) == (path, 404, b"")
