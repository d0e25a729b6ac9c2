"""Content negotiation: the v2 API speaks JSON (406 for anything else), except that a view
may also accept what it writes itself (the event stream's text/event-stream); its errors
are JSON all the same."""

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation

_ACCEPTABLE = ("application/json", "*/*", "application/*")


class FreshdeskContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if request.path.startswith("/api/v2/"):
            acceptable = {*_ACCEPTABLE, *(renderer.media_type for renderer in renderers)}
            accept = request.META.get("HTTP_ACCEPT", "").strip()
            if accept and not any(
                part.split(";")[0].strip() in acceptable for part in accept.split(",")
            ):
                raise exceptions.NotAcceptable()
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
