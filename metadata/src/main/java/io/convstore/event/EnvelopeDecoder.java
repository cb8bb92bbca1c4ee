package io.convstore.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import io.convstore.metadata.PayloadSchemas;
import io.convstore.metadata.Registry;

/**
 * Decodes the v1 event envelope (see docs/architecture.md) from a Kafka key and value and checks the payload
 * against its type's JSON Schema. It never throws on bad input: every way a record can be wrong maps to a
 * {@link Rejection} with a reason code and a message that names the field (or the schema path and keyword). Stateless: one instance may decode on any number of threads.
 */
public final class EnvelopeDecoder {
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Whether {@code tenantId} is a valid tenant id of the envelope contract. */
    public static boolean validTenantId(String tenantId) {
        return tenantId != null && TENANT_ID.matcher(tenantId).matches();
    }
    private static final int MAX_CONVERSATION_ID = 128;
    private static final int MAX_EVENT_ID = 128;
    private static final int MAX_CHANNEL = 64;
    private static final Set<String> ROLES = Set.of("customer", "agent", "bot", "system");

    private final ObjectMapper mapper;
    private final Registry types;
    private final PayloadSchemas schemas;

    /** Compiles the registry's payload schemas: create one decoder per operator instance, not per record. */
    public EnvelopeDecoder(Registry types) {
        this.types = types;
        this.schemas = new PayloadSchemas(types);
        this.mapper = new ObjectMapper();
        // Bodies of 30 MB emails must parse; the size policy is enforced elsewhere with its own reason code.
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build());
    }

    /**
     * Decodes one record.
     *
     * @param key the Kafka key bytes (UTF-8 {@code tenant/conversation}), may be null
     * @param value the Kafka value bytes, may be null
     */
    public DecodeResult decode(byte[] key, byte[] value, int partition, long offset, long timestampMillis) {
        if (value == null || value.length == 0) {
            return reject(Reason.MALFORMED_JSON, "record value is empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (JacksonException e) {
            return reject(Reason.MALFORMED_JSON, "value is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            // reading from a byte array does no I/O; Jackson still declares it
            return reject(Reason.MALFORMED_JSON, "value could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return reject(Reason.MALFORMED_JSON, "value must be a JSON object, found "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase()));
        }
        return new Fields((ObjectNode) root).decode(key, partition, offset, timestampMillis);
    }

    private static DecodeResult reject(Reason reason, String message) {
        return new DecodeResult.Rejected(Rejection.of(reason, message));
    }

    /** Field-by-field checks of one parsed envelope; remembers the identity read so far for the rejection. */
    private final class Fields {
        private final ObjectNode root;
        private String eventId;
        private String tenantId;
        private String conversationId;

        Fields(ObjectNode root) {
            this.root = root;
        }

        DecodeResult decode(byte[] key, int partition, long offset, long timestampMillis) {
            try {
                eventId = requiredText("event_id", MAX_EVENT_ID);
                tenantId = requiredText("tenant_id", 64);
                if (!TENANT_ID.matcher(tenantId).matches()) {
                    throw new Refusal(Reason.INVALID_FIELD,
                            "tenant_id must match [A-Za-z0-9_-]{1,64}, was '" + tenantId + "'");
                }
                conversationId = requiredText("conversation_id", MAX_CONVERSATION_ID);
                String type = requiredText("type", 256);
                Integer typeVersion = optionalPositiveInt("type_version");
                Long seq = optionalPositiveLong("seq");
                long occurredAtMicros = occurredAt();
                String channel = optionalText("channel", MAX_CHANNEL);
                Actor actor = actor();
                JsonNode payload = root.get("payload");
                if (payload == null || payload.isNull()) {
                    throw new Refusal(Reason.MISSING_FIELD, "required field 'payload' is missing");
                }
                if (!payload.isObject()) {
                    throw new Refusal(Reason.INVALID_FIELD, "'payload' must be a JSON object");
                }
                checkKey(key);
                int version = resolveVersion(type, typeVersion);
                String payloadJson = payload.toString();
                String violation = schemas.violations(type, version, payloadJson);
                if (violation != null) {
                    throw new Refusal(Reason.SCHEMA_VIOLATION, violation);
                }
                return new DecodeResult.Accepted(new Event(eventId, tenantId, conversationId, type, version, seq,
                        occurredAtMicros, channel, actor.role(), actor.id(), payloadJson, partition, offset,
                        timestampMillis, 0L, 0L, false, 0L));
            } catch (Refusal r) {
                return new DecodeResult.Rejected(
                        new Rejection(r.reason, r.getMessage(), tenantId, conversationId, eventId));
            }
        }

        private void checkKey(byte[] key) {
            String expected = ConversationKey.of(tenantId, conversationId);
            if (key == null) {
                throw new Refusal(Reason.KEY_MISMATCH, "record has no key; expected '" + expected + "'");
            }
            String actual = new String(key, StandardCharsets.UTF_8);
            if (!actual.equals(expected)) {
                throw new Refusal(Reason.KEY_MISMATCH,
                        "record key '" + actual + "' disagrees with the body; expected '" + expected + "'");
            }
        }

        private int resolveVersion(String type, Integer requested) {
            if (requested == null) {
                return types.latestVersion(type).orElseThrow(() -> new Refusal(Reason.UNKNOWN_TYPE,
                        "unknown type '" + type + "'; known types: " + types.types()));
            }
            if (!types.contains(type, requested)) {
                throw new Refusal(Reason.UNKNOWN_TYPE, types.latestVersion(type).isPresent()
                        ? "type '" + type + "' has no version " + requested
                        : "unknown type '" + type + "'; known types: " + types.types());
            }
            return requested;
        }

        private long occurredAt() {
            String text = requiredText("occurred_at", 64);
            Long utc = utcMicros(text);
            if (utc != null) {
                return utc;
            }
            try {
                Instant instant = OffsetDateTime.parse(text).toInstant();
                return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new Refusal(Reason.INVALID_FIELD,
                        "'occurred_at' must be an ISO-8601 timestamp with offset (e.g. 2026-12-04T10:15:30.123Z), was '"
                                + text + "'");
            }
        }

        private Actor actor() {
            JsonNode actor = root.get("actor");
            if (actor == null || actor.isNull()) {
                return new Actor(null, null);
            }
            if (!actor.isObject()) {
                throw new Refusal(Reason.INVALID_FIELD, "'actor' must be an object with 'role' and 'id'");
            }
            JsonNode role = actor.get("role");
            String roleText = null;
            if (role != null && !role.isNull()) {
                if (!role.isTextual() || !ROLES.contains(role.asText())) {
                    throw new Refusal(Reason.INVALID_FIELD,
                            "'actor.role' must be one of customer, agent, bot, system, was " + role);
                }
                roleText = role.asText();
            }
            JsonNode id = actor.get("id");
            String idText = null;
            if (id != null && !id.isNull()) {
                if (!id.isTextual() || id.asText().length() > MAX_EVENT_ID) {
                    throw new Refusal(Reason.INVALID_FIELD, "'actor.id' must be a string of at most 128 characters");
                }
                idText = id.asText();
            }
            return new Actor(roleText, idText);
        }

        private String requiredText(String field, int maxLength) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                throw new Refusal(Reason.MISSING_FIELD, "required field '" + field + "' is missing");
            }
            return text(field, node, maxLength);
        }

        private String optionalText(String field, int maxLength) {
            JsonNode node = root.get(field);
            return node == null || node.isNull() ? null : text(field, node, maxLength);
        }

        private String text(String field, JsonNode node, int maxLength) {
            if (!node.isTextual()) {
                throw new Refusal(Reason.INVALID_FIELD, "'" + field + "' must be a string, was " + node.getNodeType());
            }
            String text = node.asText();
            if (text.isBlank() || text.length() > maxLength) {
                throw new Refusal(Reason.INVALID_FIELD,
                        "'" + field + "' must be 1 to " + maxLength + " characters and not blank");
            }
            return text;
        }

        private Long optionalPositiveLong(String field) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.canConvertToExactIntegral() || !node.canConvertToLong() || node.asLong() < 1) {
                throw new Refusal(Reason.INVALID_FIELD, "'" + field + "' must be an integer >= 1, was " + node);
            }
            return node.asLong();
        }

        private Integer optionalPositiveInt(String field) {
            Long value = optionalPositiveLong(field);
            if (value != null && value > Integer.MAX_VALUE) {
                throw new Refusal(Reason.INVALID_FIELD, "'" + field + "' is too large: " + value);
            }
            return value == null ? null : value.intValue();
        }
    }

    /**
     * Microseconds since the epoch of the common form {@code 2026-12-04T10:15:30.123Z} (0 to 9 fraction digits),
     * read without the general ISO parser, which costs more than the rest of the envelope; null for any other form
     * (offsets, invalid dates), which the general parser then accepts or refuses with its message.
     */
    static Long utcMicros(String t) {
        int n = t.length();
        if (n < 20 || n > 30 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-'
                || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        long micros = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            int fraction = t.charAt(19) == '.' && fractionDigits >= 1 ? digits(t, 20, n - 1) : -1;
            if (fraction < 0) {
                return null;
            }
            micros = fractionDigits <= 6 ? fraction * POWERS_OF_TEN[6 - fractionDigits]
                    : fraction / POWERS_OF_TEN[fractionDigits - 6];
        }
        if ((year | month | day | hour | minute | second) < 0 || year < 1900 || year >= 2200) {
            return null; // far dates: the general path decides (it refuses what overflows in nanoseconds)
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC) * 1_000_000L
                    + micros;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    /** The decimal number in {@code t[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The optional {@code actor} object: either field may be null. */
    private record Actor(String role, String id) {}

    /** Internal control flow for the first broken rule; never leaves this class. */
    private static final class Refusal extends RuntimeException {
        private final Reason reason;

        Refusal(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
