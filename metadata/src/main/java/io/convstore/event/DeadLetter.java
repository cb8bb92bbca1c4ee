package io.convstore.event;

/**
 * A refused input record with everything needed to understand and replay it: the original key and value
 * bytes, where it came from, the reason code and a human message. Tenant and conversation are set when they
 * could be read from the record, else null.
 */
public record DeadLetter(
        byte[] key,
        byte[] value,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String reason,
        String message,
        String tenantId,
        String conversationId,
        String eventId,
        long refusedAtMillis) {

    /** A dead letter for a raw record refused before it became an {@link Event}. */
    public static DeadLetter of(RawRecord raw, Rejection rejection, long nowMillis) {
        return new DeadLetter(
                raw.key(),
                raw.value(),
                raw.topic(),
                raw.partition(),
                raw.offset(),
                rejection.reason().code(),
                rejection.message(),
                rejection.tenantId(),
                rejection.conversationId(),
                rejection.eventId(),
                nowMillis);
    }
}
