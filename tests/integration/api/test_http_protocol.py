"""HTTP conventions of the API: negotiation, bodies, verbs, URLs, headers (§0, §6, §7, §8)."""

from __future__ import annotations

from tests.integration.api.conftest import error_codes, new_ticket_body

API_VERSION = "latest=v2; requested=v2"


def test_an_accept_header_other_than_json_is_a_406(api):
    response = api.get("tickets", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response.json()["code"]


def test_json_or_anything_accept_headers_are_served(api):
    accepts = ["application/json", "*/*", "application/json; charset=utf-8",
               "text/html, application/json;q=0.9", ""]
    answers = {accept: api.get("tickets", HTTP_ACCEPT=accept).status_code for accept in accepts}
    assert answers == dict.fromkeys(accepts, 200)


def test_an_xml_body_is_a_415(api):
    response = api.post("tickets", "<ticket><subject>x</subject></ticket>",
                        content_type="application/xml")
    assert response.status_code == 415
    assert set(response.json()) == {"code", "message"}


def test_invalid_json_is_a_400_invalid_json(api):
    response = api.post("tickets", '{"subject": "unterminated', content_type="application/json")
    assert response.status_code == 400
    assert [code for _, code in error_codes(response)] == ["invalid_json"]


def test_a_json_body_that_is_not_an_object_is_a_400(api, create_ticket, add_note):
    ticket = create_ticket()
    note = add_note(ticket["id"])
    targets = [(api.post, "tickets"), (api.put, f"tickets/{ticket['id']}"),
               (api.post, f"tickets/{ticket['id']}/reply"),
               (api.post, f"tickets/{ticket['id']}/notes"),
               (api.put, f"conversations/{note['id']}")]
    for method, path in targets:
        for body in ('[{"subject": "x"}]', '"just a string"', "42", "null", "true"):
            response = method(path, body, content_type="application/json")
            assert (path, body, response.status_code) == (path, body, 400)
            assert [code for _, code in error_codes(response)] == ["invalid_json"]


def test_a_body_larger_than_the_limit_is_a_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post("tickets", new_ticket_body(description="x" * 2000))
    assert response.status_code == 413


def test_a_multipart_body_larger_than_the_limit_is_a_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post_form("tickets", {"email": "big@example.com", "description": "x" * 2000})
    assert response.status_code == 413


def test_a_body_just_under_the_limit_is_accepted(api, settings):
    body = new_ticket_body(description="y" * 500)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    assert api.post("tickets", body).status_code == 201


def test_a_json_content_type_on_get_and_delete_is_accepted(api, create_ticket):
    ticket = create_ticket()
    response = api.get(f"tickets/{ticket['id']}", CONTENT_TYPE="application/json")
    assert response.status_code == 200
    assert api.get("tickets", CONTENT_TYPE="application/json").status_code == 200
    assert api.delete(f"tickets/{ticket['id']}", content_type="application/json").status_code == 204


def test_an_empty_json_put_is_accepted(api, create_ticket):
    ticket = create_ticket()
    assert api.put(f"tickets/{ticket['id']}/spam", "", content_type="application/json").status_code == 204
    assert api.put(f"tickets/{ticket['id']}/unspam").status_code == 204


def test_a_trailing_slash_is_accepted_without_a_redirect(api, create_ticket):
    ticket = create_ticket()
    assert api.get("/api/v2/tickets/").status_code == 200
    assert api.get(f"/api/v2/tickets/{ticket['id']}/").status_code == 200
    response = api.post("/api/v2/tickets/", new_ticket_body())
    assert response.status_code == 201


def test_a_wrong_verb_is_a_405(api, create_ticket):
    create_ticket()
    calls = [("patch", "tickets/1"), ("put", "tickets"), ("delete", "tickets"),
             ("get", "tickets/1/reply"), ("post", "tickets/1"), ("get", "conversations/1"),
             ("post", "tickets/1/restore"), ("get", "tickets/1/spam"),
             ("post", "tickets/1/conversations"), ("delete", "tickets/1/activities")]
    answers = {call: getattr(api, call[0])(call[1]) for call in calls}
    assert {call: r.status_code for call, r in answers.items()} == dict.fromkeys(calls, 405)
    assert {r.json()["code"] for r in answers.values()} == {"method_not_allowed"}


def test_an_unknown_api_url_is_a_404_with_an_empty_body(api):
    paths = ["/api/v2/nothing", "/api/v2/tickets/1/nothing", "/api/v2/tickets/abc", "/api/v2/",
             "/api/v3/tickets", "/api/v2//tickets", "/api/v2/tickets//1"]
    answers = {path: api.get(path) for path in paths}
    assert {p: (r.status_code, r.content) for p, r in answers.items()} == dict.fromkeys(
        paths, (404, b""))


def test_every_api_response_carries_the_version_header_and_no_retry_after(api, create_ticket):
    ticket = create_ticket()
    responses = [
        api.get("tickets"), api.post("tickets", new_ticket_body()),
        api.get(f"tickets/{ticket['id']}"), api.put(f"tickets/{ticket['id']}", {"priority": 2}),
        api.post(f"tickets/{ticket['id']}/notes", {"body": "n"}),
        api.get(f"tickets/{ticket['id']}/conversations"), api.get("tickets/404404"),
        api.get("tickets", {"per_page": 0}), api.patch("tickets/1"),
        api.get("/api/v2/nowhere"), api.get("tickets", HTTP_ACCEPT="text/xml"),
        api.get("tickets", HTTP_AUTHORIZATION="Basic Zm9vOlg="),
        api.put(f"tickets/{ticket['id']}", {"priority": 2}, HTTP_IF_MATCH='"0"'),
        api.delete(f"tickets/{ticket['id']}"),
    ]
    assert [r.get("X-Freshdesk-Api-Version") for r in responses] == [API_VERSION] * 14
    assert [r.status_code for r in responses if "Retry-After" in r] == []
    assert all(r.get("X-Request-Id") for r in responses)


def test_a_client_request_id_is_echoed(api):
    assert api.get("tickets", HTTP_X_REQUEST_ID="req-123")["X-Request-Id"] == "req-123"


def test_api_responses_are_json_encoded_as_utf8(api, create_ticket):
    ticket = create_ticket(subject="Zoë’s order ✓")
    response = api.get(f"tickets/{ticket['id']}")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["subject"] == "Zoë’s order ✓"
