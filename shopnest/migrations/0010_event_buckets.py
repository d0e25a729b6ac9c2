"""Each event's bucket (projections/partitions.py) as a stored column, indexed with the commit
order, so a partition reads only its own buckets' events: one ordered index range per bucket,
merged (no scan over the other partitions' events)."""

from django.db import migrations

BUCKET = "(get_byte(decode(md5(stream_id), 'hex'), 0) & 63)"


class Migration(migrations.Migration):
    dependencies = [("shopnest", "0009_projection_failed_event")]

    operations = [
        migrations.RunSQL(
            f"ALTER TABLE es_events ADD COLUMN bucket smallint GENERATED ALWAYS AS ({BUCKET}) "
            "STORED; CREATE INDEX es_events_bucket_commit_order ON es_events (bucket, tx, position)",
            "DROP INDEX es_events_bucket_commit_order; ALTER TABLE es_events DROP COLUMN bucket",
        ),
    ]
