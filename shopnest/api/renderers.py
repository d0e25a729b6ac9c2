"""JSON only, as Freshdesk answers."""

from rest_framework.renderers import JSONRenderer


class FreshdeskJSONRenderer(JSONRenderer):
    media_type = "application/json"
    charset = "utf-8"
