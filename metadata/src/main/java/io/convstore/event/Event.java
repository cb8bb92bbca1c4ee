package io.convstore.event;

/**
 * A validated conversation event: the v1 envelope decoded, plus where it came from and — once the order stage
 * has seen it — its place in the conversation.
 *
 * <p>Invariants: identity fields are non-null and valid; {@code payload} is the compact JSON text of an object.
 * Before ordering {@code seq} is 0; after, it is the conversation's sequence number (the producer's when it sent
 * one, else assigned in arrival order), {@code gapBefore} counts sequence numbers skipped right before this event
 * because they never arrived in time, {@code lateFill} is true when this event fills such an earlier gap, and
 * {@code conversationEventCount} is how many events of the conversation have been released so far, this one
 * included.
 *
 * @param producerSeq the producer's {@code seq}, or null when it sent none
 * @param occurredAtMicros {@code occurred_at} as microseconds since the epoch (UTC)
 * @param typeVersion the resolved version of the type (the latest when the envelope named none)
 */
public record Event(
        String eventId,
        String tenantId,
        String conversationId,
        String type,
        int typeVersion,
        Long producerSeq,
        long occurredAtMicros,
        String channel,
        String actorRole,
        String actorId,
        String payload,
        int sourcePartition,
        long sourceOffset,
        long kafkaTimestampMillis,
        long seq,
        long gapBefore,
        boolean lateFill,
        long conversationEventCount) {

    /** The Kafka key and the keyed-state key of this event's conversation. */
    public String conversationKey() {
        return ConversationKey.of(tenantId, conversationId);
    }

    /** This event with its place in the conversation, as decided by the order stage. */
    public Event placed(long assignedSeq, long gap, boolean filledLate, long eventCount) {
        return new Event(eventId, tenantId, conversationId, type, typeVersion, producerSeq, occurredAtMicros,
                channel, actorRole, actorId, payload, sourcePartition, sourceOffset, kafkaTimestampMillis,
                assignedSeq, gap, filledLate, eventCount);
    }
}
