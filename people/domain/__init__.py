"""People's domain: contacts and agents, in plain Python."""
