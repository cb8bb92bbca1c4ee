package io.convstore.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The v1 input envelope as producers write it: what the demo generator, the {@code produce} command and tests
 * use to build well-formed records. {@link EnvelopeDecoder} is the authority on what is accepted.
 *
 * @param seq the producer's per-conversation sequence, or null to let the pipeline assign one
 * @param typeVersion the type version, or null for the latest
 * @param payload the payload object, serialized with Jackson
 */
public record Envelope(
        String eventId,
        String tenantId,
        String conversationId,
        String type,
        Integer typeVersion,
        Long seq,
        Instant occurredAt,
        String channel,
        String actorRole,
        String actorId,
        Map<String, ?> payload) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The Kafka key: {@code <tenant_id>/<conversation_id>}. */
    public String key() {
        return ConversationKey.of(tenantId, conversationId);
    }

    public byte[] keyBytes() {
        return key().getBytes(StandardCharsets.UTF_8);
    }

    /** The envelope as compact JSON text; optional fields that are null are left out. */
    public String toJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("event_id", eventId);
        node.put("tenant_id", tenantId);
        node.put("conversation_id", conversationId);
        node.put("type", type);
        if (typeVersion != null) {
            node.put("type_version", typeVersion);
        }
        if (seq != null) {
            node.put("seq", seq);
        }
        node.put("occurred_at", occurredAt.toString());
        if (channel != null) {
            node.put("channel", channel);
        }
        if (actorRole != null || actorId != null) {
            ObjectNode actor = node.putObject("actor");
            actor.put("role", actorRole);
            actor.put("id", actorId);
        }
        node.set("payload", MAPPER.valueToTree(payload));
        return node.toString();
    }

    public byte[] toJsonBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An accepted event as its envelope with {@code seq} set to its place, written straight from the event: the
     * same fields and order as {@link #toJson} with the payload's JSON text copied as it is (no parse, no
     * re-serialisation — the curated topic writes one per event).
     */
    public static byte[] placedJsonBytes(Event event) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(event.payload().length() + 256);
        try (com.fasterxml.jackson.core.JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("event_id", event.eventId());
            json.writeStringField("tenant_id", event.tenantId());
            json.writeStringField("conversation_id", event.conversationId());
            json.writeStringField("type", event.type());
            json.writeNumberField("type_version", event.typeVersion());
            json.writeNumberField("seq", event.seq());
            json.writeStringField("occurred_at", Instant.EPOCH.plus(event.occurredAtMicros(),
                    java.time.temporal.ChronoUnit.MICROS).toString());
            if (event.channel() != null) {
                json.writeStringField("channel", event.channel());
            }
            if (event.actorRole() != null || event.actorId() != null) {
                json.writeObjectFieldStart("actor");
                json.writeStringField("role", event.actorRole());
                json.writeStringField("id", event.actorId());
                json.writeEndObject();
            }
            json.writeFieldName("payload");
            json.writeRawValue(event.payload());
            json.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("writing to memory does not fail", e);
        }
        return out.toByteArray();
    }

    /**
     * The envelope an accepted event was decoded from, re-encoded (field order and whitespace may differ from the
     * original bytes). Used to dead-letter an event that was refused after decoding.
     */
    @SuppressWarnings("unchecked")
    public static Envelope of(Event event) {
        Map<String, Object> payload;
        try {
            payload = MAPPER.readValue(event.payload(), Map.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalStateException("an accepted event always carries a JSON object payload", e);
        }
        Instant occurredAt = Instant.EPOCH.plus(event.occurredAtMicros(), java.time.temporal.ChronoUnit.MICROS);
        return new Envelope(event.eventId(), event.tenantId(), event.conversationId(), event.type(),
                event.typeVersion(), event.producerSeq(), occurredAt, event.channel(), event.actorRole(),
                event.actorId(), payload);
    }

    public Envelope withSeq(Long newSeq) {
        return new Envelope(eventId, tenantId, conversationId, type, typeVersion, newSeq, occurredAt, channel,
                actorRole, actorId, payload);
    }

    public Envelope withEventId(String newEventId) {
        return new Envelope(newEventId, tenantId, conversationId, type, typeVersion, seq, occurredAt, channel,
                actorRole, actorId, payload);
    }

    /**
     * Reads the Kafka key from a line of envelope JSON, for tools that publish files of envelopes. Returns null
     * when the line is not an object with textual {@code tenant_id} and {@code conversation_id}: such a record is
     * published without a key and the pipeline dead-letters it with the precise reason.
     */
    public static String keyOf(String json) {
        try {
            var node = MAPPER.readTree(json);
            if (node != null && node.path("tenant_id").isTextual() && node.path("conversation_id").isTextual()) {
                return ConversationKey.of(node.get("tenant_id").asText(), node.get("conversation_id").asText());
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            // not JSON: no key can be derived; the pipeline reports it as malformed_json
        }
        return null;
    }
}
