"""Companies: given events, when a command, then events (or a refusal), and the claims a
company takes up and gives up."""

from __future__ import annotations

import math

import pytest

from people.domain.companies import (
    COMPANY,
    COMPANY_DOMAIN,
    COMPANY_NAME,
    CompanyCreated,
    CompanyDeleted,
    CompanyDomainClaimed,
    CompanyNameClaimed,
    CompanyNotFound,
    CompanyUpdated,
    CreateCompany,
    DeleteCompany,
    DuplicateCompany,
    UpdateCompany,
    claim_events,
    claim_keys,
    company_for_email_domain,
    decide_company,
    email_domain,
)
from shopnest.domain.aggregate import ClaimReleased, DecisionContext
from shopnest.domain.errors import AlreadyExists, ValidationFailed

from .ticket_builders import at

NOW = at(0)
COMPANY_ID = 40


def ctx(name_owner=None, domain_owners=None, now=NOW):
    return DecisionContext(now=now, actor_id=7, ids={"company": COMPANY_ID},
                           refs={"name_owner": name_owner, "domain_owners": domain_owners or {}})


def given(*events):
    return COMPANY.fold(events)


def acme(**fields):
    values = {"company_id": COMPANY_ID, "name": "Acme", "domains": ["acme.com"], "at": NOW,
              "actor_id": 7}
    return CompanyCreated(**{**values, **fields})


def errors_of(command, state=COMPANY.initial):
    with pytest.raises(ValidationFailed) as failed:
        decide_company(state, command, ctx())
    return [(e.field, e.code) for e in failed.value.errors]


def test_a_new_company_has_its_fields_normalised_and_defaults_for_the_rest():
    events = decide_company(COMPANY.initial, CreateCompany(fields={
        "name": "  Acme ", "domains": ["Acme.COM", "acme.com", "shop.acme.com."],
        "renewal_date": "2025-12-31T00:00:00Z", "custom_fields": {"website": "acme.com"}}), ctx())

    assert events == [CompanyCreated(
        company_id=COMPANY_ID, name="Acme", domains=["acme.com", "shop.acme.com"],
        renewal_date="2025-12-31T00:00:00Z", custom_fields={"website": "acme.com"}, at=NOW,
        actor_id=7)]
    state = given(*events)
    assert (state.live, state.created_at, state.updated_at) == (True, NOW, NOW)
    assert state.domains == ("acme.com", "shop.acme.com")


def test_a_create_is_never_decided_over_an_existing_company():
    with pytest.raises(AlreadyExists):
        decide_company(given(acme()), CreateCompany(fields={"name": "Other"}), ctx())


def test_a_company_needs_a_name():
    assert errors_of(CreateCompany(fields={"description": "x"})) == [("name", "missing_field")]
    assert errors_of(CreateCompany(fields={"name": "   "})) == [("name", "missing_field")]


@pytest.mark.parametrize("fields, expected", [
    ({"name": 5}, [("name", "datatype_mismatch")]),
    ({"name": "a\x00b"}, [("name", "invalid_value")]),
    ({"name": "\ud800"}, [("name", "invalid_value")]),
    ({"name": "x" * 256}, [("name", "invalid_value")]),
    ({"name": "A", "domains": "acme.com"}, [("domains", "datatype_mismatch")]),
    ({"name": "A", "domains": [3]}, [("domains", "datatype_mismatch")]),
    ({"name": "A", "domains": ["not a domain"]}, [("domains", "invalid_value")]),
    ({"name": "A", "domains": ["-acme.com"]}, [("domains", "invalid_value")]),
    ({"name": "A", "domains": ["http://acme.com"]}, [("domains", "invalid_value")]),
    ({"name": "A", "domains": ["a\x00.com"]}, [("domains", "invalid_value")]),
    ({"name": "A", "renewal_date": "tomorrow"}, [("renewal_date", "invalid_value")]),
    ({"name": "A", "health_score": {"a": 1}}, [("health_score", "datatype_mismatch")]),
    ({"name": "A", "custom_fields": {"a": {"b": 1}}}, [("custom_fields", "datatype_mismatch")]),
    ({"name": "A", "custom_fields": {"a": math.inf}}, [("custom_fields", "invalid_value")]),
    ({"name": "A", "custom_fields": {"a": 2**70}}, [("custom_fields", "invalid_value")]),
    ({"name": "A", "custom_fields": [1]}, [("custom_fields", "datatype_mismatch")]),
    ({"name": "A", "colour": "red"}, [("colour", "invalid_field")]),
    ({"name": None, "note": 3}, [("name", "missing_field"), ("note", "datatype_mismatch")]),
])
def test_bad_fields_are_refused_all_at_once(fields, expected):
    assert errors_of(CreateCompany(fields=fields)) == expected


def test_a_taken_name_or_domain_is_a_duplicate_naming_its_owner():
    with pytest.raises(DuplicateCompany) as name_taken:
        decide_company(COMPANY.initial, CreateCompany(fields={"name": "Acme"}), ctx(name_owner=3))
    with pytest.raises(DuplicateCompany) as domain_taken:
        decide_company(COMPANY.initial, CreateCompany(fields={"name": "B", "domains": ["a.com"]}),
                       ctx(domain_owners={"a.com": 4}))

    assert (name_taken.value.field, name_taken.value.code) == ("name", "duplicate_value")
    assert name_taken.value.additional_info == {"company_id": 3}
    assert (domain_taken.value.field, domain_taken.value.additional_info) == (
        "domains", {"company_id": 4})


