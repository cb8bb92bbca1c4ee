-- convstore serving store, version 3: when Kafka received each event, beside when the store committed it
-- (ingested_at): the difference is the produce-to-visible latency applications experience.
ALTER TABLE conversation_events ADD COLUMN kafka_timestamp timestamptz;
