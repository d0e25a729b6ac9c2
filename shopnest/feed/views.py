"""GET /api/v2/events (a page of the change feed) and GET /api/v2/events/stream (the same as
server-sent events); docs/change_feed.md."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from shopnest.api.context import context_from_request
from shopnest.api.errors import flat_response
from shopnest.api.permissions import IsAgentOrCustomer
from shopnest.api.responses import absolute_url, ask
from shopnest.feed import cursor, schema
from shopnest.feed.params import feed_query
from shopnest.feed.slots import STREAMS
from shopnest.feed.streaming import EventStream, Timing
from shopnest.feed.wire import event_json

_FEED_DESCRIPTION = (
    "The desk's events in commit order, as the caller may see them. Resume with `after` set "
    "to the `cursor` of the last page: no event is ever missed or repeated. `Link: "
    "rel=\"next\"` is sent while more events follow at once; a page without it is the end for "
    "now, and its cursor is where to poll again.")


def _next_link(request, position) -> str:
    kept = [(key, values[-1]) for key, values in request.GET.lists() if key != "after"]
    query = urlencode([*kept, ("after", cursor.encode(position))])
    return f'<{absolute_url(request, request.path)}?{query}>; rel="next"'


class EventFeedView(APIView):
    permission_classes = [IsAgentOrCustomer]
    customer_methods = ("GET",)

    @extend_schema(operation_id="events_list", parameters=schema.feed_parameters(),
                   responses=schema.EventPageSerializer, description=_FEED_DESCRIPTION)
    def get(self, request):
        page = ask(request, feed_query(request.query_params))
        response = Response({"events": [event_json(event) for event in page.events],
                             "cursor": cursor.encode(page.cursor)})
        if page.more:
            response["Link"] = _next_link(request, page.cursor)
        return response


class EventStreamView(APIView):
    permission_classes = [IsAgentOrCustomer]
    customer_methods = ("GET",)
    # What it writes itself; its errors are JSON (shopnest/api/negotiation.py).
    also_accepts = ("text/event-stream",)
    # A HEAD would hold a stream's slot for its whole life to send nothing.
    http_method_names = ["get", "options"]

    @extend_schema(
        operation_id="events_stream",
        parameters=[*schema.feed_parameters(), schema.LAST_EVENT_ID_HEADER],
        responses={
            (200, "text/event-stream"): OpenApiResponse(
                OpenApiTypes.STR, description="Server-sent events: `retry:`, then for each "
                "event `id:` (its cursor), `event:` (its type) and `data:` (the event as "
                "GET /api/v2/events gives it); `: heartbeat` comments. Ends after "
                "FEED_STREAM_SECONDS: reconnect with Last-Event-ID."),
            400: OpenApiResponse(description="A parameter or Last-Event-ID is not valid"),
        },
        description="The change feed as server-sent events (docs/change_feed.md). A 429 also "
                    "comes when this server already serves its most streams at once: retry "
                    "after Retry-After seconds, or poll GET /api/v2/events.")
    def get(self, request):
        query = feed_query(request.query_params, request.META.get("HTTP_LAST_EVENT_ID"))
        ctx, timing = context_from_request(request), Timing.from_settings()
        slot = STREAMS.take(settings.SHOPNEST_FEED_STREAMS, timing.lifetime)
        if slot is None:
            wait = STREAMS.retry_after()
            return flat_response(
                "rate_limited", f"This server already serves {settings.SHOPNEST_FEED_STREAMS} "
                f"event streams. Retry after {wait} seconds, or poll /api/v2/events.", 429,
                headers={"Retry-After": str(wait)})
        stream = EventStream(ctx, query, slot, timing)
        response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
        response["Cache-Control"] = "no-cache"
        # Proxies (nginx) pass each message on as it is written.
        response["X-Accel-Buffering"] = "no"
        return response
