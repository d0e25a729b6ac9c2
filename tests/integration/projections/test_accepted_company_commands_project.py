"""Property: whatever company command the mediator accepts, the companies projection stores,
and its row is a fresh fold of the company's stream (as for tickets, beside this file)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from people.domain.companies import COMPANY, CreateCompany, DeleteCompany, UpdateCompany
from people.models import CompanyView
from people.projections.company_rows import company_row
from shopnest.eventstore import streams
from shopnest.projections import registry, runner
from tests.integration.eventstore.helpers import last_recorded, wait_until_visible
from tests.integration.projections.ledger import projection_state
from tests.integration.projections.test_accepted_commands_project import (
    _as_written,
    _send,
    bodies,
    edge_numbers,
    edge_texts,
    hostile_texts,
    impossible_moments,
    moments,
    nested,
    plain_texts,
    scalars,
)
from tests.support.reset import reset_event_store, reset_redis_keys

domains = st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,6}){0,2}", fullmatch=True)
GOOD = {
    "name": bodies, "description": plain_texts, "note": plain_texts,
    "domains": st.lists(domains, max_size=3), "health_score": plain_texts,
    "account_tier": plain_texts, "industry": plain_texts, "renewal_date": moments,
    "custom_fields": st.dictionaries(bodies, scalars, max_size=3),
}
EDGE = {
    "name": edge_texts | nested, "description": edge_texts, "note": edge_texts,
    "domains": st.lists(edge_texts | domains.map(str.upper), min_size=1, max_size=2) | nested,
    "health_score": edge_texts, "account_tier": edge_texts, "industry": edge_texts,
    "renewal_date": impossible_moments | edge_texts,
    "custom_fields": st.dictionaries(hostile_texts | bodies, edge_numbers | hostile_texts
                                     | nested, min_size=1, max_size=2) | nested,
}


@st.composite
def company_fields(draw, edge: str | None, *, create: bool):
    names = set(draw(st.lists(st.sampled_from(sorted(GOOD)), unique=True, max_size=4)))
    if create:
        names.add("name")
    values = {name: draw(GOOD[name]) for name in names - {edge}}
    if edge is not None:
        values[edge] = draw(EDGE[edge])
    return values


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("edge", sorted(EDGE))
@hypothesis_settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                             HealthCheck.too_slow])
@given(data=st.data())
def test_every_accepted_company_command_projects_and_folds_to_its_row(edge, data):
    reset_event_store(connection)
    reset_redis_keys(cache, settings.CACHE_KEY_PREFIX)
    steps = data.draw(st.lists(st.sampled_from(["update", "delete"]), max_size=3))
    edge_at = data.draw(st.integers(0, len(steps)))
    created = _send(CreateCompany(fields=data.draw(
        company_fields(edge if edge_at == 0 else None, create=True))))
    if created is None:
        return
    company_id = created.result["company"]["id"]
    for number, step in enumerate(steps, 1):
        if step == "delete":
            _send(DeleteCompany(company_id=company_id))
        else:
            _send(UpdateCompany(company_id=company_id, changes=data.draw(
                company_fields(edge if edge_at == number else None, create=False))))
    wait_until_visible(last_recorded())
    projection = registry.get("companies")
    runner.run_until_caught_up(projection)
    state = projection_state(projection.name)
    assert (state["status"], state["failures"]) == ("running", 0), state
    fresh = company_row(streams.load(COMPANY, company_id))
    assert _as_written(CompanyView.objects.filter(id=company_id).values().get()) == fresh
