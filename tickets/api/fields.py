"""Which request fields each ticket endpoint accepts (FRESHDESK_API.md §2.3, §4.1).

The ticket's fields are the domain's (tickets/domain/validation.py): named there once.
"""

from tickets.domain import commands, validation

REQUESTER_FIELDS = commands.REQUESTER_FIELDS
TICKET_FIELDS = tuple(validation.TICKET_FIELDS)
CREATE_FIELDS = set(REQUESTER_FIELDS) | set(TICKET_FIELDS)
# An update may name a new requester as a create does (an unknown e-mail creates them).
UPDATE_FIELDS = set(validation.UPDATABLE_FIELDS) | set(REQUESTER_FIELDS)
# Form bodies carry every value as text: these become integers (`twitter_id` and
# `unique_external_id` are text).
INTEGER_FIELDS = ("status", "priority", "source", "responder_id", "group_id", "company_id",
                  "product_id", "email_config_id", "requester_id", "user_id")
TIMESTAMP_FIELDS = ("due_by", "fr_due_by")

REPLY_FIELDS = {"body", "from_email", "user_id", "cc_emails", "bcc_emails"}
NOTE_FIELDS = {"body", "private", "incoming", "user_id", "notify_emails"}
NOTE_EDIT_FIELDS = {"body"}

LIST_INCLUDES = ("stats", "requester", "description", "company")
VIEW_INCLUDES = ("conversations", "requester", "company", "stats")
LIST_FILTERS = ("new_and_my_open", "watching", "spam", "deleted")
ORDER_BY = ("created_at", "due_by", "updated_at", "status")
ORDER_TYPE = ("asc", "desc")
LIST_PARAMS = {"filter", "requester_id", "email", "unique_external_id", "company_id",
               "updated_since", "order_by", "order_type", "include", "page", "per_page"}
