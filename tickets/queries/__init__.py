"""Queries of the help desk, answered from read tables."""
