package io.convstore.cli;

import io.convstore.bench.TrafficGenerator;
import java.time.Duration;

/**
 * Publishes generated traffic open loop: at any moment it has sent what the target rate owes by then, whatever
 * the pipeline does, so a slow pipeline shows up as lag, not as a lower offered rate.
 */
final class OpenLoop {
    /** Called about every tick period with the elapsed seconds and the records sent so far. */
    interface Tick {
        void at(double seconds, long sent) throws Exception;
    }

    /** Counts each generated record as it is sent. */
    interface Sent {
        void record(TrafficGenerator.Generated record);
    }

    /**
     * Bursts on top of the base rate: for {@code length} out of every {@code every}, {@code factor} times the rate
     * (a campaign, an outage elsewhere sending everyone to chat).
     */
    record Bursts(Duration every, Duration length, double factor) {
        static final Bursts NONE = new Bursts(Duration.ZERO, Duration.ZERO, 1.0);

        Bursts {
            if (factor < 1 || length.isNegative() || every.isNegative()
                    || (!every.isZero() && length.compareTo(every) > 0)) {
                throw new IllegalArgumentException("bursts need factor >= 1 and 0 <= length <= every, were "
                        + "factor " + factor + ", length " + length + ", every " + every);
            }
        }

        /** Records owed {@code elapsedNanos} after the start at base {@code rate}. */
        long owed(long elapsedNanos, int rate) {
            double seconds = elapsedNanos / 1e9;
            double burstSeconds = 0;
            if (!every.isZero() && factor > 1) {
                double cycle = every.toNanos() / 1e9;
                double burst = length.toNanos() / 1e9;
                burstSeconds = Math.floor(seconds / cycle) * burst + Math.min(seconds % cycle, burst);
            }
            return (long) (rate * (seconds + (factor - 1) * burstSeconds));
        }
    }

    private OpenLoop() {}

    /** Sends for {@code length} at {@code rate} records per second; returns how many were sent. */
    static long run(TrafficGenerator traffic, Publisher publisher, int rate, Duration length, Duration tickEvery,
            Tick tick, Sent sent) throws Exception {
        return run(traffic, publisher, rate, Bursts.NONE, length, tickEvery, tick, sent);
    }

    /** The same with bursts on top of the base rate. */
    static long run(TrafficGenerator traffic, Publisher publisher, int rate, Bursts bursts, Duration length,
            Duration tickEvery, Tick tick, Sent sent) throws Exception {
        long count = 0;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long nextTick = start + tickEvery.toNanos();
        while (System.nanoTime() < end) {
            long owed = bursts.owed(System.nanoTime() - start, rate);
            while (count < owed) {
                for (TrafficGenerator.Generated record : traffic.next()) {
                    publisher.send(record.key(), record.value());
                    sent.record(record);
                    count++;
                }
            }
            if (System.nanoTime() >= nextTick) {
                publisher.flush();
                tick.at((System.nanoTime() - start) / 1e9, count);
                nextTick += tickEvery.toNanos();
            }
            Thread.sleep(2);
        }
        publisher.flush();
        return count;
    }
}
