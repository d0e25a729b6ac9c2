"""People's names for the back office: agents and contacts by user id, in two queries."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from people.models import ContactView


def display_names(user_ids: Iterable[int | None]) -> dict[int, str]:
    """Return a name for each agent or contact id (contacts by e-mail address, as agents
    know them; agents by name)."""
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    names = {c["id"]: c["email"] or c["name"]
             for c in ContactView.objects.filter(id__in=ids).values("id", "name", "email")}
    for user in get_user_model().objects.filter(id__in=ids, agent__isnull=False):
        names[user.id] = user.get_full_name() or user.email
    return names
