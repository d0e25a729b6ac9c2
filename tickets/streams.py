"""Stream names and id sequences of the help desk."""

TICKET = "ticket"
CONTACT = "contact"
CONTACT_EMAIL = "contact-email"

TICKET_ID_SEQUENCE = "tickets_ticket_id_seq"
CONVERSATION_ID_SEQUENCE = "tickets_conversation_id_seq"
# Agents and contacts are both users and share one id space (Freshdesk's `user_id` may name
# either), so contacts draw from the user table's sequence, as agents do.
CONTACT_ID_SEQUENCE = "auth_user_id_seq"


def ticket_stream(ticket_id: int) -> str:
    return f"ticket-{ticket_id}"


def contact_stream(contact_id: int) -> str:
    return f"contact-{contact_id}"


def contact_email_stream(email: str) -> str:
    """The claim stream that makes one address belong to one contact."""
    return f"contact-email-{email}"


def ticket_id_of(stream_id: str) -> int:
    return int(stream_id.removeprefix("ticket-"))
