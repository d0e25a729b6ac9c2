"""The back office's Agents and Groups pages (admins only): lists from the read tables,
creation, edits and deactivation through command forms."""
