"""Turn a back-office POST into the command it stands for, and send it as the agent."""

from __future__ import annotations

from dataclasses import dataclass

from shopnest.api.context import context_from_request
from shopnest.mediator import mediator
from tickets.admin import forms
from tickets.commands import PostNote, PostReply
from tickets.domain.commands import (
    DeleteConversation,
    DeleteTicket,
    EditNote,
    MarkSpam,
    RestoreTicket,
    UnmarkSpam,
    UpdateTicket,
)

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


def build(action: str, data, ticket_id: int, row: dict | None) -> Submission:
    """Return the form bound to `data` and, when it is valid, its command.

    `row` is the ticket as the agent saw it: only fields that differ from it are changes.
    """
    if action in SIMPLE_ACTIONS:
        command_type, message = SIMPLE_ACTIONS[action]
        return Submission(None, command_type(ticket_id=ticket_id), message)
    if action == "update":
        form = forms.PropertiesForm(data)
        command = None
        if form.is_valid() and row is not None:
            command = UpdateTicket(ticket_id=ticket_id, changes=form.changes(row),
                                   expected_version=form.cleaned_data["version"])
        return Submission(form, command, "Ticket updated.")
    if action == "reply":
        form = forms.ReplyForm(data)
        command = PostReply(ticket_id=ticket_id, body=form.cleaned_data["body"]) if form.is_valid() else None
        return Submission(form, command, "Reply added.")
    if action == "note":
        form = forms.NoteForm(data)
        command = None
        if form.is_valid():
            command = PostNote(ticket_id=ticket_id, body=form.cleaned_data["body"],
                               private=form.cleaned_data["private"])
        return Submission(form, command, "Note added.")
    if action == "edit_note":
        form = forms.NoteEditForm(data)
        command = None
        if form.is_valid():
            command = EditNote(ticket_id=ticket_id, body=form.cleaned_data["body"],
                               conversation_id=form.cleaned_data["conversation_id"])
        return Submission(form, command, "Note edited.")
    if action == "delete_conversation":
        form = forms.ConversationDeleteForm(data)
        command = None
        if form.is_valid():
            command = DeleteConversation(ticket_id=ticket_id,
                                         conversation_id=form.cleaned_data["conversation_id"])
        return Submission(form, command, "Conversation deleted.")
    raise ValueError(f"unknown action {action!r}")
