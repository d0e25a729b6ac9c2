"""Conversation rows hold the conversation's state, nothing derived from settings or batching.

`ticket_version` depended on how events were batched and `support_email` on a setting at
projection time; both go. Rows written the old way are not the new encoding, so the ticket
read tables are emptied and the tickets projection rebuilds them from the event store.
"""

from django.db import migrations

REBUILD_TICKETS = (
    "TRUNCATE tickets_ticket_view, tickets_conversation_view; "
    "UPDATE shopnest_projection_state SET tx = 0, position = 0, status = 'running', "
    "failures = 0, last_error = '' WHERE name = 'tickets';"
)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0003_conversation_lookup_index")]

    operations = [
        migrations.RemoveField(model_name="conversationview", name="ticket_version"),
        migrations.RemoveField(model_name="conversationview", name="support_email"),
        migrations.RunSQL(REBUILD_TICKETS, reverse_sql=migrations.RunSQL.noop),
    ]
