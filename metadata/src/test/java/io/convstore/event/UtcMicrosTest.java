package io.convstore.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decoder's fast path for {@code occurred_at} agrees with the general ISO parser, or steps aside. */
class UtcMicrosTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-04T10:15:30Z", "2026-12-04T10:15:30.1Z", "2026-12-04T10:15:30.123Z",
        "2026-12-04T10:15:30.123456Z", "2026-12-04T10:15:30.1234567Z", "2026-12-04T10:15:30.123456789Z",
        "2024-02-29T23:59:59.999Z", "1969-12-31T23:59:59.5Z", "1900-01-01T00:00:00Z", "2199-12-31T23:59:59.999999Z"})
    void readsTheCommonFormLikeTheGeneralParser(String text) {
        long expected = ChronoUnit.MICROS.between(Instant.EPOCH, OffsetDateTime.parse(text).toInstant());
        assertThat(EnvelopeDecoder.utcMicros(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-04T10:15:30+01:00", "2026-02-30T10:15:30Z", "2026-12-04T24:00:00Z",
        "2026-12-04T10:15:30.Z", "2026-12-04 10:15:30Z", "2026-12-04T10:15:3aZ", "2026-12-04T10:15:30.1234567890Z",
        "yesterday", "2026-13-04T10:15:30Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"})
    void leavesEveryOtherFormToTheGeneralParser(String text) {
        assertThat(EnvelopeDecoder.utcMicros(text)).isNull();
    }
}
