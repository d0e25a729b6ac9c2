"""Answers for URLs no view claims and for unexpected failures, in the API's own shape."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.views import defaults


def not_found(request, exception=None):
    """Unknown API URLs answer 404 with an empty body, as Freshdesk does."""
    if request.path.startswith("/api/"):
        return HttpResponse(status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """Requests Django refuses before any view (e.g. a body over the size limit)."""
    if request.path.startswith("/api/"):
        from django.core.exceptions import RequestDataTooBig

        if isinstance(exception, RequestDataTooBig):
            return JsonResponse({"code": "request_too_large",
                                 "message": "The request body is too large."}, status=413)
        return JsonResponse({"code": "invalid_request", "message": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "internal_error",
                             "message": "Something went wrong on our side; it has been logged."},
                            status=500)
    return defaults.server_error(request)
