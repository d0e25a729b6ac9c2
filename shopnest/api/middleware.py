"""Headers every API response carries, and per-request state reset."""

from __future__ import annotations

import uuid

from shopnest.projections.consistency import consistency_state


class ApiResponseHeadersMiddleware:
    """Add the Freshdesk version and request-id headers; report read-your-writes staleness."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A client may pass its own id through; it is stored with events, so keep it short.
        request_id = (request.META.get("HTTP_X_REQUEST_ID") or "")[:100] or uuid.uuid4().hex
        request.request_id = request_id
        state_token = consistency_state.set(None)
        try:
            response = self.get_response(request)
            if request.path.startswith("/api/v2/"):
                response["X-Freshdesk-Api-Version"] = "latest=v2; requested=v2"
                response["X-Request-Id"] = request_id
                state = consistency_state.get()
                if state is not None:
                    response["X-Consistency"] = state
        finally:
            consistency_state.reset(state_token)
        return response
