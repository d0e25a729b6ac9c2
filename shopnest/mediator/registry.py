"""The visible routing table: message type → its one handler."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured


class HandlerRegistry:
    """Map each message class to exactly one handler; a second registration is an error."""

    def __init__(self, kind: str):
        self.kind = kind
        self._handlers: dict[type, Callable[..., Any]] = {}

    def register(self, message_type: type, handler: Callable[..., Any]) -> None:
        if message_type in self._handlers:
            raise ImproperlyConfigured(
                f"{self.kind} {message_type.__name__} already has a handler "
                f"({self._handlers[message_type].__qualname__})"
            )
        self._handlers[message_type] = handler

    def handler_for(self, message_type: type) -> Callable[..., Any]:
        try:
            return self._handlers[message_type]
        except KeyError:
            raise LookupError(f"no handler registered for {self.kind} {message_type.__name__}") from None

    def __contains__(self, message_type: type) -> bool:
        return message_type in self._handlers

    def types(self) -> list[type]:
        return list(self._handlers)
