"""Helpers views use to talk to the mediator and answer in the Freshdesk way."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.response import Response

from shopnest.api.context import context_from_request
from shopnest.api.integers import parse_integer
from shopnest.api.pagination import PageRequest, next_link
from shopnest.mediator import CommandResult, mediator


def send(request, command) -> CommandResult:
    """Send a command on behalf of the calling agent."""
    return mediator.send(command, context_from_request(request))


def ask(request, query) -> Any:
    """Ask a query on behalf of the calling agent (waits for its own earlier writes)."""
    return mediator.ask(query, context_from_request(request))


def absolute_url(request, path: str) -> str:
    base = settings.SHOPNEST_BASE_URL.rstrip("/") or f"{request.scheme}://{request.get_host()}"
    return f"{base}{path}"


def page_response(request, items: list, page: PageRequest, has_next: bool) -> Response:
    """A bare JSON array, with `Link: <…>; rel="next"` only when another page exists."""
    response = Response(items)
    if has_next:
        response["Link"] = next_link(request, page)
    return response


def no_content() -> Response:
    return Response(status=204)


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_version(request) -> int | None:
    """Return the stream version a client's If-Match names (None: no precondition).

    A value that is no version of ours can never match: -1 makes the check fail (412).
    """
    raw = request.META.get("HTTP_IF_MATCH", "").strip()
    if not raw or raw == "*":
        return None
    raw = raw.removeprefix("W/").strip().strip('"')
    version = parse_integer(raw)
    return -1 if version is None else version
