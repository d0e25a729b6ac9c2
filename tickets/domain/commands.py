"""Commands of the help desk's tickets: what a client, an agent, a script or a job asks for.

One class per act, sent alike by the API, the back office, management commands and Celery
jobs. Ids a command creates (ticket, conversation) are allocated by its handler and reach
`decide` through the decision context, so commands carry only what the sender means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shopnest.messages import Command

# The fields of a new ticket that name its requester rather than describe the ticket.
REQUESTER_FIELDS = ("requester_id", "email", "phone", "mobile", "twitter_id",
                    "unique_external_id", "name")


@dataclass(frozen=True)
class CreateTicket(Command):
    """Open a ticket from Freshdesk's fields (FRESHDESK_API.md §2.3): the ticket's own and
    those naming its requester (`requester_id`, `email`, `phone`, …, `name`); an unknown
    e-mail address creates the requester as a contact."""

    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UpdateTicket(Command):
    """Change the fields the client sent; fields left out keep their values.

    `expected_version` (from If-Match) makes the update conditional: a stale one is refused.
    """

    ticket_id: int
    changes: Mapping[str, Any]
    expected_version: int | None = None


@dataclass(frozen=True)
class AddReply(Command):
    """Add a public reply; written by the sender unless `user_id` names its author."""

    ticket_id: int
    body: Any
    user_id: Any = None
    from_email: Any = None
    cc_emails: Sequence[Any] = ()
    bcc_emails: Sequence[Any] = ()


@dataclass(frozen=True)
class AddNote(Command):
    """Add a note, private unless told otherwise."""

    ticket_id: int
    body: Any
    user_id: Any = None
    private: Any = True
    incoming: Any = False
    notify_emails: Sequence[Any] = ()


@dataclass(frozen=True)
class EditNote(Command):
    """Replace the body of a note, named by its id alone."""

    conversation_id: int
    body: Any


@dataclass(frozen=True)
class DeleteConversation(Command):
    """Remove a reply or note, named by its id alone, from its ticket's conversations."""

    conversation_id: int


@dataclass(frozen=True)
class DeleteTicket(Command):
    """Move the ticket to the trash (a soft delete)."""

    ticket_id: int


@dataclass(frozen=True)
class RestoreTicket(Command):
    """Bring a deleted ticket back from the trash."""

    ticket_id: int


@dataclass(frozen=True)
class MarkSpam(Command):
    """Mark the ticket as spam."""

    ticket_id: int


@dataclass(frozen=True)
class UnmarkSpam(Command):
    """Take the ticket out of spam."""

    ticket_id: int


@dataclass(frozen=True)
class WatchTicket(Command):
    """Have an agent (the sender, unless `user_id` names another) watch the ticket."""

    ticket_id: int
    user_id: Any = None


@dataclass(frozen=True)
class UnwatchTicket(Command):
    """Stop an agent (the sender, unless `user_id` names another) watching the ticket."""

    ticket_id: int
    user_id: Any = None
