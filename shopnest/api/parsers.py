"""Request body parsing: strict JSON objects, clear 4xx on anything else."""

from __future__ import annotations

from django.conf import settings
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

from shopnest.api.integers import parse_integer
from shopnest.api.json_input import load_json


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"
    default_detail = "The request body is too large."


class FreshdeskJSONParser(JSONParser):
    """Parse a JSON body; refuse bodies over the configured size before reading them, and
    values we could not store (see json_input)."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        # A declared length that is not ASCII digits is no length: the read below is bounded.
        declared = parse_integer(request.META.get("CONTENT_LENGTH")) if request is not None else None
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if declared is not None and limit and declared > limit:
            raise RequestTooLarge(f"The request body is larger than {limit} bytes.")
        raw = stream.read() if stream is not None else b""
        if limit and len(raw) > limit:
            raise RequestTooLarge(f"The request body is larger than {limit} bytes.")
        if not raw.strip():
            return {}
        try:
            return load_json(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(f"Request body has invalid json format: {exc}") from None
