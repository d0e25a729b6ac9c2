"""Build the mediator's message context from an HTTP request."""

from __future__ import annotations

from shopnest.mediator.context import MessageContext


def context_from_request(request, via: str = "api") -> MessageContext:
    """Return who is acting, through what, under which request and idempotency key."""
    user = getattr(request, "user", None)
    is_agent = user is not None and getattr(user, "is_authenticated", False)
    request_id = getattr(request, "request_id", None)
    key = (request.META.get("HTTP_IDEMPOTENCY_KEY") or "").strip()
    extra = {}
    correlation = request.META.get("HTTP_X_CORRELATION_ID") or request_id
    if correlation:
        extra["correlation_id"] = correlation[:100]
    return MessageContext(
        actor_id=user.id if is_agent else None,
        actor_email=user.email if is_agent else None,
        actor_type="agent" if is_agent else "system",
        via=via,
        request_id=request_id,
        idempotency_key=key[:255] or None,
        **extra,
    )
