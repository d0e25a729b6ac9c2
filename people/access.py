"""Who is an agent: an active staff user with an agent profile (or a superuser)."""

from __future__ import annotations

from people.models import AgentProfile


def is_agent(user) -> bool:
    if not (user and user.is_active and user.is_staff):
        return False
    return user.is_superuser or AgentProfile.objects.filter(user_id=user.id).exists()
