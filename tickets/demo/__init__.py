"""Realistic demo content for an empty desk (orders, refunds, shipping)."""
