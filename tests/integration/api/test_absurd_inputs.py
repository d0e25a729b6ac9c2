"""A 500 is always a bug: absurd requests get a 4xx, never a 5xx, and never poison the store.

Each test sends a family of absurd requests and lists every one that was answered wrongly.
"""

from __future__ import annotations

import pytest

from tests.integration.api.conftest import new_ticket_body

TICKET_FIELDS = ("subject", "description", "status", "priority", "source", "type", "tags",
                 "responder_id", "group_id", "company_id", "product_id", "email_config_id",
                 "cc_emails", "custom_fields", "due_by", "fr_due_by", "requester_id")
REQUESTER_FIELDS = ("email", "name", "phone", "twitter_id", "unique_external_id", "mobile")
NESTED = {"deep": {"er": [1, {"x": None}]}}
HUGE = "999999999999999999"  # 18 digits: the largest id the router accepts
HUGER = "9" * 40


def assert_answered(answers: list[tuple[object, int]], expected: set[int]) -> None:
    """Fail listing every (request, status) pair whose status is not one of `expected`."""
    bad = [(what, status) for what, status in answers if status not in expected]
    assert not bad, f"answered wrongly: {bad}"


def test_huge_zero_or_odd_ids_are_a_404(api):
    calls = [
        ("get", f"tickets/{HUGE}", None), ("put", f"tickets/{HUGE}", {"priority": 2}),
        ("delete", f"tickets/{HUGE}", None), ("put", f"tickets/{HUGE}/restore", None),
        ("put", f"tickets/{HUGE}/spam", None), ("put", f"tickets/{HUGE}/unspam", None),
        ("post", f"tickets/{HUGE}/reply", {"body": "x"}),
        ("post", f"tickets/{HUGE}/notes", {"body": "x"}),
        ("get", f"tickets/{HUGE}/conversations", None), ("get", f"tickets/{HUGE}/activities", None),
        ("put", f"conversations/{HUGE}", {"body": "x"}), ("delete", f"conversations/{HUGE}", None),
        ("get", f"tickets/{HUGER}", None), ("get", "tickets/0", None), ("get", "tickets/-1", None),
        ("get", "tickets/１２", None), ("get", "tickets/1.0", None), ("get", "tickets/0x1", None),
    ]
    answers = []
    for method, path, body in calls:
        call = getattr(api, method)
        response = call(path, body) if method in ("put", "post") else call(path)
        answers.append(((method, path), response.status_code))
    assert_answered(answers, {404})


def test_absurd_list_parameters_are_a_4xx_or_a_page(api, create_ticket):
    create_ticket()
    params = [
        {"per_page": "-5"}, {"page": "-1"}, {"page": HUGER}, {"per_page": HUGER},
        {"page": "1000000"}, {"page": "1000001"}, {"requester_id": HUGER},
        {"company_id": HUGE + "9"}, {"updated_since": "2024-13-45T99:99:99Z"},
        {"updated_since": "0000-01-01"}, {"updated_since": "9999-12-31T23:59:59+14:00"},
        {"updated_since": "2024-01-01T00:00:00.1234567890Z"}, {"email": "ünïcødé@例え.jp"},
        {"email": "x" * 5000}, {"include": ",,,"}, {"filter": "\x00"},
        {"order_by": "id; DROP TABLE es_events"}, {"unique_external_id": "'; select 1; --"},
        {"page": "1e3"}, {"per_page": "٣"}, {"email": "\x00"}, {"unique_external_id": "\x00"},
    ]
    answers = [(p, api.get("tickets", p).status_code) for p in params]
    assert_answered(answers, {200, 400})


def test_a_null_for_any_field_on_create_is_never_a_5xx(api):
    answers = [(field, api.post("tickets", new_ticket_body(**{field: None})).status_code)
               for field in TICKET_FIELDS + REQUESTER_FIELDS]
    assert_answered(answers, {201, 400})


def test_nulls_for_every_field_at_once_on_create_is_a_400(api):
    response = api.post("tickets", dict.fromkeys(TICKET_FIELDS + REQUESTER_FIELDS))
    assert response.status_code == 400


def test_a_null_for_any_field_on_update_is_never_a_5xx(api, create_ticket):
    ticket = create_ticket()
    answers = [(field, api.put(f"tickets/{ticket['id']}", {field: None}).status_code)
               for field in TICKET_FIELDS]
    assert_answered(answers, {200, 400})


def test_a_nested_object_where_a_scalar_or_list_is_expected_is_a_400(api):
    fields = [f for f in TICKET_FIELDS if f != "custom_fields"] + list(REQUESTER_FIELDS)
    answers = [(field, api.post("tickets", new_ticket_body(**{field: NESTED})).status_code)
               for field in fields]
    assert_answered(answers, {400})


def test_a_custom_field_value_that_is_an_object_is_a_400(api):
    response = api.post("tickets", new_ticket_body(custom_fields={"cf_x": NESTED}))
    assert response.status_code == 400, response.content


