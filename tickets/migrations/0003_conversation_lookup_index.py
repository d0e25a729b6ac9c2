"""Find the ticket of a reply or note from the event store, without the read tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tickets", "0002_status_and_priority_labels"), ("shopnest", "0002_append_checks_every_event_id")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX es_events_conversation_id ON es_events "
            "(((data->>'conversation_id')::bigint)) WHERE type IN ('ReplyAdded', 'NoteAdded')",
            reverse_sql="DROP INDEX es_events_conversation_id",
        ),
    ]
