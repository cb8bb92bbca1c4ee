package io.convstore.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The curated topic's envelope, written straight from the event, is the envelope the slow path writes. */
class EnvelopeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesAPlacedEventAsItsEnvelopeWithTheAssignedSeq() throws Exception {
        for (Event event : new Event[] {
            new Event("e-1", "acme", "c/1", "chat.message", 1, null, 1_796_379_330_123_456L, "web", "customer", "u-9",
                    "{\"text\":\"hé \\\"quoted\\\" ✓\",\"n\":1.5,\"tags\":[\"a\",null]}", 2, 41L, 1_000L, 7L, 0L,
                    false, 7L),
            new Event("e-2", "acme", "c-2", "conversation.status", 2, 3L, 0L, null, null, null,
                    "{\"status\":\"closed\"}", 0, 0L, 0L, 3L, 1L, true, 2L)}) {
            byte[] fast = Envelope.placedJsonBytes(event);
            byte[] slow = Envelope.of(event).withSeq(event.seq()).toJsonBytes();
            assertThat(JSON.readTree(fast)).isEqualTo(JSON.readTree(slow));
            assertThat(new String(fast, java.nio.charset.StandardCharsets.UTF_8)).contains("\"seq\":" + event.seq());
        }
    }
}
