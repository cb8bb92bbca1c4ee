package io.convstore.event;

/**
 * A refused input record with everything needed to understand and replay it: the original key and value
 * bytes, where it came from, the reason code and a human message. Tenant and conversation are set when they
 * could be read from the record, else null.
 *
 * @param headers the original record's headers ({@link RecordHeaders}), or null
 * @param metadataVersion the digest of the metadata version that refused it, or null where no version applies
 * @param jobVersion the convstore version of the job that refused it
 * @param valueBytes the size of the original value (0 when it had none), whether held here or offloaded
 * @param valueRef the payload-store object holding the original value when it was too large to travel with the
 *     letter ({@code value} is then null), else null
 * @param valueSha256 the SHA-256 of the original value when it was offloaded, else null
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
        long refusedAtMillis,
        byte[] headers,
        String metadataVersion,
        String jobVersion,
        long valueBytes,
        String valueRef,
        byte[] valueSha256) {

    /** The convstore version written into every dead letter. */
    public static final String JOB_VERSION = "0.1.0";

    /** A dead letter for a raw record refused before it became an {@link Event}. */
    public static DeadLetter of(RawRecord raw, Rejection rejection, long nowMillis, String metadataVersion) {
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
                nowMillis,
                raw.headers(),
                metadataVersion,
                JOB_VERSION,
                raw.value() == null ? 0 : raw.value().length,
                null,
                null);
    }

    /** This letter once its original value is stored as the object {@code ref}: the claim check, no bytes. */
    public DeadLetter offloaded(String ref, byte[] sha256) {
        return new DeadLetter(key, null, sourceTopic, sourcePartition, sourceOffset, reason, message, tenantId,
                conversationId, eventId, refusedAtMillis, headers, metadataVersion, jobVersion, valueBytes, ref,
                sha256);
    }
}
