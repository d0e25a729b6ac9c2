"""What a desk does first after a restore, run inside a Django started on the restored
database (`manage.py shell -c`): a note on its oldest ticket (an existing stream) and a new
ticket, each through the mediator, then the ticket and contact projections run until they
have passed the new ticket. Prints the outcome as one JSON line."""

from __future__ import annotations

import json

from people.registration import catch_up_to
from shopnest.domain.errors import Conflict
from shopnest.mediator import MessageContext, mediator
from tickets.domain.commands import AddNote, CreateTicket
from tickets.models import TicketView


def write_after_restore() -> None:
    ctx = MessageContext(actor_type="system", via="cli")
    oldest = TicketView.objects.order_by("id").values_list("id", flat=True).first()
    outcome: dict = {"noted_ticket": oldest}
    try:
        noted = mediator.send(AddNote(ticket_id=oldest, body="Checked after the restore."), ctx)
        outcome["note_tx"] = noted.token.tx
    except Conflict as refused:
        outcome["note_refused"] = str(refused)
    opened = mediator.send(CreateTicket(fields={
        "email": "after.restore@example.com", "name": "After Restore",
        "subject": "Order arrived after the restore", "description": "All good.",
        "priority": 1, "status": 2}), ctx)
    catch_up_to(("tickets", "contacts"), opened.token)
    outcome.update(new_ticket=opened.result["ticket"]["id"], new_ticket_tx=opened.token.tx)
    print(json.dumps(outcome))
