"""Document the rate limits in the OpenAPI schema: the X-RateLimit-* headers on every
/api/v2/ answer and the 429 every operation may give."""

from __future__ import annotations

from shopnest.api.ratelimit.calls import API_PREFIX

_OPERATIONS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}

RATE_LIMIT_HEADERS = {
    "X-RateLimit-Total": {
        "description": "API credits per minute for the whole desk.",
        "schema": {"type": "integer"}},
    "X-RateLimit-Remaining": {
        "description": "Credits left in this minute (absent while the limits cannot be "
                       "counted).",
        "schema": {"type": "integer"}},
    "X-RateLimit-Used-CurrentRequest": {
        "description": "Credits this call spent: 1, plus what its includes cost.",
        "schema": {"type": "integer"}},
}

TOO_MANY_REQUESTS = {
    "description": "The desk's budget, or this endpoint's sub-limit, is spent for this minute.",
    "headers": {
        **RATE_LIMIT_HEADERS,
        "Retry-After": {"description": "Seconds until the spent limit starts afresh.",
                        "schema": {"type": "integer"}},
    },
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RateLimited"}}},
}

RATE_LIMITED = {
    "type": "object",
    "properties": {"code": {"type": "string", "enum": ["rate_limited"]},
                   "message": {"type": "string"}},
    "required": ["code", "message"],
}


def document_rate_limits(result, generator, request, public):
    """drf-spectacular postprocessing hook adding the headers and the 429 to /api/v2/."""
    for path, operations in result.get("paths", {}).items():
        if not path.startswith(API_PREFIX):
            continue
        for method, operation in operations.items():
            if method not in _OPERATIONS:
                continue
            responses = operation.setdefault("responses", {})
            for response in responses.values():
                if "$ref" not in response:
                    response.setdefault("headers", {}).update(RATE_LIMIT_HEADERS)
            responses.setdefault("429", TOO_MANY_REQUESTS)
    result.setdefault("components", {}).setdefault("schemas", {})["RateLimited"] = RATE_LIMITED
    return result
