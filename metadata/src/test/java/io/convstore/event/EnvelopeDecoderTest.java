package io.convstore.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import io.convstore.metadata.MetadataException;
import io.convstore.metadata.RegistryLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvelopeDecoderTest {
    private static final EnvelopeDecoder decoder;

    static {
        try {
            decoder = new EnvelopeDecoder(RegistryLoader.loadBuiltIn());
        } catch (MetadataException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Envelope chat() {
        return new Envelope("e-1", "acme", "c-1", "chat.message", null, 17L,
                Instant.parse("2026-12-04T10:15:30.123456Z"), "web", "customer", "u-9", Map.of("text", "hello"));
    }

    private DecodeResult decode(String key, String value) {
        return decoder.decode(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8), 3, 42L, 1_000L);
    }

    private Rejection rejected(String key, String value) {
        DecodeResult result = decode(key, value);
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        return ((DecodeResult.Rejected) result).rejection();
    }

    @Test
    void decodesEveryEnvelopeField() {
        DecodeResult result = decode("acme/c-1", chat().toJson());

        assertThat(result).isEqualTo(new DecodeResult.Accepted(new Event("e-1", "acme", "c-1", "chat.message", 1,
                17L, 1_796_379_330_123_456L, "web", "customer", "u-9", "{\"text\":\"hello\"}", 3, 42L, 1_000L,
                0L, 0L, false, 0L)));
    }

    @Test
    void leavesOptionalFieldsNullWhenAbsent() {
        String json = "{\"event_id\":\"e\",\"tenant_id\":\"t\",\"conversation_id\":\"c\",\"type\":\"ai.response\","
                + "\"occurred_at\":\"2026-12-04T10:15:30+01:00\",\"payload\":{\"model\":\"m\",\"text\":\"t\"}}";

        Event event = ((DecodeResult.Accepted) decode("t/c", json)).event();

        assertThat(event.producerSeq()).isNull();
        assertThat(event.channel()).isNull();
        assertThat(event.actorRole()).isNull();
        assertThat(event.typeVersion()).isEqualTo(1);
        assertThat(event.occurredAtMicros()).isEqualTo(1_796_375_730_000_000L);
    }

    @Test
    void refusesBytesThatAreNotJson() {
        Rejection rejection = rejected("acme/c-1", "{\"event_id\": \"trunc");

        assertThat(rejection.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(rejection.message()).startsWith("value is not valid JSON");
        assertThat(rejection.tenantId()).isNull();
    }

    @Test
    void refusesJsonThatIsNotAnObject() {
        assertThat(rejected("k", "[1,2]").message()).isEqualTo("value must be a JSON object, found array");
        assertThat(rejected("k", "").message()).isEqualTo("record value is empty");
        assertThat(rejected("k", null).reason()).isEqualTo(Reason.MALFORMED_JSON);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "event_id        | MISSING_FIELD | required field 'event_id' is missing",
        "tenant_id       | MISSING_FIELD | required field 'tenant_id' is missing",
        "conversation_id | MISSING_FIELD | required field 'conversation_id' is missing",
        "type            | MISSING_FIELD | required field 'type' is missing",
        "occurred_at     | MISSING_FIELD | required field 'occurred_at' is missing",
        "payload         | MISSING_FIELD | required field 'payload' is missing",
    })
    void refusesEnvelopesWithoutARequiredField(String field, Reason reason, String message) {
        String json = chat().toJson().replace("\"" + field + "\"", "\"x_" + field + "\"");

        Rejection rejection = rejected("acme/c-1", json);

        assertThat(rejection.reason()).isEqualTo(reason);
        assertThat(rejection.message()).isEqualTo(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"tenant_id\":\"acme\"            | \"tenant_id\":\"ac me\"         | tenant_id must match [A-Za-z0-9_-]{1,64}, was 'ac me'",
        "\"seq\":17                        | \"seq\":0                       | 'seq' must be an integer >= 1, was 0",
        "\"seq\":17                        | \"seq\":\"17\"                  | 'seq' must be an integer >= 1, was \"17\"",
        "\"seq\":17                        | \"seq\":1.5                     | 'seq' must be an integer >= 1, was 1.5",
        "\"event_id\":\"e-1\"              | \"event_id\":42                 | 'event_id' must be a string, was NUMBER",
        "\"occurred_at\":\"2026-12-04T10:15:30.123456Z\" | \"occurred_at\":\"yesterday\" | 'occurred_at' must be an ISO-8601 timestamp with offset (e.g. 2026-12-04T10:15:30.123Z), was 'yesterday'",
        "\"role\":\"customer\"             | \"role\":\"robot\"              | 'actor.role' must be one of customer, agent, bot, system, was \"robot\"",
        "\"payload\":{\"text\":\"hello\"}  | \"payload\":\"hello\"           | 'payload' must be a JSON object",
    })
    void refusesMalformedFieldsNamingTheField(String original, String replacement, String message) {
        String json = chat().toJson().replace(original, replacement);
        assertThat(json).contains(replacement);

        Rejection rejection = rejected(json.contains("ac me") ? "ac me/c-1" : "acme/c-1", json);

        assertThat(rejection.reason()).isEqualTo(Reason.INVALID_FIELD);
        assertThat(rejection.message()).isEqualTo(message);
    }

    @Test
    void refusesAKeyThatDisagreesWithTheBody() {
        Rejection rejection = rejected("acme/c-2", chat().toJson());

        assertThat(rejection).isEqualTo(new Rejection(Reason.KEY_MISMATCH,
                "record key 'acme/c-2' disagrees with the body; expected 'acme/c-1'", "acme", "c-1", "e-1"));
        assertThat(rejected(null, chat().toJson()).message()).isEqualTo("record has no key; expected 'acme/c-1'");
    }

    @Test
    void refusesUnknownTypesAndVersions() {
        String unknownType = chat().toJson().replace("chat.message", "fax.message");
        String unknownVersion = chat().toJson().replace("\"type\":\"chat.message\"",
                "\"type\":\"chat.message\",\"type_version\":7");

        assertThat(rejected("acme/c-1", unknownType).message()).isEqualTo("unknown type 'fax.message'; known types: "
                + "[ai.response, chat.message, conversation.status, email.message, voice.transcript]");
        assertThat(rejected("acme/c-1", unknownVersion))
                .isEqualTo(new Rejection(Reason.UNKNOWN_TYPE, "type 'chat.message' has no version 7", "acme", "c-1",
                        "e-1"));
    }

    @Test
    void refusesAPayloadThatBreaksItsTypesSchemaNamingPathAndKeyword() {
        String noText = chat().toJson().replace("\"payload\":{\"text\":\"hello\"}",
                "\"payload\":{\"lang\":7,\"sentiment\":3}");

        Rejection rejection = rejected("acme/c-1", noText);

        assertThat(rejection.reason()).isEqualTo(Reason.SCHEMA_VIOLATION);
        assertThat(rejection.message()).isEqualTo("payload breaks the chat.message v1 schema: "
                + "at /payload/lang: integer found, string expected [type]; "
                + "at /payload/sentiment: must have a maximum value of 1 [maximum]; "
                + "at /payload: required property 'text' not found [required]");
        assertThat(rejection.eventId()).isEqualTo("e-1");
    }

    @Test
    void derivesTheKafkaKeyFromALineOfJson() {
        assertThat(Envelope.keyOf(chat().toJson())).isEqualTo("acme/c-1");
        assertThat(Envelope.keyOf("not json")).isNull();
        assertThat(Envelope.keyOf("{\"tenant_id\":1}")).isNull();
    }
}
