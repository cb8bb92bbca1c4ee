package io.convstore.event;

/**
 * A record for an extra Kafka target of a type (metadata {@code kafka:}): the topic, the conversation key, the
 * reshaped JSON value, and the event id it came from (sent as a header so consumers can deduplicate).
 */
public record TargetRecord(String topic, byte[] key, byte[] value, String eventId) {}
