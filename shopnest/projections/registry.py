"""The registered projections, by name; a duplicate name fails at start-up."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from shopnest.projections.base import Projection

_projections: dict[str, Projection] = {}


def register(projection: Projection) -> None:
    if not projection.name:
        raise ImproperlyConfigured(f"{projection!r} has no name")
    if projection.name in _projections:
        raise ImproperlyConfigured(f"projection {projection.name} is registered twice")
    _projections[projection.name] = projection


def get(name: str) -> Projection:
    try:
        return _projections[name]
    except KeyError:
        raise LookupError(f"no projection named {name}") from None


def all_projections() -> list[Projection]:
    return list(_projections.values())


def interested_in(event_types: tuple[str, ...]) -> list[Projection]:
    """Return the projections that handle at least one of these event types."""
    wanted = set(event_types)
    return [p for p in _projections.values() if wanted.intersection(p.event_types)]
