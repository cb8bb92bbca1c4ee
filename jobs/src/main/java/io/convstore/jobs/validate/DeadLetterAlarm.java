package io.convstore.jobs.validate;

import java.io.Serializable;
import java.time.Duration;

/**
 * The share of refused records over a sliding window (one-second buckets), and whether it is above the alarm
 * threshold — in the spirit of SeaTunnel's {@code max_error_ratio}, except that the job keeps running: the alarm
 * is for people (a log line and a metric), the records are in the dead-letter topic. Not thread-safe; one per
 * validator subtask.
 */
public final class DeadLetterAlarm {
    /**
     * @param share the dead-letter share above which the alarm is raised (0 to 1)
     * @param window how far back the share looks
     * @param minRecords records the window must hold before it can raise the alarm (no alarm on a trickle)
     */
    public record Settings(double share, Duration window, long minRecords) implements Serializable {
        public Settings {
            if (share <= 0 || share > 1 || window.toSeconds() < 1 || minRecords < 1) {
                throw new IllegalArgumentException("alarm share must be in (0, 1], window at least 1s, min records "
                        + "at least 1");
            }
        }
    }

    /** What a record did to the alarm. */
    public enum Change { NONE, RAISED, CLEARED }

    private final Settings settings;
    private final long[] totals;
    private final long[] refused;
    private long currentSecond = Long.MIN_VALUE;
    private long windowTotal;
    private long windowRefused;
    private boolean raised;

    public DeadLetterAlarm(Settings settings) {
        this.settings = settings;
        int buckets = (int) settings.window().toSeconds();
        this.totals = new long[buckets];
        this.refused = new long[buckets];
    }

    /**
     * Counts one record read at {@code nowMillis}; says whether the alarm was raised or cleared by it. The alarm is
     * up while the window holds at least {@code minRecords} and more than {@code share} of them were refused.
     */
    public Change record(long nowMillis, boolean deadLetter) {
        advance(nowMillis / 1000);
        int bucket = (int) Math.floorMod(currentSecond, (long) totals.length);
        totals[bucket]++;
        windowTotal++;
        if (deadLetter) {
            refused[bucket]++;
            windowRefused++;
        }
        boolean above = windowTotal >= settings.minRecords() && share() > settings.share();
        if (above != raised) {
            raised = above;
            return above ? Change.RAISED : Change.CLEARED;
        }
        return Change.NONE;
    }

    /** Refused records ÷ records in the window (0 when empty). */
    public double share() {
        return windowTotal == 0 ? 0 : (double) windowRefused / windowTotal;
    }

    public boolean raised() {
        return raised;
    }

    private void advance(long second) {
        if (currentSecond == Long.MIN_VALUE) {
            currentSecond = second;
            return;
        }
        long steps = Math.min(second - currentSecond, totals.length);
        for (long s = 1; s <= steps; s++) {
            int bucket = (int) Math.floorMod(currentSecond + s, (long) totals.length);
            windowTotal -= totals[bucket];
            windowRefused -= refused[bucket];
            totals[bucket] = 0;
            refused[bucket] = 0;
        }
        currentSecond = Math.max(currentSecond, second);
    }
}
