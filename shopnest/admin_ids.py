"""Row ids in back-office URLs and bulk-action selections are read as the API reads them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.db import models

from shopnest.api.integers import parse_integer


class AsciiIdsMixin:
    """Django reads an integer key with int(): "٣" names row 3 and "²" raises (a 500 in a
    bulk action). Here only ASCII digits name a row, as in the API."""

    def _integer_key(self, from_field: str | None = None) -> bool:
        field = self.model._meta.get_field(from_field) if from_field else self.model._meta.pk
        key = getattr(field, "target_field", field)  # a one-to-one key holds the other's id
        return isinstance(key, models.IntegerField)

    def get_object(self, request, object_id, from_field=None):
        if self._integer_key(from_field) and parse_integer(unquote(object_id)) is None:
            return None  # Django's answer: "doesn't exist", back to the index
        return super().get_object(request, object_id, from_field)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if self._integer_key() and any(parse_integer(pk) is None for pk in selected):
            self.message_user(request, "No action was run: the selection names no rows.",
                              messages.ERROR)
            return None  # the changelist redirects back to itself
        return super().response_action(request, queryset)
