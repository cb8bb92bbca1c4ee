package io.convstore.event;

/**
 * One record's contribution to its tenant's traffic in a minute: an accepted event (with its payload size, and
 * whether it is its conversation's first event in that minute) or a dead letter. Summed per tenant and
 * one-minute event-time window by the traffic stage.
 *
 * @param timestampMillis the event's {@code occurred_at}, or a dead letter's refusal time
 * @param bytes the payload's JSON text length (UTF-16 units: a cheap proxy for bytes), or the refused value's size
 * @param activations 1 when this is the conversation's first event in its minute, else 0
 */
public record TrafficTick(String tenantId, long timestampMillis, long events, long bytes, long activations,
        long deadLetters) {

    /** The tenant of dead letters without a readable, valid tenant id. */
    public static final String UNKNOWN_TENANT = "unknown";

    public static TrafficTick event(Event event, boolean firstInMinute) {
        return new TrafficTick(event.tenantId(), Math.floorDiv(event.occurredAtMicros(), 1000L), 1,
                event.payload().length(), firstInMinute ? 1 : 0, 0);
    }

    public static TrafficTick deadLetter(DeadLetter letter) {
        // garbage must not become a key: only a valid tenant id counts as a tenant
        return new TrafficTick(EnvelopeDecoder.validTenantId(letter.tenantId()) ? letter.tenantId() : UNKNOWN_TENANT,
                letter.refusedAtMillis(), 0, letter.valueBytes(), 0, 1);
    }
}
