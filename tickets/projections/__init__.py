"""Projections of the help desk: ticket, conversation and contact read tables."""
