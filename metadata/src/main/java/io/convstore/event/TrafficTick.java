package io.convstore.event;

import java.nio.charset.StandardCharsets;

/**
 * One record's contribution to its tenant's traffic in a minute: an accepted event (with its payload size, and
 * whether it is its conversation's first event in that minute) or a dead letter. Summed per tenant and
 * one-minute event-time window by the traffic stage.
 *
 * @param timestampMillis the event time: the record's Kafka timestamp
 * @param bytes the payload's JSON text length (UTF-16 units: a cheap proxy for bytes), or the refused value's size
 * @param activations 1 when this is the conversation's first event in its minute, else 0
 */
public record TrafficTick(String tenantId, long timestampMillis, long events, long bytes, long activations,
        long deadLetters) {

    /** The tenant of dead letters without a valid tenant id in their body or key. */
    public static final String UNKNOWN_TENANT = "unknown";

    public static TrafficTick event(Event event, boolean firstInMinute) {
        return new TrafficTick(event.tenantId(), event.kafkaTimestampMillis(), 1,
                event.payload().length(), firstInMinute ? 1 : 0, 0);
    }

    /**
     * A dead letter's traffic, for the tenant it names, or else the tenant of its Kafka key
     * ({@code tenant/conversation}: a body that is not JSON still came with a key), or else {@code unknown}.
     *
     * @param timestampMillis the refused record's Kafka timestamp
     */
    public static TrafficTick deadLetter(DeadLetter letter, long timestampMillis) {
        return new TrafficTick(tenantOf(letter), timestampMillis, 0, letter.valueBytes(), 0, 1);
    }

    private static String tenantOf(DeadLetter letter) {
        // garbage must not become a key of the traffic windows: only a valid tenant id counts as a tenant
        if (EnvelopeDecoder.validTenantId(letter.tenantId())) {
            return letter.tenantId();
        }
        String fromKey = letter.key() == null ? null
                : ConversationKey.tenantOf(new String(letter.key(), StandardCharsets.UTF_8));
        return EnvelopeDecoder.validTenantId(fromKey) ? fromKey : UNKNOWN_TENANT;
    }
}
