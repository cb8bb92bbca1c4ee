-- convstore serving store, version 1: conversations and their events.
-- Applied once by the job at start (see ServingMigrations); never edit a released migration, add V2.

-- One row per conversation; maintained with monotonic upserts so replays never move it backwards.
CREATE TABLE conversations (
    tenant_id        text        NOT NULL,
    conversation_id  text        NOT NULL,
    status           text        NOT NULL DEFAULT 'open',
    opened_at        timestamptz NOT NULL,
    last_event_at    timestamptz NOT NULL,
    last_seq         bigint      NOT NULL,
    event_count      bigint      NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, conversation_id)
);

-- Every accepted event, in seq order per conversation: a page is one range scan of the primary key.
CREATE TABLE conversation_events (
    tenant_id         text        NOT NULL,
    conversation_id   text        NOT NULL,
    seq               bigint      NOT NULL,
    event_id          text        NOT NULL,
    type              text        NOT NULL,
    type_version      integer     NOT NULL,
    occurred_at       timestamptz NOT NULL,
    ingested_at       timestamptz NOT NULL DEFAULT now(),
    actor_role        text,
    actor_id          text,
    channel           text,
    producer_seq      bigint,
    gap_before        bigint      NOT NULL DEFAULT 0,
    late_fill         boolean     NOT NULL DEFAULT false,
    source_partition  integer     NOT NULL,
    source_offset     bigint      NOT NULL,
    payload           jsonb       NOT NULL,
    PRIMARY KEY (tenant_id, conversation_id, seq),
    -- the idempotency key, scoped like the job's dedup state (and a distribution column for Citus)
    UNIQUE (tenant_id, conversation_id, event_id)
);

CREATE INDEX conversations_tenant_updated ON conversations (tenant_id, updated_at);