def test_absurd_requester_ids_are_a_400(api):
    values = [10**19, 2**63, 2**70, -1, 0, 1.5, "12", True, [], "", NESTED]
    answers = [(value, api.post("tickets", new_ticket_body(requester_id=value)).status_code)
               for value in values]
    assert_answered(answers, {400})


@pytest.mark.parametrize("method", ["create", "update"])
def test_an_id_field_beyond_bigint_is_a_400(api, create_ticket, method):
    fields = ("responder_id", "group_id", "company_id", "product_id", "email_config_id")
    ticket = create_ticket() if method == "update" else None
    answers = []
    for field in fields:
        if ticket is None:
            response = api.post("tickets", new_ticket_body(**{field: 2**63}))
        else:
            response = api.put(f"tickets/{ticket['id']}", {field: 2**63})
        answers.append((field, response.status_code))
    assert_answered(answers, {400})


def test_absurd_reply_bodies_are_a_400(api, create_ticket):
    ticket = create_ticket()
    bodies = [
        {"body": NESTED}, {"body": ["a"]}, {"body": 7}, {"body": "x", "user_id": "me"},
        {"body": "x", "user_id": 2**63}, {"body": "x", "user_id": -4},
        {"body": "x", "user_id": NESTED}, {"body": "x", "cc_emails": "a@b.c"},
        {"body": "x", "cc_emails": [NESTED]}, {"body": "x", "from_email": NESTED},
        {"body": "x", "from_email": 12}, {"body": "x", "bcc_emails": [None]},
    ]
    answers = [(body, api.post(f"tickets/{ticket['id']}/reply", body).status_code)
               for body in bodies]
    assert_answered(answers, {400})


def test_absurd_note_bodies_are_a_400(api, create_ticket):
    ticket = create_ticket()
    bodies = [
        {"body": NESTED}, {"body": "x", "private": "perhaps"}, {"body": "x", "private": NESTED},
        {"body": "x", "incoming": [1]}, {"body": "x", "notify_emails": NESTED},
        {"body": "x", "user_id": -4}, {"body": "x", "user_id": "me"},
        {"body": "x", "user_id": 2**63},
    ]
    answers = [(body, api.post(f"tickets/{ticket['id']}/notes", body).status_code)
               for body in bodies]
    assert_answered(answers, {400})


def test_absurd_requests_leave_the_ticket_list_working(api, create_ticket):
    ticket = create_ticket()
    api.post(f"tickets/{ticket['id']}/reply", {"body": "x", "user_id": "me"})
    api.post("tickets", new_ticket_body(group_id=2**63))
    fine = create_ticket()
    response = api.get("tickets")
    assert response.status_code == 200
    assert fine["id"] in [t["id"] for t in response.json()]
    assert response["X-Consistency"] == "consistent"


def test_unicode_everywhere_round_trips(api):
    text = "注文 📦 — ¿dónde está? \u202e reversed 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"
    response = api.post("tickets", new_ticket_body(subject=text, description=text, name=text,
                                                   tags=["标签"], custom_fields={"cf_ü": text}))
    assert response.status_code == 201, response.content
    shown = api.get(f"tickets/{response.json()['id']}", {"include": "requester"}).json()
    assert (shown["subject"], shown["description"]) == (text, text)
    assert shown["custom_fields"] == {"cf_ü": text}
    assert shown["tags"] == ["标签"]
    assert shown["requester"]["name"] == text


def test_a_nul_character_in_any_text_is_a_400(api, create_ticket):
    ticket = create_ticket()
    requests = [("tickets", new_ticket_body(**{field: "a\u0000b"}))
                for field in ("subject", "description", "name", "type")]
    requests += [("tickets", new_ticket_body(custom_fields={"cf_note": "a\u0000b"})),
                 ("tickets", new_ticket_body(tags=["a\u0000"])),
                 (f"tickets/{ticket['id']}/reply", {"body": "hello\u0000"}),
                 (f"tickets/{ticket['id']}/notes", {"body": "hello\u0000"})]
    answers = [((path, body), api.post(path, body).status_code) for path, body in requests]
    assert_answered(answers, {400})


def test_a_very_long_subject_is_a_400(api):
    response = api.post("tickets", new_ticket_body(subject="s" * 10_000))
    assert response.status_code == 400


def test_an_if_match_header_of_garbage_is_a_412(api, create_ticket):
    ticket = create_ticket()
    response = api.put(f"tickets/{ticket['id']}", {"priority": 2},
                       HTTP_IF_MATCH='W/"' + HUGER + '"')
    assert response.status_code == 412


def test_a_huge_idempotency_key_is_not_a_5xx(api):
    response = api.post("tickets", new_ticket_body(), HTTP_IDEMPOTENCY_KEY="k" * 10_000)
    assert response.status_code < 500
