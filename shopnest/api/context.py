"""Build the mediator's message context from an HTTP request."""

from __future__ import annotations

from shopnest.mediator.context import MessageContext


def context_from_request(request, via: str = "api") -> MessageContext:
    """Return who is acting, through what, under which request and idempotency key."""
    user = getattr(request, "user", None)
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    # The API's credential says which kind of account acts; the back office is agents only.
    kind = getattr(getattr(request, "auth", None), "actor_type", "agent") if signed_in else "system"
    request_id = getattr(request, "request_id", None)
    key = (request.META.get("HTTP_IDEMPOTENCY_KEY") or "").strip()
    extra = {}
    # Validated by ApiResponseHeadersMiddleware (a client's own, if well-formed, else ours).
    correlation_id = getattr(request, "correlation_id", None)
    if correlation_id:
        extra["correlation_id"] = correlation_id
    return MessageContext(
        actor_id=user.id if signed_in else None,
        actor_email=user.email if signed_in else None,
        actor_type=kind,
        via=via,
        request_id=request_id,
        idempotency_key=key[:255] or None,
        **extra,
    )
