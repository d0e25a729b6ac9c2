"""What the mediator itself stores about commands, forgotten when a person is erased."""

from __future__ import annotations

from django.db import connection


def forget_outcomes(stream_ids: list[str]) -> None:
    """Drop the stored Idempotency-Key outcomes of commands that wrote any of these streams:
    an erasure makes what they answered with (a ticket, a contact) unspeakable, so it is not
    replayed either (a retry of such a request is handled anew)."""
    if not stream_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM shopnest_idempotency WHERE outcome->'versions' ?| %s",
                       [sorted(set(stream_ids))])
