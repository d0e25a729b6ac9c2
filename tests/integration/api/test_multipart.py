"""multipart/form-data bodies: arrays as key[], custom fields as custom_fields[name] (§0)."""

from __future__ import annotations

from tests.integration.api.conftest import basic_auth, error_codes


def test_a_multipart_create_takes_array_and_custom_field_keys(api):
    response = api.post_form("tickets", {
        "email": "form@example.com", "subject": "Sent as a form", "description": "<p>form</p>",
        "status": "3", "priority": "2", "tags[]": ["a", "b"],
        "cc_emails[]": ["cc@example.com"], "custom_fields[cf_x]": "value x",
        "custom_fields[cf_order]": "A-9",
    })
    assert response.status_code == 201, response.content
    ticket = response.json()
    assert (ticket["status"], ticket["priority"]) == (3, 2)
    assert ticket["tags"] == ["a", "b"]
    assert ticket["cc_emails"] == ["cc@example.com"]
    assert ticket["custom_fields"] == {"cf_x": "value x", "cf_order": "A-9"}
    assert api.get(f"tickets/{ticket['id']}").json()["custom_fields"] == ticket["custom_fields"]


def test_a_multipart_integer_field_that_is_not_a_number_is_a_400(api):
    response = api.post_form("tickets", {"email": "form2@example.com", "priority": "high"})
    assert response.status_code == 400
    assert error_codes(response) == [("priority", "invalid_value")]


def test_a_multipart_update_works_like_a_json_one(api, create_ticket):
    ticket = create_ticket()
    response = api.client.put(
        f"/api/v2/tickets/{ticket['id']}",
        "status=4&tags[]=done&custom_fields[cf_x]=y",
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=basic_auth(api.key),
    )
    assert response.status_code == 200, response.content
    updated = response.json()
    assert (updated["status"], updated["tags"], updated["custom_fields"]) == (4, ["done"],
                                                                             {"cf_x": "y"})


def test_a_multipart_note_is_private_unless_told_otherwise(api, create_ticket):
    ticket = create_ticket()
    private = api.post_form(f"tickets/{ticket['id']}/notes", {"body": "form note"})
    public = api.post_form(f"tickets/{ticket['id']}/notes", {"body": "form note",
                                                             "private": "false"})
    assert (private.status_code, public.status_code) == (201, 201)
    assert private.json()["private"] is True
    assert public.json()["private"] is False


def test_a_form_field_sent_in_two_forms_is_a_400(api):
    for fields in ({"tags[]": "a", "tags[x]": "b"}, {"custom_fields[a]": "1", "custom_fields": "x"},
                   {"tags": "a", "tags[]": "b"}):
        response = api.post_form("tickets", {"email": "f@example.com", **fields})
        assert response.status_code == 400, (fields, response.content)
