"""OpenAPI schema tweaks: document the API-key auth and list each route once."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyBasicScheme(OpenApiAuthenticationExtension):
    target_class = "people.auth.ApiKeyBasicAuthentication"
    name = "apiKeyBasic"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "basic",
            "description": "HTTP Basic with the agent's API key as the user name; the password "
            "is ignored (send X).",
        }


def drop_trailing_slash_duplicates(endpoints, **kwargs):
    """Every route also answers with a trailing slash; document only the canonical form."""
    return [endpoint for endpoint in endpoints if not endpoint[0].endswith("/")]
