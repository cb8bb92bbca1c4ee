package io.convstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the open loop owes at a moment, with and without bursts. */
class OpenLoopBurstsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void owesTheBaseRateWithoutBursts() {
        assertThat(OpenLoop.Bursts.NONE.owed(10 * SECOND, 100)).isEqualTo(1_000);
        assertThat(OpenLoop.Bursts.NONE.owed(SECOND / 2, 100)).isEqualTo(50);
    }

    @Test
    void owesTheFactorTimesTheRateDuringEachBurst() {
        // 5 s at 3x out of every 30 s
        OpenLoop.Bursts bursts = new OpenLoop.Bursts(Duration.ofSeconds(30), Duration.ofSeconds(5), 3.0);

        assertThat(bursts.owed(2 * SECOND, 100)).isEqualTo(600);                  // inside the first burst
        assertThat(bursts.owed(5 * SECOND, 100)).isEqualTo(1_500);                // its end
        assertThat(bursts.owed(30 * SECOND, 100)).isEqualTo(1_500 + 2_500);       // one whole cycle
        assertThat(bursts.owed(31 * SECOND, 100)).isEqualTo(4_000 + 300);         // into the second burst
        assertThat(bursts.owed(60 * SECOND, 100)).isEqualTo(8_000);               // two cycles: 2 x (1,500 + 2,500)
    }

    @Test
    void refusesABurstLongerThanItsCycle() {
        assertThatThrownBy(() -> new OpenLoop.Bursts(Duration.ofSeconds(5), Duration.ofSeconds(10), 2.0))
                .hasMessage("bursts need factor >= 1 and 0 <= length <= every, were factor 2.0, length PT10S, "
                        + "every PT5S");
    }
}
