"""Every API error in the Freshdesk shape (FRESHDESK_API.md §6).

Validation failures: 400/409 `{"description": "Validation failed", "errors": [{field, message,
code}]}`. Everything else: a flat `{"code", "message"}`. 404 has an empty body.
"""

from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from shopnest.domain import errors as domain

log = logging.getLogger("shopnest.api")

# The HTTP answer of each kind of domain refusal (the most specific kind listed wins).
HTTP_STATUS: dict[type[domain.DomainError], int] = {
    domain.ValidationFailed: 400,
    domain.InvalidValue: 400,
    domain.NotFound: 404,
    domain.NotAllowed: 405,
    domain.AccessDenied: 403,
    domain.AlreadyExists: 409,
    domain.Conflict: 409,
    domain.PreconditionFailed: 412,
}


class FieldError(Exception):
    """One or more per-field validation errors, reported as 400 (or 409 for duplicates)."""

    def __init__(self, errors: list[dict], http_status: int = 400):
        super().__init__("Validation failed")
        self.errors = errors
        self.http_status = http_status


def field_error(field: str | None, message: str, code: str) -> dict:
    entry = {"field": field, "message": message, "code": code}
    if field is None:
        entry.pop("field")
    return entry


def validation_response(errors: list[dict], http_status: int = 400) -> Response:
    return Response({"description": "Validation failed", "errors": errors}, status=http_status)


def flat_response(code: str, message: str, http_status: int, headers=None) -> Response:
    return Response({"code": code, "message": message}, status=http_status, headers=headers)


def http_status_of(exc: domain.DomainError) -> int:
    """Return the HTTP status a domain refusal is answered with."""
    for kind in type(exc).__mro__:
        if kind in HTTP_STATUS:
            return HTTP_STATUS[kind]
    return 400


def _error_entry(error: domain.DomainError) -> dict:
    entry = field_error(error.field, error.message, error.code or "invalid_value")
    if error.additional_info:
        entry["additional_info"] = dict(error.additional_info)
    return entry


def domain_response(exc: domain.DomainError) -> Response:
    """Answer a domain refusal: field errors in the validation shape, a 404 with no body,
    anything else flat."""
    http_status = http_status_of(exc)
    if isinstance(exc, domain.ValidationFailed):
        return validation_response([_error_entry(e) for e in exc.errors], http_status)
    if http_status == 404:
        return Response(status=404)
    if exc.field and http_status in (400, 409):
        return validation_response([_error_entry(exc)], http_status)
    return flat_response(exc.code or _default_code(http_status), exc.message, http_status)


def _default_code(http_status: int) -> str:
    return {
        405: "method_not_allowed",
        409: "inconsistent_state",
        412: "precondition_failed",
    }.get(http_status, "invalid_value")


def freshdesk_exception_handler(exc, context) -> Response | None:
    """DRF exception handler translating every known failure into the Freshdesk shape."""
    if isinstance(exc, FieldError):
        return validation_response(exc.errors, exc.http_status)
    if isinstance(exc, domain.DomainError):
        return domain_response(exc)
    if isinstance(exc, RequestDataTooBig):
        return flat_response("request_too_large", "The request body is too large.", 413)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return Response(status=404)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return flat_response(
            "invalid_credentials", "You have to be logged in to perform this action.",
            status.HTTP_401_UNAUTHORIZED,
            headers={"WWW-Authenticate": 'Basic realm="ShopNest Helpdesk"'},
        )
    if isinstance(exc, exceptions.PermissionDenied):
        return flat_response("access_denied", "You are not authorized to perform this action.",
                             status.HTTP_403_FORBIDDEN)
    if isinstance(exc, exceptions.MethodNotAllowed):
        return flat_response("method_not_allowed",
                             f"{context['request'].method} method is not allowed. It should be "
                             "one of these method(s): " + ", ".join(_allowed(context)), 405)
    if isinstance(exc, exceptions.NotAcceptable):
        return flat_response("invalid_accept_header",
                             "Only application/json and */* are supported in the Accept header.",
                             status.HTTP_406_NOT_ACCEPTABLE)
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return flat_response("invalid_content_type",
                             "Content-Type header should have application/json or "
                             "multipart/form-data", status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)
    if isinstance(exc, exceptions.ParseError):
        return validation_response([field_error(None, str(exc.detail), "invalid_json")], 400)
    if isinstance(exc, exceptions.Throttled):
        return flat_response("rate_limited", "Too many requests", 429,
                             headers={"Retry-After": str(int(exc.wait or 60))})
    if isinstance(exc, exceptions.ValidationError):
        return validation_response(drf_errors(exc.detail), 400)
    if isinstance(exc, exceptions.APIException):
        return flat_response(exc.default_code, str(exc.detail), exc.status_code)
    return None


def _allowed(context) -> list[str]:
    view = context.get("view")
    return [m for m in getattr(view, "allowed_methods", []) if m not in ("OPTIONS", "HEAD")]


_DRF_CODE_MAP = {
    "required": "missing_field",
    "null": "missing_field",
    "blank": "missing_field",
    "invalid_choice": "invalid_value",
    "invalid": "datatype_mismatch",
    "not_a_list": "datatype_mismatch",
    "not_a_dict": "datatype_mismatch",
    "max_length": "invalid_value",
    "min_length": "invalid_value",
    "max_value": "invalid_value",
    "min_value": "invalid_value",
    "empty": "missing_field",
    "date": "invalid_value",
    "datetime": "invalid_value",
}


def drf_errors(detail, prefix: str = "") -> list[dict]:
    """Flatten DRF's nested error detail into Freshdesk `errors` entries."""
    out: list[dict] = []
    if isinstance(detail, dict):
        for name, sub in detail.items():
            field = name if name != "non_field_errors" else None
            out.extend(drf_errors(sub, f"{prefix}{field}" if field else prefix))
    elif isinstance(detail, list):
        for item in detail:
            if isinstance(item, dict | list):
                out.extend(drf_errors(item, prefix))
            else:
                code = _DRF_CODE_MAP.get(getattr(item, "code", ""), "invalid_value")
                message = "Mandatory attribute missing" if code == "missing_field" else str(item)
                out.append(field_error(prefix or None, message, code))
    else:
        out.append(field_error(prefix or None, str(detail), "invalid_value"))
    return out
