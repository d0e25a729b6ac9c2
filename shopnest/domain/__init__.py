"""The kernel's plain-Python core: events, aggregates, decision context and domain errors.

Every bounded context's `domain/` package builds on these. Nothing here imports Django or
touches a database, so domains stay pure and are tested without one.
"""
