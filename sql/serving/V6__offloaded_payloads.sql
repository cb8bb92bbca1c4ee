-- convstore serving store, version 6: payloads above their type's serving.offload_above (default 256 KiB) live in
-- the payload store (S3), zstd-compressed, one object per event; the row keeps the claim check: payload_ref (the
-- object's full reference, e.g. s3://lake/payloads/serving/acme/c-1/e-9.json.zst), payload_bytes (the size of the
-- JSON text) and payload_sha256 (the SHA-256 of the JSON text). The job writes the object before the row, so a
-- visible row's object always exists; readers check the decompressed bytes against the checksum.
ALTER TABLE conversation_events ADD COLUMN payload_ref text;
ALTER TABLE conversation_events ADD COLUMN payload_sha256 bytea;
ALTER TABLE conversation_events DROP CONSTRAINT conversation_events_payload_stored;
ALTER TABLE conversation_events ADD CONSTRAINT conversation_events_payload_stored
    CHECK (payload IS NOT NULL OR payload_zstd IS NOT NULL
           OR (payload_ref IS NOT NULL AND payload_sha256 IS NOT NULL AND payload_bytes IS NOT NULL));
