"""The OpenAPI schema and its browsable docs."""

from __future__ import annotations

import json
import re

import yaml
from django.test import Client


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
