"""Command handlers of the help desk: read streams, decide, return the appends."""
