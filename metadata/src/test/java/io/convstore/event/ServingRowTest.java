package io.convstore.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The payload size the serving row records (and compares with compress_above) is the UTF-8 encoding's. */
class ServingRowTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"text\":\"hi\"}", "grüße", "✓ ok", "emoji 😀 pair", "lone \ud83d surrogate",
        "end \ud83d", "\udc00 low first"})
    void countsUtf8BytesLikeTheEncoder(String text) {
        assertThat(ServingRow.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
}
