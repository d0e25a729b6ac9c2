"""Open tickets through the mediator and give each a long history; print their ids as JSON.

    python bench/lib/long_tickets.py COUNT EVENTS   (with the service's environment)

Each ticket is created by a CreateTicket command; its history then grows in chunks: each
reply is decided by the ticket's own `decide` against the state the previous ones left, and a
chunk of them is appended at the stream's version in one append (a fixture for the reply
bench, built in seconds instead of thousands of requests).
"""

from __future__ import annotations

import json
import sys

CHUNK = 200


def build(count: int, events: int) -> list[int]:
    from django.db import transaction

    from people.models import AgentProfile
    from shopnest.eventstore import store, streams
    from shopnest.eventstore.ids import allocate_id
    from shopnest.mediator import MessageContext, mediator
    from tickets.domain.aggregate import TICKET
    from tickets.domain.commands import AddReply, CreateTicket
    from tickets.domain.decide import decide
    from tickets.sequences import CONVERSATION_IDS

    agent_id = AgentProfile.objects.order_by("user_id").values_list("user_id", flat=True)[0]
    ctx = MessageContext(actor_id=agent_id, actor_type="agent", via="cli")
    ids = []
    for n in range(count):
        created = mediator.send(CreateTicket(fields={
            "email": f"long-history-{n}@shopnest-customers.example", "name": "Long History",
            "subject": f"Order #{700000 + n}: a long conversation",
            "description": "<p>Where is my parcel?</p>"}), ctx)
        ticket_id = created.result["ticket"]["id"]
        stream = streams.load(TICKET, ticket_id)
        while stream.version < events:
            batch = []
            state = stream
            for _ in range(min(CHUNK, events - stream.version)):
                command = AddReply(ticket_id=ticket_id, body="<p>Any news about my parcel?</p>")
                decided = decide(state.state, command,
                                 ctx.decision(ids={"conversation": allocate_id(CONVERSATION_IDS)}))
                batch.extend(decided)
                state = state.then(decided)
            with transaction.atomic():
                store.append([stream.append(batch)], ctx.metadata())
            stream = state
        ids.append(ticket_id)
    return ids


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(build(int(sys.argv[1]), int(sys.argv[2]))))
