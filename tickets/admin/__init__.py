"""The agents' back office: tickets and their threads in the Django admin.

Every change goes through the mediator (never a model save); read tables are read-only.
"""

from tickets.admin import read_only, tickets  # noqa: F401  (registers the admin classes)
