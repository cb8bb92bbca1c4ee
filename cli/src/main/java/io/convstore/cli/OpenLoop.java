package io.convstore.cli;

import io.convstore.bench.TrafficGenerator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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

    private OpenLoop() {}

    /** Sends for {@code length} at {@code rate} records per second; returns how many were sent. */
    static long run(TrafficGenerator traffic, Publisher publisher, int rate, Duration length, Duration tickEvery,
            Tick tick, Sent sent) throws Exception {
        long count = 0;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long nextTick = start + tickEvery.toNanos();
        while (System.nanoTime() < end) {
            long owed = (System.nanoTime() - start) * rate / TimeUnit.SECONDS.toNanos(1);
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
