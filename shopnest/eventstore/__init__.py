"""The append-only PostgreSQL event store: the single source of truth."""
