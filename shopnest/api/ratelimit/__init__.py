"""Freshdesk's API rate limits (FRESHDESK_API.md §7).

One budget of credits per minute for the whole desk (every key and address together), and
optional per-endpoint sub-limits, counted in Redis so that every web process spends the same
budget. `calls` names a call and prices it, `budget` counts credits, `middleware` answers 429
and writes the X-RateLimit-* headers on every /api/v2/ response.
"""
