"""Headers every API response carries, per-request state reset, and the refusal of text no
page can take."""

from __future__ import annotations

from django.http import HttpResponseBadRequest, JsonResponse

from shopnest.api.errors import field_error
from shopnest.api.unsafe_text import printable, unsafe_character
from shopnest.observability import correlation
from shopnest.projections.consistency import consistency_state


class ApiResponseHeadersMiddleware:
    """Give every request its request and correlation ids (echoed in X-Request-Id and
    X-Correlation-Id, current while it is handled: logs, commands, events and tasks carry
    it); add the Freshdesk version header; report read-your-writes staleness."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A client may pass its own ids through (a proxy's request id, a caller's trace): they
        # are stored with events, logged and echoed, so only a short id of a safe alphabet is
        # adopted; anything else is replaced by one of ours, never echoed.
        request_id = (correlation.well_formed(request.META.get("HTTP_X_REQUEST_ID"))
                      or correlation.new_id())
        request.request_id = request_id
        request.correlation_id = (
            correlation.well_formed(request.META.get("HTTP_X_CORRELATION_ID")) or request_id)
        state_token = consistency_state.set(None)
        try:
            with correlation.bound(request.correlation_id):
                response = self.get_response(request)
            response["X-Request-Id"] = request_id
            response["X-Correlation-Id"] = request.correlation_id
            if request.path.startswith("/api/v2/"):
                response["X-Freshdesk-Api-Version"] = "latest=v2; requested=v2"
                state = consistency_state.get()
                if state is not None:
                    response["X-Consistency"] = state
        finally:
            consistency_state.reset(state_token)
        return response


class RefuseUnsafeTextMiddleware:
    """Answer 400 to a NUL or lone surrogate in the URL path, a query parameter's name or
    value, or a header, before any view: PostgreSQL cannot store either (query parameters
    become lookups, Idempotency-Key and X-Request-Id are stored with commands and events),
    and a lone surrogate cannot even be written out as UTF-8."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        errors = unsafe_request_text(request)
        if not errors:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"description": "Validation failed", "errors": errors},
                                status=400)
        return HttpResponseBadRequest("Bad request: " + "; ".join(
            f"{e['field']}: {e['message']}" if e.get("field") else e["message"] for e in errors),
            content_type="text/plain; charset=utf-8")


def unsafe_request_text(request) -> list[dict]:
    """One Freshdesk error per path, parameter or header holding a NUL or lone surrogate."""
    errors = []
    if what := unsafe_character(request.path):
        errors.append(field_error(None, f"The URL path should not contain {what}", "invalid_value"))
    for name, values in request.GET.lists():
        if what := unsafe_character(name):
            errors.append(field_error(printable(name), f"A parameter name should not contain {what}",
                                      "invalid_value"))
            continue
        for value in values:
            if what := unsafe_character(value):
                errors.append(field_error(name, f"It should not contain {what}", "invalid_value"))
                break
    for key, value in request.META.items():
        if not (key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH")):
            continue
        if isinstance(value, str) and (what := unsafe_character(value)):
            header = _header_name(key)
            errors.append(field_error(header, f"The {header} header should not contain {what}",
                                      "invalid_value"))
    return errors


def _header_name(meta_key: str) -> str:
    """HTTP_IDEMPOTENCY_KEY → Idempotency-Key."""
    return "-".join(part.capitalize() for part in meta_key.removeprefix("HTTP_").split("_"))
