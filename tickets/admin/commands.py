"""Turn a back-office POST into the command it stands for, and send it as the agent."""

from __future__ import annotations

from dataclasses import dataclass

from shopnest.api.context import context_from_request
from shopnest.domain.errors import DomainError
from shopnest.mediator import mediator
from tickets.admin import forms
from tickets.domain.commands import (
    AddNote,
    AddReply,
    DeleteConversation,
    DeleteTicket,
    EditNote,
    MarkSpam,
    RestoreTicket,
    UnmarkSpam,
    UpdateTicket,
)

# What a command may refuse with: shown to the agent; anything else is a bug and propagates.
REFUSALS = (DomainError,)

SIMPLE_ACTIONS = {
    "delete": (DeleteTicket, "Ticket moved to the trash."),
    "restore": (RestoreTicket, "Ticket restored."),
    "spam": (MarkSpam, "Ticket marked as spam."),
    "unspam": (UnmarkSpam, "Ticket is no longer spam."),
}


@dataclass
class Submission:
    """A bound form and the command it yields once valid."""

    form: object
    command: object | None
    success: str


def admin_context(request):
    return context_from_request(request, via="admin")


def send(request, command):
    return mediator.send(command, admin_context(request))


def ask(request, query):
    return mediator.ask(query, admin_context(request))


# action → (form, command built from the ticket id, the cleaned data and the seen row, message)
FORM_ACTIONS = {
    "update": (
        forms.PropertiesForm,
        lambda tid, data, row: UpdateTicket(ticket_id=tid, changes=forms.PropertiesForm.changes_from(data, row),
                                            expected_version=data["version"]),
        "Ticket updated.",
    ),
    "reply": (
        forms.ReplyForm,
        lambda tid, data, row: AddReply(ticket_id=tid, body=data["body"]),
        "Reply added.",
    ),
    "note": (
        forms.NoteForm,
        lambda tid, data, row: AddNote(ticket_id=tid, body=data["body"], private=data["private"]),
        "Note added.",
    ),
    "edit_note": (
        forms.NoteEditForm,
        lambda tid, data, row: EditNote(conversation_id=data["conversation_id"], body=data["body"]),
        "Note edited.",
    ),
    "delete_conversation": (
        forms.ConversationDeleteForm,
        lambda tid, data, row: DeleteConversation(conversation_id=data["conversation_id"]),
        "Conversation deleted.",
    ),
}


def build(action: str, data, ticket_id: int, row: dict | None) -> Submission:
    """Return the form bound to `data` and, when it is valid, its command.

    `row` is the ticket as the agent saw it: only fields that differ from it are changes.
    """
    if action in SIMPLE_ACTIONS:
        command_type, message = SIMPLE_ACTIONS[action]
        return Submission(None, command_type(ticket_id=ticket_id), message)
    if action not in FORM_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    form_class, make_command, message = FORM_ACTIONS[action]
    form = form_class(data)
    command = None
    if form.is_valid() and (row is not None or action != "update"):
        command = make_command(ticket_id, form.cleaned_data, row)
    return Submission(form, command, message)
