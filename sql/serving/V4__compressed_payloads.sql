-- convstore serving store, version 4: large payloads are kept compressed.
-- Above its type's serving.compress_above (default 4 KiB) a payload is stored zstd-compressed in payload_zstd
-- (payload is then NULL); `./convstore conversation show` and the API read it back as the original JSON text.
-- payload_bytes is the size of the payload's JSON text either way.
ALTER TABLE conversation_events ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE conversation_events ADD COLUMN payload_zstd bytea;
ALTER TABLE conversation_events ADD COLUMN payload_bytes integer;
-- already compressed: TOAST must not try again
ALTER TABLE conversation_events ALTER COLUMN payload_zstd SET STORAGE EXTERNAL;
ALTER TABLE conversation_events ADD CONSTRAINT conversation_events_payload_stored
    CHECK (payload IS NOT NULL OR payload_zstd IS NOT NULL);
