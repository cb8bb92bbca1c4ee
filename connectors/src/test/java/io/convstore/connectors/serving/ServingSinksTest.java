package io.convstore.connectors.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class ServingSinksTest {

    @Test
    void keepsMicrosecondsOfTimestampsInUtc() {
        assertThat(ServingSinks.timestamp(1_796_379_330_123_456L))
                .isEqualTo(OffsetDateTime.parse("2026-12-04T10:15:30.123456Z"));
        assertThat(ServingSinks.timestamp(-1L)).isEqualTo(OffsetDateTime.parse("1969-12-31T23:59:59.999999Z"));
    }
}
