"""Content negotiation: the v2 API speaks JSON only (406 for anything else)."""

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation

_ACCEPTABLE = ("application/json", "*/*", "application/*")


class FreshdeskContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if request.path.startswith("/api/v2/"):
            accept = request.META.get("HTTP_ACCEPT", "").strip()
            if accept and not any(
                part.split(";")[0].strip() in _ACCEPTABLE for part in accept.split(",")
            ):
                raise exceptions.NotAcceptable()
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
