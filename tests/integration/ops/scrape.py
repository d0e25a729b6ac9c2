"""Read a /metrics answer into samples keyed by name and labels."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

Samples = dict[tuple[str, frozenset], float]


def parse(text: str) -> Samples:
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def families(text: str) -> dict[str, str]:
    """Return each family's name and type."""
    return {family.name: family.type for family in text_string_to_metric_families(text)}


def value(samples: Samples, name: str, **labels: str) -> float:
    """Return one sample's value (0 when the series does not exist yet)."""
    return samples.get((name, frozenset(labels.items())), 0.0)
