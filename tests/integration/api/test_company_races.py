"""Two admins creating one company at the same moment: one company, one 409 — the name's
claim stream takes one append at its version, whatever the timing."""

from __future__ import annotations

from people.domain.companies import COMPANY_DOMAIN, COMPANY_NAME
from shopnest.eventstore import store
from shopnest.models import StreamRecord
from tests.integration.eventstore.helpers import run_together

from .conftest import Api
from .test_agents import make_admin


def _company_streams() -> int:
    return StreamRecord.objects.filter(stream_type="company").count()


def _create(key: str, body: dict) -> int:
    return Api(key).post("companies", body).status_code


def test_of_two_creates_with_one_name_one_makes_the_company_and_one_is_a_409():
    left, right = make_admin("Lea Left").key, make_admin("Rob Right").key
    for round_ in range(4):
        name = f"Racing {round_}"
        outcomes = run_together(lambda n=name: _create(left, {"name": n}),
                                lambda n=name: _create(right, {"name": n.upper()}))

        assert sorted(outcomes) == [201, 409], outcomes
        assert len(store.read_stream(COMPANY_NAME.stream_id(name.casefold()))) == 1
    assert _company_streams() == 4


def test_of_two_creates_claiming_one_domain_one_wins():
    left, right = make_admin("Lea Left").key, make_admin("Rob Right").key
    outcomes = run_together(
        lambda: _create(left, {"name": "Left Ltd", "domains": ["shared.com", "left.com"]}),
        lambda: _create(right, {"name": "Right Ltd", "domains": ["right.com", "shared.com"]}))

    assert sorted(outcomes) == [201, 409], outcomes
    assert len(store.read_stream(COMPANY_DOMAIN.stream_id("shared.com"))) == 1
    assert _company_streams() == 1
