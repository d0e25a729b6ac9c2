"""A command reads each stream it decides on once."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shopnest.mediator import mediator
from tickets.domain.commands import DeleteConversation, EditNote

from .tickets import agent, note, open_ticket

# The store's stream read, whether or not it names es_events by an alias.
_READ_OF_A_TICKET_STREAM = re.compile(r"FROM es_events (?:e )?WHERE stream_id = 'ticket-")


def _stream_reads(queries) -> list[str]:
    """The reads of ticket streams (the agent's own stream is read too, for their scope)."""
    return [q["sql"] for q in queries if _READ_OF_A_TICKET_STREAM.search(q["sql"])]


@pytest.mark.parametrize("make", [
    lambda cid: EditNote(conversation_id=cid, body="Carrier says Friday."),
    lambda cid: DeleteConversation(conversation_id=cid),
], ids=["edit note", "delete conversation"])
def test_a_conversation_command_reads_its_ticket_stream_once(make):
    ticket = open_ticket()
    conversation = note(ticket, "Carrier says Tuesday.").result["conversation"]["id"]

    ctx = agent()
    with CaptureQueriesContext(connection) as captured:
        mediator.send(make(conversation), ctx)

    assert len(_stream_reads(captured.captured_queries)) == 1
