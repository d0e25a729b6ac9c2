"""The ticket domain: commands, events, state, decide and evolve, in plain Python.

Nothing here imports Django or touches a database; handlers load a stream, fold it into
state, call `decide`, and append the events it returns.
"""
