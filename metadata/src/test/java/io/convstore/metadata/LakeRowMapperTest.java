package io.convstore.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.convstore.event.Event;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One event of each shipped type through its mapping: every column value, in order. */
class LakeRowMapperTest {
    private static Registry registry;

    @BeforeAll
    static void load() throws MetadataException {
        registry = RegistryLoader.load(ShippedTypesTest.SHIPPED);
    }

    private static LakeRowMapper.Row map(String type, String payload) {
        Event event = new Event("e-9", "acme", "c-1", type, 1, 4L, 1_796_379_330_123_456L, "web", "bot", "assist",
                payload, 0, 7L, 1_000L, 4L, 0L, false, 4L);
        return new LakeRowMapper(registry.find(type, 1).orElseThrow().lake()).map(event);
    }

    @Test
    void mapsAChatMessage() {
        LakeRowMapper.Row row = map("chat.message",
                "{\"text\":\"Héllo ✓\",\"lang\":\"EN-gb\",\"attachments\":[{\"name\":\"a.png\"},{\"name\":\"b.pdf\"}]}");

        assertThat(row.values()).isEqualTo(Arrays.asList("Héllo ✓", 7, "en-gb", null, 2, null));
        assertThat(row.unconvertible()).isZero();
    }

    @Test
    void mapsAnEmailHashingTheSenderAndMeasuringTheHtml() {
        LakeRowMapper.Row row = map("email.message", "{\"subject\":\"Invoice\",\"from\":\"jane@example.com\","
                + "\"to\":[\"a@x.io\",\"b@x.io\"],\"body_text\":\"see attached\",\"body_html\":\"<p>see</p>\","
                + "\"attachments\":[{\"name\":\"i.pdf\",\"size\":10}]}");

        assertThat(row.values()).isEqualTo(Arrays.asList("Invoice",
                "8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d",
                List.of("a@x.io", "b@x.io"), "see attached", 10L, "[{\"name\":\"i.pdf\",\"size\":10}]", 1));
    }

    @Test
    void mapsAVoiceTranscriptKeepingSegmentsAsJson() {
        LakeRowMapper.Row row = map("voice.transcript", "{\"call_id\":\"call-1\",\"duration_ms\":42000,"
                + "\"language\":\"DE\",\"segments\":[{\"speaker\":\"customer\",\"start_ms\":0,\"end_ms\":900,"
                + "\"text\":\"Hallo\"}]}");

        assertThat(row.values()).isEqualTo(Arrays.asList("call-1", 42000L, "de", 1,
                "[{\"speaker\":\"customer\",\"start_ms\":0,\"end_ms\":900,\"text\":\"Hallo\"}]"));
    }

    @Test
    void mapsAnAiResponseWithNestedTokensAndADecimalCost() {
        LakeRowMapper.Row row = map("ai.response", "{\"model\":\"assist-2\",\"text\":\"Try a refund\","
                + "\"answers_event_id\":\"e-8\",\"latency_ms\":412,\"tokens\":{\"input\":812,\"output\":41},"
                + "\"citations\":[{\"source\":\"kb/12\"}],\"cost_usd\":0.0012345}");

        assertThat(row.values()).isEqualTo(Arrays.asList("assist-2", "Try a refund", "e-8", 412L, 812L, 41L,
                "[{\"source\":\"kb/12\"}]", new BigDecimal("0.001235")));
    }

    @Test
    void mapsAStatusChangeAndLeavesAbsentFieldsNull() {
        LakeRowMapper.Row row = map("conversation.status", "{\"status\":\"transferred\",\"queue\":\"billing\"}");

        assertThat(row.values()).isEqualTo(Arrays.asList("transferred", null, "billing", null, null));
    }
}
