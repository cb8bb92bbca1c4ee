package io.convstore.jobs.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.convstore.jobs.validate.DeadLetterAlarm.Change;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadLetterAlarmTest {
    private final DeadLetterAlarm alarm = new DeadLetterAlarm(new DeadLetterAlarm.Settings(0.1, Duration.ofSeconds(10),
            20));

    @Test
    void raisesWhenTheShareOverTheWindowCrossesTheThresholdAndClearsWhenItFalls() {
        long t = 1_000_000;
        for (int i = 0; i < 18; i++) {
            assertThat(alarm.record(t, false)).isEqualTo(Change.NONE);
        }
        assertThat(alarm.record(t, true)).isEqualTo(Change.NONE); // 1 of 19: too few records to judge
        assertThat(alarm.record(t, true)).isEqualTo(Change.NONE); // 2 of 20 = 0.1: not above
        assertThat(alarm.record(t + 500, true)).isEqualTo(Change.RAISED); // 3 of 21
        assertThat(alarm.raised()).isTrue();
        assertThat(alarm.share()).isEqualTo(3.0 / 21);
        assertThat(alarm.record(t + 1_000, true)).isEqualTo(Change.NONE); // still raised

        // eleven seconds later the old records have left the window: too few records to stay raised
        assertThat(alarm.record(t + 11_000, false)).isEqualTo(Change.CLEARED);
        assertThat(alarm.share()).isZero();
        assertThat(alarm.raised()).isFalse();
    }

    @Test
    void forgetsOnlyTheSecondsThatLeftTheWindow() {
        long t = 5_000_000;
        for (int i = 0; i < 10; i++) {
            alarm.record(t, true);
        }
        for (int i = 0; i < 10; i++) {
            alarm.record(t + 5_000, false);
        }
        assertThat(alarm.share()).isEqualTo(0.5);
        alarm.record(t + 10_000, false); // the first second has left: 10 clean + 1
        assertThat(alarm.share()).isZero();
    }
}
