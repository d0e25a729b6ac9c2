"""Production settings: the desk refuses to start on a key or hosts it was not given, one
variable (HTTPS_ONLY) makes it HTTPS only (plain-HTTP API calls answer Freshdesk's 403
ssl_required, pages redirect, cookies are secure, HSTS), and Django's deployment checklist
(`manage.py check --deploy`) finds nothing to report. Each case starts Django in a fresh
interpreter with only the environment an operator would set."""

from __future__ import annotations

import pytest

from .django_process import DESK_HOST, answers, manage, production_environment, run


@pytest.fixture
def clean_state():
    """Nothing here touches the event store: no need to empty it."""
    yield


def _without(environment: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in environment.items() if k not in names}


# --- refusing to start --------------------------------------------------------------------

def test_production_refuses_to_start_without_a_secret_key_and_says_which_variable():
    done = manage(_without(production_environment(), "SECRET_KEY"), "check")

    assert done.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in done.stderr, done.stderr[-2000:]


@pytest.mark.parametrize("published", ["dev-insecure-change-me", "change-me-in-production"])
def test_production_refuses_the_placeholder_keys_this_repository_has_published(published):
    done = manage(production_environment(SECRET_KEY=published), "check")

    assert done.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set (or is a published placeholder)" in (
        done.stderr), done.stderr[-2000:]


def test_production_refuses_to_start_without_allowed_hosts_and_says_which_variable():
    done = manage(_without(production_environment(), "ALLOWED_HOSTS"), "check")

    assert done.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS is not set" in done.stderr, done.stderr[-2000:]


def test_gunicorn_does_not_boot_without_a_secret_key():
    done = run(_without(production_environment(), "SECRET_KEY"),
               "gunicorn", "config.wsgi", "--check-config")

    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stdout + done.stderr


def test_with_debug_on_the_desk_starts_without_a_key_or_hosts_for_development():
    done = manage(_without(production_environment(DEBUG="1"), "SECRET_KEY", "ALLOWED_HOSTS"),
                  "check")

    assert done.returncode == 0, done.stderr[-2000:]


# --- Django's deployment checklist ----------------------------------------------------------

def test_check_deploy_with_production_settings_reports_no_issues():
    done = manage(production_environment(HTTPS_ONLY="1"), "check", "--deploy",
                  "--fail-level", "WARNING")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout, done.stdout
    assert "WARNING" not in done.stdout + done.stderr, done.stdout + done.stderr


# --- HTTPS only -----------------------------------------------------------------------------

PLAIN = {"Host": DESK_HOST}  # as the proxy passes a plain-HTTP request on (or none at all)
PLAIN_VIA_PROXY = {"Host": DESK_HOST, "X-Forwarded-Proto": "http"}
HTTPS = {"Host": DESK_HOST, "X-Forwarded-Proto": "https"}


def test_with_https_only_a_plain_http_api_call_answers_freshdesks_403_ssl_required():
    calls = [
        {"method": "GET", "path": "/api/v2/tickets", "headers": PLAIN},
        {"method": "GET", "path": "/api/v2/tickets", "headers": PLAIN_VIA_PROXY},
        {"method": "POST", "path": "/api/v2/tickets", "headers": PLAIN_VIA_PROXY,
         "body": '{"email": "kim@example.com", "subject": "Hi", "description": "x"}'},
        {"method": "PUT", "path": "/api/v2/tickets/1/", "headers": PLAIN, "body": "{}"},
        {"method": "GET", "path": "/api/schema/", "headers": PLAIN},
    ]

    for call, answer in zip(calls, answers(production_environment(HTTPS_ONLY="1"), calls),
                            strict=True):
        assert answer.status == 403, (call, answer)
        assert answer.headers["Content-Type"] == "application/json", (call, answer)
        assert set(answer.json()) == {"code", "message"}, answer.body
        assert answer.json()["code"] == "ssl_required", answer.body
        assert "Location" not in answer.headers, (call, answer)  # never a redirect


def test_the_ssl_required_answer_carries_the_api_headers():
    (answer,) = answers(production_environment(HTTPS_ONLY="1"),
                        [{"method": "GET", "path": "/api/v2/agents/me", "headers": PLAIN}])

    assert answer.status == 403
    assert answer.headers["X-Freshdesk-Api-Version"] == "latest=v2; requested=v2"
    assert answer.headers["X-Request-Id"]


def test_with_https_only_an_api_call_through_the_https_proxy_is_served_with_hsts():
    (answer,) = answers(production_environment(HTTPS_ONLY="1"),
                        [{"method": "GET", "path": "/api/v2/tickets", "headers": HTTPS}])

    assert answer.status == 401 and answer.json()["code"] == "invalid_credentials", answer
    assert answer.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload")


def test_hsts_seconds_sets_the_max_age_for_a_cautious_first_rollout():
    (answer,) = answers(production_environment(HTTPS_ONLY="1", HSTS_SECONDS="300"),
                        [{"method": "GET", "path": "/api/v2/tickets", "headers": HTTPS}])

    assert answer.headers["Strict-Transport-Security"].startswith("max-age=300;")


def test_with_https_only_pages_redirect_to_https_and_set_secure_cookies_only():
    plain, secure = answers(production_environment(HTTPS_ONLY="1"), [
        {"method": "GET", "path": "/admin/login/", "headers": PLAIN_VIA_PROXY},
        {"method": "GET", "path": "/admin/login/", "headers": HTTPS},
    ])

    assert plain.status == 301, plain
    assert plain.headers["Location"] == f"https://{DESK_HOST}/admin/login/"
    assert secure.status == 200, secure.body[-2000:]
    assert secure.secure_cookies == {"csrftoken": True}
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_with_https_only_the_session_cookie_is_secure_too():
    done = run(production_environment(HTTPS_ONLY="1"), "python", "-c",
               "import django; django.setup(); from django.conf import settings as s; "
               "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)")

    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[-2] == "True True ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_with_https_only_health_checks_still_answer_over_plain_http():
    live, health = answers(production_environment(HTTPS_ONLY="1"), [
        {"method": "GET", "path": "/healthz/live", "headers": PLAIN},
        {"method": "GET", "path": "/healthz", "headers": PLAIN},
    ])

    assert live.status == 200 and live.json() == {"status": "ok"}, live
    # 200 or 503 depending on this machine's projections: answered, not redirected.
    assert health.status in (200, 503) and "Location" not in health.headers, health


def test_without_https_only_plain_http_is_served_as_before():
    api, page = answers(production_environment(), [
        {"method": "GET", "path": "/api/v2/tickets", "headers": PLAIN},
        {"method": "GET", "path": "/admin/login/", "headers": PLAIN},
    ])

    assert api.status == 401 and api.json()["code"] == "invalid_credentials", api
    assert page.status == 200 and page.secure_cookies == {"csrftoken": False}, page
    assert "Strict-Transport-Security" not in page.headers
