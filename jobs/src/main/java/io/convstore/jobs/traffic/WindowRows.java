package io.convstore.jobs.traffic;

import io.convstore.event.TrafficRow;
import io.convstore.event.TrafficTick;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * A tenant's minute as a row: {@code final} when the window first fires, {@code update} each time a late record
 * within the allowed lateness fires it again (with the new totals); a record later than that is a {@code late}
 * row of its own ({@link #late}).
 */
final class WindowRows extends ProcessWindowFunction<TrafficTotals, TrafficRow, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private static final long MINUTE_MILLIS = TrafficWindows.MINUTE.toMillis();
    private static final ValueStateDescriptor<Boolean> FIRED = new ValueStateDescriptor<>("fired", Types.BOOLEAN);

    @Override
    public void process(String tenantId, Context context, Iterable<TrafficTotals> totals, Collector<TrafficRow> out)
            throws Exception {
        TrafficTotals sum = totals.iterator().next();
        ValueState<Boolean> fired = context.windowState().getState(FIRED);
        String kind = fired.value() == null ? TrafficRow.FINAL : TrafficRow.UPDATE;
        fired.update(Boolean.TRUE);
        out.collect(new TrafficRow(tenantId, context.window().getStart(), context.window().getEnd(), kind,
                sum.events, sum.bytes, sum.activeConversations, sum.deadLetters, null, false,
                context.currentProcessingTime()));
    }

    /** A record later than its window's allowed lateness, as a row of its own minute. */
    static TrafficRow late(TrafficTick tick) {
        long start = Math.floorDiv(tick.timestampMillis(), MINUTE_MILLIS) * MINUTE_MILLIS;
        return new TrafficRow(tick.tenantId(), start, start + MINUTE_MILLIS, TrafficRow.LATE, tick.events(),
                tick.bytes(), tick.activations(), tick.deadLetters(), null, false, System.currentTimeMillis());
    }

    @Override
    public void clear(Context context) {
        context.windowState().getState(FIRED).clear();
    }
}
