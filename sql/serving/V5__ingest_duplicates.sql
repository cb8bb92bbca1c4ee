-- convstore serving store, version 5: where duplicates were read, so `./convstore audit` can account for every
-- input record by its offset (a stored row, a duplicate here, or a dead letter in the DLQ topic).
-- One row per input record the job dropped as a duplicate event id; offsets of the job's input topic.
CREATE TABLE ingest_duplicates (
    source_partition  integer     NOT NULL,
    source_offset     bigint      NOT NULL,
    tenant_id         text        NOT NULL,
    conversation_id   text        NOT NULL,
    event_id          text        NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_partition, source_offset)
);
