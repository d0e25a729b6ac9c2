"""Property: whatever contact command the mediator accepts, the contacts projection stores,
and its row is a fresh fold of the stream; whatever it refuses is a DomainError (a 4xx).

Hypothesis sends CreateContact and UpdateContact straight to the mediator with fields of the
right kind and one field from its edge class (NUL and lone surrogates, over-long text, ids
beyond bigint, non-finite and huge numbers, nested data where a scalar belongs, wrong types).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from people.domain.contacts import CONTACT, CreateContact, UpdateContact
from people.models import ContactView
from people.projections.rows import contact_row
from shopnest.domain.errors import DomainError
from shopnest.eventstore import streams
from shopnest.mediator import mediator
from shopnest.projections import registry, runner
from shopnest.timestamps import format_datetime
from tests.integration.eventstore.helpers import last_recorded, wait_until_visible
from tests.integration.mediator.tickets import agent
from tests.integration.projections.ledger import projection_state
from tests.integration.projections.test_accepted_commands_project import (
    bodies,
    edge_numbers,
    edge_texts,
    emails,
    hostile_texts,
    nested,
    plain_texts,
    scalars,
)
from tests.support.reset import reset_event_store, reset_redis_keys

TEXT_FIELDS = ("phone", "mobile", "twitter_id", "unique_external_id", "address",
               "description", "job_title", "time_zone")
GOOD = {
    "name": bodies, "email": emails, "other_emails": st.lists(emails, max_size=3),
    **dict.fromkeys(TEXT_FIELDS, plain_texts), "language": st.sampled_from(["en", "de", "fr"]),
    "view_all_tickets": st.booleans(), "tags": st.lists(bodies, max_size=3),
    "custom_fields": st.dictionaries(bodies, scalars, max_size=3),
}
EDGE = {
    "name": edge_texts | nested, "email": hostile_texts.map("{}@x.example".format) | edge_texts,
    "other_emails": st.lists(hostile_texts.map("{}@x.example".format), min_size=1, max_size=2)
    | st.lists(emails, min_size=11, max_size=12) | nested,
    **dict.fromkeys(TEXT_FIELDS, edge_texts | nested | st.just("x" * 70_000)),
    "language": edge_texts, "company_id": edge_numbers | hostile_texts,
    "view_all_tickets": edge_numbers | hostile_texts,
    "other_companies": nested | st.lists(st.fixed_dictionaries(
        {"company_id": edge_numbers}), min_size=1, max_size=2),
    "tags": st.lists(edge_texts, min_size=1, max_size=2) | nested,
    "custom_fields": st.dictionaries(hostile_texts | bodies | st.just("k" * 300),
                                     edge_numbers | hostile_texts | nested,
                                     min_size=1, max_size=2) | nested,
}


@st.composite
def details(draw, edge: str | None, *, creating: bool):
    names = set(draw(st.lists(st.sampled_from(sorted(GOOD)), unique=True, max_size=5)))
    values = {name: draw(GOOD[name]) for name in names - {edge}}
    if creating:
        values.setdefault("name", draw(bodies))
        values.setdefault("email", draw(emails))
    if edge is not None:
        values[edge] = draw(EDGE[edge])
    return values


def _send(command):
    try:
        return mediator.send(command, agent(7))
    except DomainError:
        return None


def _as_written(row: dict) -> dict:
    return {name: format_datetime(value) for name, value in row.items()}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("edge", sorted(EDGE))
@hypothesis_settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                             HealthCheck.too_slow])
@given(data=st.data())
def test_every_accepted_contact_command_projects_and_folds_to_its_row(edge, data):
    reset_event_store(connection)
    reset_redis_keys(cache, settings.CACHE_KEY_PREFIX)
    edge_in_update = data.draw(st.booleans())
    created = _send(CreateContact(**data.draw(details(None if edge_in_update else edge,
                                                      creating=True))))
    if created is None:
        return
    contact_id = created.result["contact"]["id"]
    if edge_in_update:
        _send(UpdateContact(contact_id=contact_id,
                            changes=data.draw(details(edge, creating=False))))
    wait_until_visible(last_recorded())
    projection = registry.get("contacts")
    runner.run_until_caught_up(projection)
    state = projection_state("contacts")
    assert (state["status"], state["failures"]) == ("running", 0), state
    fresh = contact_row(streams.load(CONTACT, contact_id))
    assert _as_written(ContactView.objects.filter(id=contact_id).values().get()) == fresh
