"""The OpenAPI schema and its browsable docs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from django.test import Client

from .conftest import Api

ROOT = Path(__file__).resolve().parents[3]


def test_the_openapi_schema_is_served_without_credentials():
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    schema = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    assert schema["openapi"].startswith("3.")
    assert "/api/v2/tickets" in schema["paths"]
    assert "/api/v2/tickets/{ticket_id}/conversations" in schema["paths"]
    assert set(schema["paths"]["/api/v2/tickets"]) >= {"get", "post"}


def test_the_api_docs_page_is_html_served_without_credentials():
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"/api/schema/" in response.content


def test_the_api_docs_page_loads_its_scripts_from_this_server():
    page = Client().get("/api/docs/").content.decode()
    scripts = re.findall(r'src="(/static/[^"]+\.js)"', page)

    assert scripts, "the docs page names no local script"
    for script in scripts:
        # No CDN is reachable from a desk's network: every asset must come from us.
        assert Client().get(script).status_code == 200, script


def _schema() -> dict:
    return json.loads(Client().get("/api/schema/?format=json").content)


def _component(schema: dict, ref: str) -> dict:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _response_schema(schema: dict, path: str) -> dict:
    content = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    return content["schema"]


def _assert_documents(schema: dict, component: dict, body: dict, where: str) -> None:
    """Every key of `body` is documented, every documented key is there, nulls are nullable."""
    properties = component["properties"]
    assert set(properties) == set(body), (where, set(properties) ^ set(body))
    assert set(component.get("required", [])) == set(body), where
    for name, value in body.items():
        documented = properties[name]
        if isinstance(value, dict):
            _assert_documents(schema, _component(schema, documented["$ref"]), value,
                              f"{where}.{name}")
        elif value is None:
            assert documented.get("nullable") is True, f"{where}.{name} is null but not nullable"


def test_the_agent_endpoints_document_the_agent_json_they_answer_with(agent):
    from .test_agents import make_admin

    admin = make_admin()
    schema = _schema()
    me = Api(admin.key).get("agents/me").json()
    listed = Api(admin.key).get("agents").json()
    one = Api(admin.key).get(f"agents/{agent.id}").json()

    agent_ref = _response_schema(schema, "/api/v2/agents/me")["$ref"]
    assert _response_schema(schema, "/api/v2/agents/{agent_id}")["$ref"] == agent_ref
    assert _response_schema(schema, "/api/v2/agents") == {"type": "array",
                                                          "items": {"$ref": agent_ref}}
    for where, body in [("me", me), ("list", listed[0]), ("detail", one)]:
        _assert_documents(schema, _component(schema, agent_ref), body, where)


def test_schema_generation_reports_no_warnings_or_errors(tmp_path):
    """drf-spectacular's own strict mode, as CI would run it: a view it cannot describe is a
    warning (and silently left out of the schema) otherwise."""
    out = tmp_path / "schema.yaml"
    done = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--file", str(out), "--validate",
         "--fail-on-warn"], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"})

    assert done.returncode == 0, done.stderr[-3000:]
    assert "Warning" not in done.stderr and "Error" not in done.stderr, done.stderr[-3000:]
    assert "/api/v2/agents/me" in yaml.safe_load(out.read_text())["paths"]
