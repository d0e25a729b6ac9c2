"""Content negotiation: the v2 API speaks JSON (406 for anything else). A view that writes
another type itself names it in `also_accepts` (the event stream's text/event-stream), so
a client may ask for it; that view's errors are JSON all the same."""

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation

_ACCEPTABLE = ("application/json", "*/*", "application/*")


class FreshdeskContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if request.path.startswith("/api/v2/"):
            view = getattr(request, "parser_context", {}).get("view")
            acceptable = {*_ACCEPTABLE, *getattr(view, "also_accepts", ())}
            accept = request.META.get("HTTP_ACCEPT", "").strip()
            if accept and not any(
                part.split(";")[0].strip() in acceptable for part in accept.split(",")
            ):
                raise exceptions.NotAcceptable()
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
