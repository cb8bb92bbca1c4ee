-- convstore serving store, version 8: what the HTTP API needs.
-- API keys per tenant, stored as the SHA-256 of their secret (the secret is shown once, when created).
CREATE TABLE api_keys (
    key_id      text        PRIMARY KEY,
    tenant_id   text        NOT NULL,
    secret_sha256 bytea     NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id);
-- Read-your-writes: a write's consistency token is its Kafka partition and offset; the write is visible once the
-- row it became (or its recorded duplicate) is committed, which this index finds in one probe.
CREATE INDEX conversation_events_by_source ON conversation_events (source_partition, source_offset);
-- The conversation list, keyset-paged by (updated_at, conversation_id) per tenant.
CREATE INDEX conversations_by_update ON conversations (tenant_id, updated_at, conversation_id);
