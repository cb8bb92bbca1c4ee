package io.convstore.event;

import java.util.Locale;

/**
 * The closed set of reasons a record is refused. The code (lower snake case) is what operators see in the
 * dead-letter topic header {@code convstore.reason}, in metrics and in summaries; it never changes once released.
 */
public enum Reason {
    /** The value is not a JSON object (truncated, not UTF-8 JSON, an array, empty). */
    MALFORMED_JSON,
    /** A required envelope field is absent or null. */
    MISSING_FIELD,
    /** An envelope field is present but has the wrong type, format or range. */
    INVALID_FIELD,
    /** The Kafka key is absent or is not {@code <tenant_id>/<conversation_id>} of the body. */
    KEY_MISMATCH,
    /** The {@code type} (or its {@code type_version}) is not a known interaction type. */
    UNKNOWN_TYPE,
    /** The payload breaks the type's JSON Schema (issued once the metadata registry validates payloads). */
    SCHEMA_VIOLATION,
    /** The record is larger than the configured maximum. */
    PAYLOAD_TOO_LARGE,
    /** Another event already holds this {@code seq} in the conversation. */
    SEQUENCE_CONFLICT;

    /** The stable wire code, e.g. {@code malformed_json}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
