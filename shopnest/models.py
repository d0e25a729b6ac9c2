"""Kernel tables: the event store (read-only views for the admin), projection checkpoints and
idempotency records."""

from django.db import models


class StreamRecord(models.Model):
    """A stream of the event store (table created by migration SQL; never written by the ORM)."""

    stream_id = models.TextField(primary_key=True)
    stream_type = models.TextField()
    version = models.BigIntegerField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "es_streams"
        ordering = ["-updated_at"]
        verbose_name = "stream"

    def __str__(self) -> str:
        return f"{self.stream_id} v{self.version}"


class EventRecord(models.Model):
    """An event of the event store (append-only; never written by the ORM)."""

    position = models.BigIntegerField(primary_key=True)
    stream = models.ForeignKey(StreamRecord, on_delete=models.DO_NOTHING, db_column="stream_id",
                               related_name="events")
    version = models.BigIntegerField()
    event_id = models.UUIDField()
    type = models.TextField()
    schema_version = models.IntegerField()
    data = models.JSONField()
    metadata = models.JSONField()
    recorded_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "es_events"
        ordering = ["-position"]
        verbose_name = "event"

    def __str__(self) -> str:
        return f"#{self.position} {self.type} {self.stream_id} v{self.version}"


class ProjectionStatus(models.TextChoices):
    RUNNING = "running", "Running"
    STALLED = "stalled", "Stalled"


class ProjectionState(models.Model):
    """A projection's checkpoint `(tx, position)` and health; written only by the runner."""

    # The partition's row name (projections/partitions.py): the projection's own name when it
    # runs in one partition, "name:index/count" otherwise.
    name = models.CharField(max_length=100, primary_key=True)
    projection = models.CharField(max_length=100, db_default="", db_index=True)
    partition_index = models.SmallIntegerField(db_default=0)
    partition_count = models.SmallIntegerField(db_default=1)
    tx = models.BigIntegerField(default=0)
    position = models.BigIntegerField(default=0)
    status = models.CharField(max_length=16, choices=ProjectionStatus.choices,
                              default=ProjectionStatus.RUNNING)
    failures = models.IntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    # Where the failing batch stopped: "stream vN at tx:position" of the event it failed on,
    # or the batch's span when the failure belongs to no one event; "" once a batch succeeds.
    failed_event = models.TextField(blank=True, db_default="")
    # After a failed batch: not retried before this moment (backoff); None: no failure.
    retry_at = models.DateTimeField(null=True)
    heartbeat_at = models.DateTimeField(null=True)
    last_event_at = models.DateTimeField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "shopnest_projection_state"
        ordering = ["name"]
        verbose_name = "projection"

    def __str__(self) -> str:
        return f"{self.name} @ {self.tx}:{self.position} ({self.status})"


class IdempotencyRecord(models.Model):
    """The stored outcome of a command sent with an Idempotency-Key."""

    principal = models.CharField(max_length=100)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    outcome = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        db_table = "shopnest_idempotency"
        constraints = [
            models.UniqueConstraint(fields=["principal", "key"], name="idempotency_principal_key")
        ]

    def __str__(self) -> str:
        return f"{self.principal} {self.key}"


class PersonKey(models.Model):
    """A person's data key (docs/erasure.md): their personal fields in the event store are
    sealed under it. Write-side secret storage, not a read table: written only by the event
    store's append, in the command's transaction, and never shown. Erasure sets `key` to NULL
    and keeps the row as a tombstone, so nothing is ever sealed for that person again."""

    person = models.TextField(primary_key=True)
    key = models.BinaryField(null=True)
    created_at = models.DateTimeField()
    destroyed_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "shopnest_person_key"
        verbose_name = "person key"

    def __str__(self) -> str:
        return self.person
