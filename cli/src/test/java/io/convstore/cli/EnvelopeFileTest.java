package io.convstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeFileTest {
    private static final String ENVELOPE = "{\"event_id\":\"e\",\"tenant_id\":\"acme\",\"conversation_id\":\"c-1\"}";

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void derivesTheKeyFromTheEnvelope() {
        EnvelopeFile.Line line = EnvelopeFile.parse(1, ENVELOPE, null);

        assertThat(text(line.key())).isEqualTo("acme/c-1");
        assertThat(text(line.value())).isEqualTo(ENVELOPE);
    }

    @Test
    void takesAnExplicitKeyBeforeTheSeparator() {
        EnvelopeFile.Line line = EnvelopeFile.parse(1, "acme/c-9|" + ENVELOPE, "|");

        assertThat(text(line.key())).isEqualTo("acme/c-9");
        assertThat(text(line.value())).isEqualTo(ENVELOPE);
    }

    @Test
    void keepsLinesThatAreNotJsonWithoutAKey() {
        EnvelopeFile.Line line = EnvelopeFile.parse(3, "{\"event_id\": \"trunc", null);

        assertThat(line.key()).isNull();
        assertThat(text(line.value())).isEqualTo("{\"event_id\": \"trunc");
    }

    @Test
    void readsEveryNonBlankLineWithItsNumber(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, ENVELOPE + "\n\n" + "not json\n");

        assertThat(EnvelopeFile.read(file, null)).extracting(EnvelopeFile.Line::number).containsExactly(1, 3);
    }
}
