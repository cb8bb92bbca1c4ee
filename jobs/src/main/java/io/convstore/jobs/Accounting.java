package io.convstore.jobs;

import io.convstore.event.Reason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.metrics.Counter;

/**
 * The outcome counters every input record lands in exactly once: accepted, duplicate, or dead letter by reason.
 * Each is both a Flink metric (for dashboards) and an accumulator (so a bounded run reports exact totals in its
 * job result). Names are part of the operations contract. The counts are also kept in operator state on every
 * checkpoint ({@link #snapshot}, {@link #initialize}), so after a restart the counters go on from where the last
 * checkpoint left them instead of from zero.
 */
public final class Accounting {
    public static final String ACCEPTED = "convstore.accepted";
    public static final String DUPLICATES = "convstore.duplicates";
    public static final String DEAD_LETTERS_PREFIX = "convstore.dead-letters.";
    public static final String DEAD_LETTERS_BY_TENANT = "convstore.dead-letters-by-tenant";

    private final TenantMetrics<Counter> byTenant = new TenantMetrics<>(g -> g.counter(DEAD_LETTERS_BY_TENANT));

    private final Map<String, Tally> tallies = new java.util.HashMap<>();
    private final Map<Reason, Tally> deadLetters = new EnumMap<>(Reason.class);
    private final ListState<Count> state;
    private final List<Count> restored;
    private RuntimeContext context;

    private Accounting(ListState<Count> state, List<Count> restored) {
        this.state = state;
        this.restored = restored;
    }

    /**
     * The accounting of an operator, with the counts its last checkpoint kept (none on a fresh start); call from
     * {@code initializeState}, then {@link #open} from {@code open}.
     */
    public static Accounting initialize(FunctionInitializationContext context) throws Exception {
        ListState<Count> state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>(
                "accounting-counts", TypeInformation.of(Count.class)));
        List<Count> restored = new ArrayList<>();
        if (context.isRestored()) {
            state.get().forEach(restored::add);
        }
        return new Accounting(state, restored);
    }

    /** Registers the counters (metrics and accumulators) and continues from the restored counts. */
    public void open(RuntimeContext runtime) {
        this.context = runtime;
        // after a rescale a subtask may hold several entries of one name: they add up
        restored.forEach(count -> tally(count.name()).add(count.value()));
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
     * variable ({@link TenantMetrics}: malformed ids as {@code unknown}, beyond 1,000 tenants as {@code other}).
     */
    public void deadLetter(Reason reason, String tenantId) {
        deadLetter(reason);
        byTenant.of(context.getMetricGroup(), tenantId).inc();
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
            add(1L);
        }

        void add(long count) {
            metric.inc(count);
            accumulator.add(count);
        }
    }

    /** One counter's value, as operator state keeps it. */
    public record Count(String name, long value) {}

    /** Keeps this subtask's counts in operator state; call from {@code snapshotState}. */
    public void snapshot() throws Exception {
        List<Count> counts = new ArrayList<>();
        tallies.forEach((name, tally) -> counts.add(new Count(name, tally.accumulator().getLocalValuePrimitive())));
        state.update(counts);
    }

    /** This subtask's count of {@code name} (restored plus this run), 0 when never counted. */
    public long count(String name) {
        Tally tally = tallies.get(name);
        return tally == null ? 0L : tally.accumulator().getLocalValuePrimitive();
    }
}
