"""Two real gunicorn processes sharing one Redis spend one rate-limit budget: the desk's
(FRESHDESK_API.md §7), however its calls are spread over web processes."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.e2e.make_run_support import http
from tests.integration.api.conftest import make_agent
from tests.support.web import GunicornProcess

pytestmark = pytest.mark.e2e


@pytest.fixture
def two_web_processes(clean_state, tmp_path):
    processes = [GunicornProcess(database=connection.settings_dict, log=tmp_path / f"web{n}.log",
                                 API_RATE_LIMIT_PER_MINUTE="6")
                 for n in (1, 2)]
    try:
        for process in processes:
            process.wait_ready()
        yield processes
    finally:
        for process in processes:
            process.stop()


def test_two_web_processes_count_down_one_budget_and_both_refuse_when_it_is_spent(
        two_web_processes):
    key = make_agent().key
    first, second = two_web_processes
    answers = [http("GET", web.base + "/api/v2/agents/me", key=key)
               for web in (first, second, first, second, first, second)]
    assert [a.status for a in answers] == [200] * 6
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["5", "4", "3", "2", "1", "0"]
    assert {a.headers["X-RateLimit-Total"] for a in answers} == {"6"}
    for web in (first, second):
        refused = http("GET", web.base + "/api/v2/agents/me", key=key)
        assert refused.status == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert refused.body["code"] == "rate_limited"
