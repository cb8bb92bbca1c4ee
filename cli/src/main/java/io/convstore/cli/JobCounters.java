package io.convstore.cli;

import io.convstore.jobs.Accounting;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/** The running job's outcome counters, as its accumulators report them. */
record JobCounters(long accepted, long duplicates, long deadLetters) {

    long total() {
        return accepted + duplicates + deadLetters;
    }

    static JobCounters of(JobClient job) throws Exception {
        return of(job.getAccumulators().get(10, TimeUnit.SECONDS));
    }

    /** From a job's accumulators (a running job's, or a finished job's final results). */
    static JobCounters of(Map<String, Object> counters) {
        long refused = counters.entrySet().stream().filter(e -> e.getKey().startsWith(Accounting.DEAD_LETTERS_PREFIX))
                .mapToLong(e -> (Long) e.getValue()).sum();
        return new JobCounters((Long) counters.getOrDefault(Accounting.ACCEPTED, 0L),
                (Long) counters.getOrDefault(Accounting.DUPLICATES, 0L), refused);
    }

    /**
     * The counters once they account for {@code produced} records, or the last seen after 30 s: they reach the
     * client with task heartbeats, some seconds behind the stores.
     */
    static JobCounters settled(JobClient job, long produced) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JobCounters counters = of(job);
        while (counters.total() != produced && System.nanoTime() < deadline) {
            Thread.sleep(500);
            counters = of(job);
        }
        return counters;
    }
}
