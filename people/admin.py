"""People in the back office: contacts (people/contact_admin.py), companies
(people/company_admin.py), and the Agents and Groups pages of people/back_office/ (admins
only), read from their read tables.

They change only through commands (the pages' forms, the API, createagent), never by a
model save.
"""

from __future__ import annotations

from people import (
    company_admin,  # noqa: F401 (registers the company pages)
    contact_admin,  # noqa: F401 (registers the Contacts page)
)
from people.back_office import agents, groups  # noqa: F401  (they register their pages)