def test_an_update_changes_only_what_differs_and_merges_custom_fields():
    state = given(acme(custom_fields={"a": 1, "b": 2}))

    events = decide_company(state, UpdateCompany(company_id=COMPANY_ID, changes={
        "name": "Acme", "note": "VIP", "custom_fields": {"b": 3}}), ctx(now=at(5)))

    assert events == [CompanyUpdated(changes={"note": "VIP", "custom_fields": {"a": 1, "b": 3}},
                                     at=at(5), actor_id=7)]
    after = COMPANY.fold(events, state)
    assert (after.note, dict(after.custom_fields), after.updated_at) == ("VIP", {"a": 1, "b": 3},
                                                                         at(5))
    assert decide_company(state, UpdateCompany(company_id=COMPANY_ID, changes={"name": "Acme"}),
                          ctx()) == []


def test_an_update_keeps_its_own_name_and_domains_but_not_anothers():
    state = given(acme())
    rename = UpdateCompany(company_id=COMPANY_ID, changes={"name": "ACME", "domains": ["acme.com"]})

    assert decide_company(state, rename, ctx(name_owner=COMPANY_ID,
                                             domain_owners={"acme.com": COMPANY_ID}))
    with pytest.raises(DuplicateCompany):
        decide_company(state, UpdateCompany(company_id=COMPANY_ID, changes={"name": "Beta"}),
                       ctx(name_owner=9))


def test_an_update_may_not_drop_the_name_nor_name_unknown_fields():
    state = given(acme())
    assert errors_of(UpdateCompany(company_id=COMPANY_ID, changes={"name": None}), state) == [
        ("name", "missing_field")]
    assert errors_of(UpdateCompany(company_id=COMPANY_ID, changes={"id": 3}), state) == [
        ("id", "invalid_field")]


def test_a_deleted_or_missing_company_is_not_found():
    deleted = given(acme(), CompanyDeleted(at=at(1)))
    for state in (COMPANY.initial, deleted):
        for command in (UpdateCompany(company_id=COMPANY_ID, changes={"note": "x"}),
                        DeleteCompany(company_id=COMPANY_ID)):
            with pytest.raises(CompanyNotFound):
                decide_company(state, command, ctx())
    assert deleted.deleted and not deleted.live


def test_a_new_company_claims_its_name_and_domains():
    after = given(acme(domains=["acme.com", "acme.org"]))

    assert claim_events(COMPANY.initial, after, ctx()) == [
        (COMPANY_NAME, "acme", CompanyNameClaimed(name="acme", company_id=COMPANY_ID, at=NOW,
                                                  actor_id=7)),
        (COMPANY_DOMAIN, "acme.com", CompanyDomainClaimed(domain="acme.com", company_id=COMPANY_ID,
                                                          at=NOW, actor_id=7)),
        (COMPANY_DOMAIN, "acme.org", CompanyDomainClaimed(domain="acme.org", company_id=COMPANY_ID,
                                                          at=NOW, actor_id=7)),
    ]


def test_a_rename_releases_the_old_name_and_a_case_change_touches_no_claim():
    before = given(acme())
    renamed = COMPANY.fold([CompanyUpdated(changes={"name": "Beta", "domains": ["beta.com"]},
                                           at=at(1))], before)
    recased = COMPANY.fold([CompanyUpdated(changes={"name": "ACME"}, at=at(1))], before)

    changes = [(agg.stream_type, key, type(event).__name__)
               for agg, key, event in claim_events(before, renamed, ctx())]
    assert changes == [("company-name", "acme", "ClaimReleased"),
                       ("company-domain", "acme.com", "ClaimReleased"),
                       ("company-name", "beta", "CompanyNameClaimed"),
                       ("company-domain", "beta.com", "CompanyDomainClaimed")]
    assert claim_events(before, recased, ctx()) == []


def test_deleting_a_company_releases_every_claim():
    before = given(acme())
    after = COMPANY.fold([CompanyDeleted(at=at(1))], before)

    assert [(a.stream_type, k, e) for a, k, e in claim_events(before, after, ctx())] == [
        ("company-name", "acme", ClaimReleased(at=NOW, actor_id=7)),
        ("company-domain", "acme.com", ClaimReleased(at=NOW, actor_id=7))]


def test_claim_keys_are_looked_up_only_for_valid_values():
    assert claim_keys({"name": " ACME ", "domains": ["Acme.com"]}) == ("acme", ["acme.com"])
    assert claim_keys({"name": "a\x00"}) == (None, [])
    assert claim_keys({"note": "x"}) == (None, [])


@pytest.mark.parametrize("email, domain", [
    ("ann@Acme.COM", "acme.com"), ("ann@shop.acme.com", "shop.acme.com"),
    ("ann", None), ("ann@", None), ("ann@bad domain", None), (None, None),
])
def test_the_domain_of_an_email_address_is_what_a_contact_joins_a_company_by(email, domain):
    assert email_domain(email) == domain


def test_a_new_contact_joins_the_company_holding_its_email_domain():
    owners = {"acme.com": 40, "free.com": None}

    assert company_for_email_domain("Ann@ACME.com", owners) == 40
    assert company_for_email_domain("ann@free.com", owners) is None
    assert company_for_email_domain("ann@other.com", owners) is None
    assert company_for_email_domain("not an address", owners) is None
