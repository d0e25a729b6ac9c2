from django.db import transaction

from shopnest.eventstore import store
from shopnest.eventstore.records import NewEvent, StreamAppend


def test_an_appended_event_can_be_read_back_from_its_stream():
    with transaction.atomic():
        store.append([StreamAppend("ticket-1", "ticket", 0, (NewEvent("TicketCreated", {"a": 1}),))], {})
    events = store.read_stream("ticket-1")
    assert [(e.type, e.version, e.data) for e in events] == [("TicketCreated", 1, {"a": 1})]
