"""Bad input to the contact endpoints is a 400 naming the field, never a 500: each class of
value (NUL, lone surrogates, non-finite and huge numbers, over-long text, wrong types, nested
objects) is sent to every field that could meet it, on create and on update."""

from __future__ import annotations

import json

from tests.integration.api.contacts import create_contact, new_contact_body

TEXT_FIELDS = ("name", "phone", "mobile", "twitter_id", "unique_external_id", "address",
               "job_title", "time_zone", "description", "language")
# Raw JSON, so that what no Python client would send still reaches the parser.
BAD_TEXT = ['"a\\u0000b"', '"\\ud800"', '"x\\udfffy"', "123", "true", '{"a": 1}', '["a"]',
            '"' + "x" * 70_000 + '"']
BAD_BY_FIELD = {
    "email": ['"a\\u0000@example.com"', '"\\ud800@example.com"', '"not an address"', "7",
              '"' + "x" * 250 + '@example.com"'],
    "other_emails": ['"a@example.com"', '["\\u0000@example.com"]', '[{"a": 1}]',
                     json.dumps([f"a{i}@example.com" for i in range(11)])],
    "company_id": ["0", "-1", "9223372036854775808", "1e400", '"7"', "true", "1.5"],
    "view_all_tickets": ['"yes"', "1", "[true]"],
    "other_companies": ['{"company_id": 1}', "[1]", '[{"company_id": "x"}]',
                        '[{"company_id": 1, "extra": true}]', '[{}]'],
    "tags": ['"vip"', '["\\u0000"]', '[1]', '[""]', '[{"a": 1}]'],
    "custom_fields": ['[]', '{"cf": {"nested": 1}}', '{"cf": [1]}', '{"cf": 1e999}',
                      '{"cf": 123456789012345678901234567890}', '{"cf": "\\ud800"}',
                      '{"\\u0000": 1}', '{"' + "k" * 300 + '": 1}'],
}


def _body(field: str, raw: str) -> str:
    base = json.dumps({k: v for k, v in new_contact_body().items() if k != field})
    return base[:-1] + f', "{field}": {raw}}}'


def _wrong(response, field: str) -> bool:
    if response.status_code != 400:
        return True
    return field not in [e.get("field") for e in response.json().get("errors", [])]


def test_every_bad_value_of_every_field_is_a_400_naming_it_on_create_and_update(api):
    contact = create_contact(api)
    cases = {**{f: BAD_TEXT for f in TEXT_FIELDS}, **BAD_BY_FIELD}
    wrong = []
    for field, values in cases.items():
        for raw in values:
            created = api.post("contacts", _body(field, raw))
            updated = api.put(f"contacts/{contact['id']}", "{" + f'"{field}": {raw}' + "}")
            for verb, response in (("create", created), ("update", updated)):
                if _wrong(response, field) and not _parser_refused(response):
                    wrong.append((verb, field, raw[:30], response.status_code,
                                  response.content[:200]))
    assert not wrong, wrong
    assert api.get(f"contacts/{contact['id']}").json() == contact


def _parser_refused(response) -> bool:
    """Numbers JSON cannot carry to us (1e400, 1e999) are refused by the parser, before any
    field is read: a 400 without a field is right for them."""
    return response.status_code == 400 and response.json()["errors"][0]["code"] == "invalid_json"


def test_a_body_that_is_no_object_is_a_400(api):
    for raw in ("[]", '"text"', "12", "{", "null"):
        response = api.post("contacts", raw)
        assert response.status_code == 400, (raw, response.content)
