"""DDL of the event store: tables, the append function and the append-only triggers.

Kept as SQL because the store's guarantees live in the database: the per-stream advisory
lock, the first-write rule, the version check and the history trigger hold whoever calls.
"""

CREATE_TABLES = """
CREATE TABLE es_streams (
    stream_id   text PRIMARY KEY,
    stream_type text NOT NULL,
    version     bigint NOT NULL CHECK (version > 0),
    last_tx     xid8 NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE es_events (
    position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx             xid8 NOT NULL,
    stream_id      text NOT NULL REFERENCES es_streams (stream_id),
    version        bigint NOT NULL,
    event_id       uuid NOT NULL UNIQUE,
    type           text NOT NULL,
    schema_version integer NOT NULL DEFAULT 1,
    data           jsonb NOT NULL,
    metadata       jsonb NOT NULL DEFAULT '{}'::jsonb,
    recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (stream_id, version)
);
CREATE INDEX es_events_tx_position ON es_events (tx, position);
CREATE INDEX es_events_type ON es_events (type);
"""

# SQLSTATEs raised by es_append; shopnest.eventstore.errors maps them to Python exceptions.
APPEND_FUNCTION = """
CREATE OR REPLACE FUNCTION es_append(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    entry      jsonb;
    sid        text;
    expected   bigint;
    current    bigint;
    stream_tx  xid8;
    my_tx      xid8;
    n_events   integer;
    dup_stream text;
    dup_stream_max text;
    dup_count  integer;
    result     jsonb := '[]'::jsonb;
    first_pos  bigint;
    last_pos   bigint;
BEGIN
    -- The append must be the transaction's first write, so that its transaction id is
    -- assigned after everything the command read had committed.
    IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'append must be the first write of its transaction'
            USING ERRCODE = 'SNFW1';
    END IF;

    -- Readers bound their horizon by the holders of this shared lock (eventstore/horizon.py):
    -- taken before this transaction's id is assigned, by the first write below.
    PERFORM pg_advisory_xact_lock_shared(1397247557, 1);

    -- Writers of one stream queue here; streams are locked in a fixed order so that a
    -- command writing several streams never deadlocks with another. (Most appends write one
    -- stream: its lock without the query that orders several.)
    IF jsonb_array_length(batch) = 1 THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('es-stream:' || (batch->0->>'stream_id'), 0));
    ELSE
        FOR sid IN SELECT DISTINCT e->>'stream_id' FROM jsonb_array_elements(batch) e ORDER BY 1 LOOP
            PERFORM pg_advisory_xact_lock(hashtextextended('es-stream:' || sid, 0));
        END LOOP;
    END IF;

    FOR entry IN SELECT value FROM jsonb_array_elements(batch) LOOP
        sid := entry->>'stream_id';
        n_events := jsonb_array_length(entry->'events');

        -- Idempotent retry: the very same events were already appended to this stream.
        -- Any other reuse of an event id (other stream, or mixed with new events) is refused.
        IF n_events = 1 THEN  -- one event: one lookup by its id answers both questions
            SELECT stream_id, position, version, tx INTO dup_stream, first_pos, current, stream_tx
              FROM es_events WHERE event_id = (entry->'events'->0->>'event_id')::uuid;
            IF FOUND THEN
                IF dup_stream <> sid THEN
                    RAISE EXCEPTION 'event ids already used (stream %)', dup_stream
                        USING ERRCODE = 'SNID1';
                END IF;
                result := result || jsonb_build_object(
                    'stream_id', sid, 'version', current, 'tx', stream_tx::text,
                    'first_position', first_pos, 'last_position', first_pos, 'duplicate', true);
                CONTINUE;
            END IF;
        ELSE
            SELECT count(*), min(stream_id), max(stream_id)
              INTO dup_count, dup_stream, dup_stream_max
              FROM es_events
             WHERE event_id IN (SELECT (ev->>'event_id')::uuid
                                  FROM jsonb_array_elements(entry->'events') ev);
            IF dup_count > 0 THEN
                IF dup_count <> n_events OR dup_stream <> sid OR dup_stream_max <> sid THEN
                    RAISE EXCEPTION 'event ids already used (stream %)', dup_stream
                        USING ERRCODE = 'SNID1';
                END IF;
                SELECT min(position), max(position), max(version), max(tx)
                  INTO first_pos, last_pos, current, stream_tx
                  FROM es_events WHERE event_id IN (
                      SELECT (ev->>'event_id')::uuid FROM jsonb_array_elements(entry->'events') ev);
                result := result || jsonb_build_object(
                    'stream_id', sid, 'version', current, 'tx', stream_tx::text,
                    'first_position', first_pos, 'last_position', last_pos, 'duplicate', true);
                CONTINUE;
            END IF;
        END IF;

        SELECT version, last_tx INTO current, stream_tx FROM es_streams WHERE stream_id = sid;
        IF NOT FOUND THEN
            current := 0;
            stream_tx := NULL;
        END IF;
        expected := (entry->>'expected_version')::bigint;
        IF expected IS NOT NULL AND expected <> current THEN
            RAISE EXCEPTION 'stream % is at version %, expected %', sid, current, expected
                USING ERRCODE = 'SNCV1', DETAIL = current::text;
        END IF;

        my_tx := pg_current_xact_id();
        -- Versions and transaction ids of a stream always rise together.
        IF stream_tx IS NOT NULL AND stream_tx > my_tx THEN
            RAISE EXCEPTION 'stream % was written by a newer transaction', sid
                USING ERRCODE = 'SNTX1';
        END IF;

        INSERT INTO es_streams AS s (stream_id, stream_type, version, last_tx)
        VALUES (sid, entry->>'stream_type', current + n_events, my_tx)
        ON CONFLICT (stream_id) DO UPDATE
           SET version = EXCLUDED.version, last_tx = EXCLUDED.last_tx,
               updated_at = clock_timestamp();

        IF n_events = 1 THEN  -- the common case, without the set-returning insert
            INSERT INTO es_events (tx, stream_id, version, event_id, type, schema_version, data, metadata)
            VALUES (my_tx, sid, current + 1, (entry->'events'->0->>'event_id')::uuid,
                    entry->'events'->0->>'type',
                    coalesce((entry->'events'->0->>'schema_version')::integer, 1),
                    entry->'events'->0->'data', coalesce(entry->'metadata', '{}'::jsonb))
            RETURNING position INTO first_pos;
            last_pos := first_pos;
        ELSE
            WITH inserted AS (
                INSERT INTO es_events (tx, stream_id, version, event_id, type, schema_version, data, metadata)
                SELECT my_tx, sid, current + ev.ord, (ev.value->>'event_id')::uuid, ev.value->>'type',
                       coalesce((ev.value->>'schema_version')::integer, 1), ev.value->'data',
                       coalesce(entry->'metadata', '{}'::jsonb)
                  FROM jsonb_array_elements(entry->'events') WITH ORDINALITY AS ev(value, ord)
                 ORDER BY ev.ord
                RETURNING position
            )
            SELECT min(position), max(position) INTO first_pos, last_pos FROM inserted;
        END IF;

        result := result || jsonb_build_object(
            'stream_id', sid, 'version', current + n_events, 'tx', my_tx::text,
            'first_position', first_pos, 'last_position', last_pos, 'duplicate', false);
    END LOOP;
    RETURN result;
END;
$$;
"""

HISTORY_TRIGGERS = """
CREATE OR REPLACE FUNCTION es_refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event store is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'SNAO1';
END;
$$;
CREATE TRIGGER es_events_no_update_delete BEFORE UPDATE OR DELETE ON es_events
    FOR EACH ROW EXECUTE FUNCTION es_refuse_rewrite();
CREATE TRIGGER es_events_no_truncate BEFORE TRUNCATE ON es_events
    FOR EACH STATEMENT EXECUTE FUNCTION es_refuse_rewrite();
CREATE TRIGGER es_streams_no_delete BEFORE DELETE ON es_streams
    FOR EACH ROW EXECUTE FUNCTION es_refuse_rewrite();
CREATE TRIGGER es_streams_no_truncate BEFORE TRUNCATE ON es_streams
    FOR EACH STATEMENT EXECUTE FUNCTION es_refuse_rewrite();
"""
