"""Queries of the help desk, answered from read tables (activities: from the ticket's events)."""
