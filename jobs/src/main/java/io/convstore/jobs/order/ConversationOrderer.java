package io.convstore.jobs.order;

import io.convstore.event.DeadLetter;
import io.convstore.event.Envelope;
import io.convstore.event.Event;
import io.convstore.event.Reason;
import io.convstore.event.Rejection;
import io.convstore.jobs.Accounting;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * order: per conversation (keyed by {@code tenant/conversation}), drops duplicate event ids, assigns {@code seq}
 * to events that came without one, and releases events in {@code seq} order.
 *
 * <p>An event whose {@code seq} is ahead of the next expected one waits until the gap fills. The wait is bounded
 * by {@link OrderSettings#maxBufferedEvents()} held events and {@link OrderSettings#maxWait()} (processing time);
 * past either bound the stage gives up on the missing numbers, releases the waiting events with
 * {@link Event#gapBefore()} set, and remembers the missing numbers so that a late event can still fill its slot
 * ({@link Event#lateFill()}). An event that claims a {@code seq} some other event already holds is dead-lettered
 * as {@code sequence_conflict}.
 *
 * <p>Every event that enters leaves exactly once: released, counted as a duplicate, or dead-lettered.
 */
public final class ConversationOrderer extends KeyedProcessFunction<String, Event, Event>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("order-dead-letters") {};
    /** Events dropped as duplicates, with where they were read: the audit accounts for their offsets. */
    public static final OutputTag<Event> DUPLICATES = new OutputTag<>("order-duplicates") {};

    private final OrderSettings settings;

    // event ids released or held for this conversation; key: event_id; entries expire after dedupTtl
    private transient MapState<String, Boolean> seenEventIds;
    // the next seq to release (1 when absent); expires conversationTtl after the conversation's last event
    private transient ValueState<Long> nextSeq;
    // events released so far in this conversation; expires with nextSeq
    private transient ValueState<Long> releasedCount;
    // out-of-order events waiting for a gap to fill; key: seq; emptied by release, bounded by maxBufferedEvents
    private transient MapState<Long, Event> held;
    // how many events `held` holds (MapState has no size); cleared with `held`
    private transient ValueState<Integer> heldCount;
    // the processing-time deadline of the current wait; cleared when nothing is held
    private transient ValueState<Long> deadline;
    // seqs given up on that a late event may still fill; key: seq; entries expire after dedupTtl
    private transient MapState<Long, Boolean> missing;

    // operator state inside: this subtask's outcome counts at the last checkpoint; rewritten on every checkpoint
    private transient Accounting accounting;
    private transient Counter gapsGivenUp;
    private transient Counter lateFills;

    public ConversationOrderer(OrderSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(settings.dedupTtl())
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupFullSnapshot()
                .build();
        MapStateDescriptor<String, Boolean> seen = new MapStateDescriptor<>("seen-event-ids", Types.STRING,
                Types.BOOLEAN);
        seen.enableTimeToLive(ttl);
        MapStateDescriptor<Long, Boolean> gaps = new MapStateDescriptor<>("missing-seqs", Types.LONG, Types.BOOLEAN);
        gaps.enableTimeToLive(ttl);
        seenEventIds = getRuntimeContext().getMapState(seen);
        missing = getRuntimeContext().getMapState(gaps);
        // refreshed by every event of the conversation (each one writes the count): idle conversations let go
        StateTtlConfig life = StateTtlConfig.newBuilder(settings.conversationTtl())
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupFullSnapshot()
                .build();
        ValueStateDescriptor<Long> next = new ValueStateDescriptor<>("next-seq", Types.LONG);
        next.enableTimeToLive(life);
        ValueStateDescriptor<Long> count = new ValueStateDescriptor<>("released-count", Types.LONG);
        count.enableTimeToLive(life);
        nextSeq = getRuntimeContext().getState(next);
        releasedCount = getRuntimeContext().getState(count);
        held = getRuntimeContext().getMapState(new MapStateDescriptor<>("held-events", Types.LONG,
                Types.POJO(Event.class)));
        heldCount = getRuntimeContext().getState(new ValueStateDescriptor<>("held-count", Types.INT));
        deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("wait-deadline", Types.LONG));
        accounting.open(getRuntimeContext());
        gapsGivenUp = getRuntimeContext().getMetricGroup().counter("convstore.order.seqs-given-up");
        lateFills = getRuntimeContext().getMetricGroup().counter("convstore.order.late-fills");
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<Event> out) throws Exception {
        if (seenEventIds.contains(event.eventId())) {
            accounting.duplicate();
            ctx.output(DUPLICATES, event);
            return;
        }
        long next = next();
        long seq = event.producerSeq() != null ? event.producerSeq() : nextFreeSeq(next);
        if (seq < next) {
            if (missing.contains(seq)) {
                // a late event fills a slot that was given up on: store it in its own place
                missing.remove(seq);
                seenEventIds.put(event.eventId(), Boolean.TRUE);
                nextSeq.update(next); // unchanged, but written: its TTL runs from this event like the count's
                lateFills.inc();
                release(event, seq, 0L, true, out);
            } else {
                conflict(event, ctx, "seq " + seq + " of conversation " + event.conversationKey()
                        + " was already released or given up on");
            }
            return;
        }
        if (held.contains(seq)) {
            conflict(event, ctx, "seq " + seq + " of conversation " + event.conversationKey()
                    + " is already held by another event waiting for a gap to fill");
            return;
        }
        seenEventIds.put(event.eventId(), Boolean.TRUE);
        if (seq == next) {
            release(event, seq, 0L, false, out);
            nextSeq.update(seq + 1);
            drainContiguous(out);
        } else {
            held.put(seq, event);
            int count = heldCount() + 1;
            heldCount.update(count);
            if (count > settings.maxBufferedEvents()) {
                giveUpOldestGap(out);
            }
        }
        rearmDeadline(ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Event> out) throws Exception {
        Long current = deadline.value();
        if (current == null || current != timestamp) {
            return; // a deadline that was replaced; the live one has its own timer
        }
        deadline.clear();
        giveUpOldestGap(out);
        rearmDeadline(ctx);
    }

    /** Releases the held events after the first gap, recording the skipped numbers, then any that follow. */
    private void giveUpOldestGap(Collector<Event> out) throws Exception {
        long next = next();
        long lowest = Long.MAX_VALUE;
        for (Long seq : held.keys()) {
            lowest = Math.min(lowest, seq);
        }
        if (lowest == Long.MAX_VALUE) {
            return;
        }
        long gap = lowest - next;
        // remember at most maxBufferedEvents missing numbers: a huge jump in seq is not worth state
        for (long s = Math.max(next, lowest - settings.maxBufferedEvents()); s < lowest; s++) {
            missing.put(s, Boolean.TRUE);
        }
        gapsGivenUp.inc(gap);
        Event first = held.get(lowest);
        held.remove(lowest);
        heldCount.update(heldCount() - 1);
        release(first, lowest, gap, false, out);
        nextSeq.update(lowest + 1);
        drainContiguous(out);
    }

    private void drainContiguous(Collector<Event> out) throws Exception {
        long next = next();
        int count = heldCount();
        while (count > 0 && held.contains(next)) {
            Event event = held.get(next);
            held.remove(next);
            count--;
            release(event, next, 0L, false, out);
            next++;
        }
        nextSeq.update(next);
        if (count == 0) {
            held.clear();
            heldCount.clear();
        } else {
            heldCount.update(count);
        }
    }

    /**
     * Keeps one deadline while events are held, started when the first of them was held; when it fires and events
     * are still held after the gap was given up, a new wait starts for them.
     */
    private void rearmDeadline(Context ctx) throws Exception {
        Long current = deadline.value();
        if (heldCount() == 0) {
            if (current != null) {
                ctx.timerService().deleteProcessingTimeTimer(current);
                deadline.clear();
            }
            return;
        }
        if (current == null) {
            long at = ctx.timerService().currentProcessingTime() + settings.maxWait().toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            deadline.update(at);
        }
    }

    private void release(Event event, long seq, long gap, boolean lateFill, Collector<Event> out) throws Exception {
        long count = (releasedCount.value() == null ? 0L : releasedCount.value()) + 1;
        releasedCount.update(count);
        accounting.accepted();
        out.collect(event.placed(seq, gap, lateFill, count));
    }

    private void conflict(Event event, Context ctx, String message) {
        accounting.deadLetter(Reason.SEQUENCE_CONFLICT);
        byte[] key = event.conversationKey().getBytes(StandardCharsets.UTF_8);
        byte[] value = Envelope.of(event).toJsonBytes();
        long now = ctx.timerService().currentProcessingTime();
        ctx.output(DEAD_LETTERS, new DeadLetter(key, value, null, event.sourcePartition(), event.sourceOffset(),
                Reason.SEQUENCE_CONFLICT.code(), message, event.tenantId(), event.conversationId(), event.eventId(),
                now, null, null, DeadLetter.JOB_VERSION, value.length, null, null));
    }

    /** The seq for an event that came without one: after everything released or held, in arrival order. */
    private long nextFreeSeq(long next) throws Exception {
        long highest = next - 1;
        if (heldCount() > 0) {
            for (Long seq : held.keys()) {
                highest = Math.max(highest, seq);
            }
        }
        return highest + 1;
    }

    private long next() throws Exception {
        Long value = nextSeq.value();
        return value == null ? 1L : value;
    }

    private int heldCount() throws Exception {
        Integer value = heldCount.value();
        return value == null ? 0 : value;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        accounting = Accounting.initialize(context);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        accounting.snapshot();
    }

    /** This subtask's count of an {@link Accounting} counter (for tests). */
    long count(String name) {
        return accounting.count(name);
    }
}
