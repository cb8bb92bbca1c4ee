package io.convstore.event;

/**
 * One Kafka record exactly as it arrived, before anything is parsed: the unit the ingest stage hands to
 * validation. Keeping the original bytes is what lets a refused record be dead-lettered unchanged.
 *
 * @param key the record key bytes, or null
 * @param value the record value bytes, or null
 * @param timestamp the Kafka record timestamp (epoch millis)
 * @param headers the record's headers ({@link RecordHeaders}), or null when it has none
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
        byte[] headers) {}
