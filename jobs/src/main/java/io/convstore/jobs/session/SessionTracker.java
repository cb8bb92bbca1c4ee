package io.convstore.jobs.session;

import io.convstore.event.ConversationKey;
import io.convstore.event.Event;
import io.convstore.event.SessionSummary;
import io.convstore.event.TrafficTick;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * session: per conversation (keyed by {@code tenant/conversation}, fed the ordered events), the current session and
 * its KPIs ({@link SessionState}), measured in {@code occurred_at}. A session ends at a {@code conversation.status}
 * {@code closed} event, at an event that occurred more than the inactivity gap after the previous one, or when the
 * job's event time (the watermark of the records' Kafka timestamps) passes the last event's plus the gap
 * (event-time timer) — then its final summary is emitted and its state and timers are cleared, leaving only a
 * small link (the session's first seq and last event time, expiring after
 * {@link SessionSettings#linkTtl()}) so that a reopening names it. While a session is open its summary is emitted
 * at most once per {@link SessionSettings#reportInterval()} (processing-time timer) when it changed.
 *
 * <p>An event whose Kafka timestamp is behind the watermark when it arrives is counted as late (it still belongs
 * to the session). Every event also leaves a {@link TrafficTick} on {@link #TRAFFIC} for the tenant-traffic
 * windows, marked when it is its conversation's first event in its (event-time) minute, so active conversations
 * are counted without a set of ids per window.
 */
public final class SessionTracker extends KeyedProcessFunction<String, Event, SessionSummary> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<TrafficTick> TRAFFIC = new OutputTag<>("session-traffic",
            TypeInformation.of(TrafficTick.class));

    private final SessionSettings settings;

    // the open session; cleared when it ends
    private transient ValueState<SessionState> session;
    // the last ended session, for the next one to name and for activity per minute; expires after linkTtl
    private transient ValueState<ClosedSession> closed;
    private transient Counter opened;
    private transient Counter ended;

    public SessionTracker(SessionSettings settings) {
        this.settings = settings;
    }

    /** What is kept of an ended session. A Flink POJO. */
    public static class ClosedSession {
        public long startSeq;
        public long lastKafkaMillis;

        public ClosedSession() {}

        ClosedSession(long startSeq, long lastKafkaMillis) {
            this.startSeq = startSeq;
            this.lastKafkaMillis = lastKafkaMillis;
        }
    }

    @Override
    public void open(OpenContext openContext) {
        session = getRuntimeContext().getState(new ValueStateDescriptor<>("session",
                TypeInformation.of(SessionState.class)));
        ValueStateDescriptor<ClosedSession> link = new ValueStateDescriptor<>("closed-session",
                TypeInformation.of(ClosedSession.class));
        link.enableTimeToLive(StateTtlConfig.newBuilder(settings.linkTtl())
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupFullSnapshot() // besides the backends' own cleanup: never in a full snapshot once expired
                .build());
        closed = getRuntimeContext().getState(link);
        opened = getRuntimeContext().getMetricGroup().counter("convstore.sessions-opened");
        ended = getRuntimeContext().getMetricGroup().counter("convstore.sessions-closed");
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<SessionSummary> out) throws Exception {
        SessionState state = session.value();
        ClosedSession previous = closed.value();
        long at = event.occurredAtMicros();
        long time = event.kafkaTimestampMillis();
        long before = state != null ? state.lastKafkaMillis : previous != null ? previous.lastKafkaMillis
                : Long.MIN_VALUE;
        boolean firstInMinute = before == Long.MIN_VALUE || minute(before) != minute(time);
        ctx.output(TRAFFIC, TrafficTick.event(event, firstInMinute));

        long gapMicros = settings.gapMillis(event.tenantId()) * 1000L;
        if (state != null && at > state.lastEventAtMicros + gapMicros) {
            // the watermark has not passed the gap yet, but this event shows it: end the session first
            end(state, SessionSummary.REASON_INACTIVE, state.lastEventAtMicros, ctx, out);
            previous = closed.value();
            state = null;
        }
        if (state == null) {
            state = SessionState.open(event, previous == null ? null : previous.startSeq);
            closed.clear();
            opened.inc();
        }
        boolean late = time < ctx.timerService().currentWatermark();
        if (state.fold(event, late)) {
            end(state, SessionSummary.REASON_CLOSED, at, ctx, out);
            return;
        }
        long gapTimer = state.lastKafkaMillis + gapMicros / 1000L;
        if (gapTimer != state.gapTimerMillis) {
            if (state.gapTimerMillis >= 0) {
                ctx.timerService().deleteEventTimeTimer(state.gapTimerMillis);
            }
            ctx.timerService().registerEventTimeTimer(gapTimer);
            state.gapTimerMillis = gapTimer;
        }
        if (state.reportTimerMillis < 0) {
            long report = ctx.timerService().currentProcessingTime() + settings.reportInterval().toMillis();
            ctx.timerService().registerProcessingTimeTimer(report);
            state.reportTimerMillis = report;
        }
        session.update(state);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SessionSummary> out) throws Exception {
        SessionState state = session.value();
        if (state == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp == state.gapTimerMillis) {
            end(state, SessionSummary.REASON_INACTIVE, state.lastEventAtMicros, ctx, out);
        } else if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME && timestamp == state.reportTimerMillis) {
            state.reportTimerMillis = -1; // the next event schedules the next report
            session.update(state);
            out.collect(summary(state, ctx, null, -1));
        }
    }

    private void end(SessionState state, String reason, long closedAtMicros, Context ctx,
            Collector<SessionSummary> out) throws Exception {
        if (state.gapTimerMillis >= 0) {
            ctx.timerService().deleteEventTimeTimer(state.gapTimerMillis);
        }
        if (state.reportTimerMillis >= 0) {
            ctx.timerService().deleteProcessingTimeTimer(state.reportTimerMillis);
        }
        out.collect(summary(state, ctx, reason, closedAtMicros));
        session.clear();
        closed.update(new ClosedSession(state.startSeq, state.lastKafkaMillis));
        ended.inc();
    }

    private SessionSummary summary(SessionState state, Context ctx, String reason, long closedAtMicros) {
        String key = ctx.getCurrentKey();
        return state.summary(ConversationKey.tenantOf(key), ConversationKey.conversationOf(key), reason,
                closedAtMicros, ctx.timerService().currentProcessingTime());
    }

    private static long minute(long millis) {
        return Math.floorDiv(millis, 60_000L);
    }
}
