"""HTTPS only: the API refuses plain HTTP the way Freshdesk does (FRESHDESK_API.md §0, §1).

With HTTPS_ONLY on, Django's SecurityMiddleware redirects pages to https://. A redirect is
the wrong answer for an API call: clients do not follow one for a POST (and would send the
API key in clear text again if they did). So an /api/ request that did not arrive over HTTPS
is answered here, before SecurityMiddleware, with 403 `ssl_required` in Freshdesk's flat
error shape. Whether a request is secure is Django's `request.is_secure()`, which trusts the
proxy's X-Forwarded-Proto through SECURE_PROXY_SSL_HEADER.
"""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse

SSL_REQUIRED = {"code": "ssl_required", "message": "SSL is required to access this API: "
                "call it with https://."}


class RequireHttpsForApiMiddleware:
    """Answer 403 `ssl_required` to an /api/ request over plain HTTP when HTTPS is required
    (SECURE_SSL_REDIRECT: the same switch that redirects the pages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (settings.SECURE_SSL_REDIRECT and request.path.startswith("/api/")
                and not request.is_secure()):
            return JsonResponse(SSL_REQUIRED, status=403)
        return self.get_response(request)
