"""The rate limits applied to every /api/v2/ call, answered and reported the Freshdesk way.

A middleware rather than a DRF throttle class: it also counts and labels the calls no view
answers (401s from authentication, 404s of unknown URLs, 400s of refused text), which
Freshdesk counts too, and it prices a call before any view runs. The admin, /healthz and
the schema pages are not under /api/v2/ and are not limited.

If Redis cannot be reached the API keeps answering (fail open): a warning is logged (at most
once a minute) and the response carries only `X-RateLimit-Total`, the configured budget,
since what is left of it is unknown.
"""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse

from shopnest.api.ratelimit.budget import Refusal, StorageError, Verdict, budget_at
from shopnest.api.ratelimit.calls import API_PREFIX, call_cost, endpoint_name


class ApiRateLimitMiddleware:
    """Spend each /api/v2/ call's credits; answer 429 once a limit is spent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        verdict = charge(request)
        if verdict is not None and verdict.refusal:
            response = too_many_requests(verdict.refusal)
        else:
            response = self.get_response(request)
            if response.status_code != 429:
                # Some Freshdesk clients sleep whenever Retry-After is present: only a 429 has it.
                del response["Retry-After"]
        report(response, verdict)
        return response


def charge(request) -> Verdict | None:
    """Spend the call's credits; None when Redis fails (the call goes ahead uncounted)."""
    endpoint = endpoint_name(request.method, request.path)
    cost = call_cost(endpoint, request.GET.get("include"), settings.API_RATE_INCLUDE_CREDITS)
    budget = budget_at(settings.API_RATE_LIMIT_REDIS_URL, f"{settings.CACHE_KEY_PREFIX}:ratelimit")
    try:
        return budget.charge(total=settings.API_RATE_LIMIT_PER_MINUTE, cost=cost,
                             endpoint=endpoint,
                             endpoint_limit=settings.API_RATE_SUB_LIMITS.get(endpoint))
    except StorageError as error:
        budget.unreachable.warn(error.storage_error)
        return None


def too_many_requests(refusal: Refusal) -> JsonResponse:
    """429 in Freshdesk's flat error shape, with the seconds until the spent limit resets."""
    what = "API" if refusal.limit_name == "desk" else refusal.limit_name
    response = JsonResponse({
        "code": "rate_limited",
        "message": f"You have reached the {what} limit of {refusal.per_minute} credits per "
                   f"minute. Retry after {refusal.retry_after} seconds.",
    }, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


def report(response, verdict: Verdict | None) -> None:
    """Write the X-RateLimit-* headers (only the configured total when nothing was counted)."""
    response["X-RateLimit-Total"] = str(settings.API_RATE_LIMIT_PER_MINUTE)
    if verdict is not None:
        response["X-RateLimit-Remaining"] = str(verdict.remaining)
        response["X-RateLimit-Used-CurrentRequest"] = str(verdict.cost)
