package io.convstore.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordHeadersTest {

    @Test
    void roundTripsNamesValuesOrderRepeatsAndEmptyValues() {
        List<Map.Entry<String, byte[]>> headers = List.of(
                Map.entry("trace-id", "abc".getBytes(StandardCharsets.UTF_8)),
                Map.entry("grüße", new byte[] {0, (byte) 0xff, 7}),
                Map.entry("trace-id", "again".getBytes(StandardCharsets.UTF_8)),
                Map.entry("empty", new byte[0]));

        List<Map.Entry<String, byte[]>> decoded = RecordHeaders.decode(RecordHeaders.encode(headers));

        assertThat(decoded).extracting(Map.Entry::getKey).containsExactly("trace-id", "grüße", "trace-id", "empty");
        for (int i = 0; i < headers.size(); i++) {
            assertThat(decoded.get(i).getValue()).isEqualTo(headers.get(i).getValue());
        }
    }

    @Test
    void noHeadersAreNoBytes() {
        assertThat(RecordHeaders.encode(List.of())).isNull();
        assertThat(RecordHeaders.decode(null)).isEmpty();
    }
}
