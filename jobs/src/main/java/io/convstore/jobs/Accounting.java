package io.convstore.jobs;

import io.convstore.event.Reason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * The outcome counters every input record lands in exactly once: accepted, duplicate, or dead letter by reason.
 * Each is both a Flink metric (for dashboards) and an accumulator (so a bounded run reports exact totals in its
 * job result). Names are part of the operations contract.
 */
public final class Accounting {
    public static final String ACCEPTED = "convstore.accepted";
    public static final String DUPLICATES = "convstore.duplicates";
    public static final String DEAD_LETTERS_PREFIX = "convstore.dead-letters.";
    public static final String DEAD_LETTERS_BY_TENANT = "convstore.dead-letters-by-tenant";
    static final int MAX_TENANTS = 1000;
    private static final java.util.regex.Pattern TENANT = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Map<String, Counter> byTenant = new java.util.HashMap<>();

    private final Map<String, Tally> tallies = new java.util.HashMap<>();
    private final Map<Reason, Tally> deadLetters = new EnumMap<>(Reason.class);
    private final RuntimeContext context;

    /** Registers the counters on an operator; call from {@code open()}. */
    public Accounting(RuntimeContext context) {
        this.context = context;
    }

    public void accepted() {
        tally(ACCEPTED).increment();
    }

    public void duplicate() {
        tally(DUPLICATES).increment();
    }

    public void deadLetter(Reason reason) {
        deadLetters.computeIfAbsent(reason, r -> tally(DEAD_LETTERS_PREFIX + r.code())).increment();
    }

    /**
     * Also counts the dead letter under its tenant: metric {@value #DEAD_LETTERS_BY_TENANT} with a {@code tenant}
     * variable (a label in Prometheus). Tenant ids that are not well-formed, or beyond the first
     * {@value #MAX_TENANTS} seen, are counted as {@code unknown} / {@code other}: garbage input must not create
     * unbounded metrics.
     */
    public void deadLetter(Reason reason, String tenantId) {
        deadLetter(reason);
        String label = tenantId == null || !TENANT.matcher(tenantId).matches() ? "unknown"
                : byTenant.containsKey(tenantId) || byTenant.size() < MAX_TENANTS ? tenantId : "other";
        byTenant.computeIfAbsent(label, t -> context.getMetricGroup().addGroup("tenant", t)
                .counter(DEAD_LETTERS_BY_TENANT)).inc();
    }

    private Tally tally(String name) {
        return tallies.computeIfAbsent(name, n -> {
            LongCounter accumulator = new LongCounter();
            context.addAccumulator(n, accumulator);
            return new Tally(context.getMetricGroup().counter(n), accumulator);
        });
    }

    private record Tally(Counter metric, LongCounter accumulator) {
        void increment() {
            metric.inc();
            accumulator.add(1L);
        }
    }
}
