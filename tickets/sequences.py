"""Sequences the help desk's new ids come from (created by tickets/migrations/0001)."""

TICKET_IDS = "tickets_ticket_id_seq"
CONVERSATION_IDS = "tickets_conversation_id_seq"
# Agents and contacts are both users and share one id space (Freshdesk's `user_id` may name
# either), so contacts draw from the user table's sequence, as agents do.
USER_IDS = "auth_user_id_seq"
