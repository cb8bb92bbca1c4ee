package io.convstore.connectors.kafka;

/** Header names on records of the dead-letter topic: part of the contract documented in docs/architecture.md. */
public final class DeadLetterHeaders {
    public static final String REASON = "convstore.reason";
    public static final String MESSAGE = "convstore.message";
    public static final String SOURCE_TOPIC = "convstore.source.topic";
    public static final String SOURCE_PARTITION = "convstore.source.partition";
    public static final String SOURCE_OFFSET = "convstore.source.offset";
    public static final String TENANT = "convstore.tenant_id";
    public static final String CONVERSATION = "convstore.conversation_id";
    public static final String EVENT = "convstore.event_id";
    public static final String REFUSED_AT = "convstore.refused_at";
    public static final String METADATA_VERSION = "convstore.metadata_version";
    public static final String JOB_VERSION = "convstore.job_version";
    /** The size of the original value; with {@link #VALUE_REF} and {@link #VALUE_SHA256}, when it was offloaded. */
    public static final String VALUE_BYTES = "convstore.value.bytes";
    /** The payload-store object holding the original value, when it was too large for the letter (value empty). */
    public static final String VALUE_REF = "convstore.value.ref";
    /** The SHA-256 of the offloaded original value, in lower-case hex. */
    public static final String VALUE_SHA256 = "convstore.value.sha256";
    /** Every header convstore writes starts with this; the others are the original record's. */
    public static final String PREFIX = "convstore.";

    private DeadLetterHeaders() {}
}
