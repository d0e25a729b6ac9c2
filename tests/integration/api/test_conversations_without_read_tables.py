"""PUT and DELETE /conversations/{id} find the note through the event store, so they work
for any agent at once, however far the read tables have got."""

from __future__ import annotations

from django.db import connection, transaction

from shopnest.eventstore import store
from shopnest.mediator import MessageContext, mediator
from tickets.domain.commands import AddNote

from .conftest import Api, make_agent


def _note_not_yet_projected(ticket_id: int, body: str) -> int:
    """Decide a real note and append it in a transaction of our own: no projection runs."""
    author = make_agent("Nora Noter")
    ctx = MessageContext(actor_id=author.id, actor_type="agent", via="api")
    decision = mediator.commands.handler_for(AddNote)(AddNote(ticket_id=ticket_id, body=body), ctx)
    with transaction.atomic():
        store.append(decision.appends, ctx.metadata())
    return decision.result["conversation"]["id"]


def _projected(conversation_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM tickets_conversation_view WHERE id = %s", [conversation_id])
        return cursor.fetchone() is not None


def test_another_agent_edits_a_note_the_read_tables_do_not_show_yet(create_ticket):
    ticket = create_ticket()
    note_id = _note_not_yet_projected(ticket["id"], "Carrier says Tuesday")
    other = Api(make_agent("Otto Other").key)
    assert not _projected(note_id)

    edited = other.put(f"conversations/{note_id}", {"body": "Carrier says Wednesday"})

    assert edited.status_code == 200, edited.content
    assert edited.json()["id"] == note_id
    assert edited.json()["body"] == "Carrier says Wednesday"
    assert edited.json()["ticket_id"] == ticket["id"]
    assert edited.json()["last_edited_user_id"] is not None


def test_another_agent_deletes_a_note_the_read_tables_do_not_show_yet(create_ticket):
    ticket = create_ticket()
    note_id = _note_not_yet_projected(ticket["id"], "Wrong ticket")
    other = Api(make_agent("Otto Other").key)

    assert other.delete(f"conversations/{note_id}").status_code == 204
    assert [e.type for e in store.read_stream(f"ticket-{ticket['id']}")][-1] == "ConversationDeleted"


def test_an_unknown_conversation_is_404(api):
    assert api.put("conversations/987654", {"body": "x"}).status_code == 404
    assert api.delete("conversations/987654").status_code == 404
