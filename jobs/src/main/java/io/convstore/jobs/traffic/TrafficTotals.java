package io.convstore.jobs.traffic;

import io.convstore.event.TrafficTick;
import org.apache.flink.api.common.functions.AggregateFunction;

/** The running sums of a tenant's minute (the window's accumulator). A Flink POJO. */
public class TrafficTotals {
    public long events;
    public long bytes;
    public long activeConversations;
    public long deadLetters;

    public TrafficTotals() {}

    /** Sums ticks into totals. */
    static final class Sum implements AggregateFunction<TrafficTick, TrafficTotals, TrafficTotals> {
        private static final long serialVersionUID = 1L;

        @Override
        public TrafficTotals createAccumulator() {
            return new TrafficTotals();
        }

        @Override
        public TrafficTotals add(TrafficTick tick, TrafficTotals totals) {
            totals.events += tick.events();
            totals.bytes += tick.bytes();
            totals.activeConversations += tick.activations();
            totals.deadLetters += tick.deadLetters();
            return totals;
        }

        @Override
        public TrafficTotals getResult(TrafficTotals totals) {
            return totals;
        }

        @Override
        public TrafficTotals merge(TrafficTotals a, TrafficTotals b) {
            a.events += b.events;
            a.bytes += b.bytes;
            a.activeConversations += b.activeConversations;
            a.deadLetters += b.deadLetters;
            return a;
        }
    }
}
