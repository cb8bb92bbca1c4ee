package io.convstore.jobs.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.convstore.event.Event;
import io.convstore.event.SessionSummary;
import io.convstore.event.TrafficTick;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions with event time and processing time driven by hand: close by event and by gap, reopen, every KPI on a
 * hand-computed conversation, late events, snapshot and restore mid-session, and state and timers back to zero.
 */
class SessionTrackerTest {
    private static final long T0 = Instant.parse("2026-12-04T10:00:00Z").toEpochMilli();
    private static final SessionSettings SETTINGS = new SessionSettings(Duration.ofMinutes(5),
            Map.of("fast", Duration.ofMinutes(1)), Duration.ofSeconds(10), Duration.ofHours(1));

    private KeyedOneInputStreamOperatorTestHarness<String, Event, SessionSummary> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Event, SessionSummary> newHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SessionTracker(SETTINGS)),
                Event::conversationKey, Types.STRING);
    }

    /** Takes a snapshot and goes on in a new operator restored from it, as after a failure. */
    private void restart() throws Exception {
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();
        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
    }

    /** Event {@code seq} of acme/c-1 at {@code T0 + seconds} (occurred and Kafka timestamp), by {@code role}. */
    private static Event event(long seq, long seconds, String type, String role, String channel, String payload) {
        return event("acme", seq, seconds, type, role, channel, payload);
    }

    private static Event event(String tenant, long seq, long seconds, String type, String role, String channel,
            String payload) {
        return new Event(tenant + "-e" + seq, tenant, "c-1", type, 1, seq, (T0 + seconds * 1000) * 1000, channel,
                role, role == null ? null : role + "-1", payload, 0, seq, T0 + seconds * 1000, seq, 0, false, seq);
    }

    private void send(Event event) throws Exception {
        harness.processElement(new StreamRecord<>(event, Math.floorDiv(event.occurredAtMicros(), 1000L)));
    }

    /** The hand-computed conversation: two customer turns answered by a bot, one by an agent, a transfer. */
    private static final List<Event> CONVERSATION = List.of(
            event(1, 0, "conversation.status", "system", "web", "{\"status\":\"opened\"}"),
            event(2, 10, "chat.message", "customer", "web", "{\"text\":\"hi\"}"),
            event(3, 15, "chat.message", "customer", "web", "{\"text\":\"hello?\"}"),
            event(4, 40, "ai.response", "bot", "web", "{\"text\":\"How can I help?\",\"latency_ms\":120}"),
            event(5, 60, "chat.message", "customer", "web", "{\"text\":\"a human please\",\"sentiment\":-0.4}"),
            event(6, 70, "conversation.status", "system", "web", "{\"status\":\"transferred\"}"),
            event(7, 100, "chat.message", "agent", "email", "{\"text\":\"I'm here\"}"),
            event(8, 130, "chat.message", "customer", "email", "{\"text\":\"thanks\",\"sentiment\":0.8}"),
            event(9, 140, "ai.response", "bot", "email", "{\"text\":\"Anything else?\",\"latency_ms\":80}"),
            event(10, 150, "conversation.status", "system", "email", "{\"status\":\"closed\"}"));

    private static void assertHandComputedKpis(SessionSummary summary) {
        assertThat(summary.status()).isEqualTo("closed");
        assertThat(summary.closeReason()).isEqualTo("closed");
        assertThat(summary.tenantId()).isEqualTo("acme");
        assertThat(summary.conversationId()).isEqualTo("c-1");
        assertThat(summary.sessionStartSeq()).isEqualTo(1);
        assertThat(summary.previousSessionStartSeq()).isNull();
        assertThat(summary.openedAtMicros()).isEqualTo(T0 * 1000);
        assertThat(summary.closedAtMicros()).isEqualTo((T0 + 150_000) * 1000);
        assertThat(summary.durationMillis()).isEqualTo(150_000);
        assertThat(summary.eventCount()).isEqualTo(10);
        assertThat(summary.lastSeq()).isEqualTo(10);
        assertThat(summary.eventsByType())
                .isEqualTo("{\"conversation.status\":3,\"chat.message\":5,\"ai.response\":2}");
        assertThat(summary.eventsByRole()).isEqualTo("{\"system\":3,\"customer\":4,\"bot\":2,\"agent\":1}");
        assertThat(summary.channels()).isEqualTo("web,email");
        assertThat(summary.transfers()).isEqualTo(1);
        // turn 1: customer at 10 s, bot at 40 s; turn 2: 60 s -> agent at 100 s; turn 3: 130 s -> bot at 140 s
        assertThat(summary.firstResponseMillis()).isEqualTo(30_000);
        assertThat(summary.agentResponses()).isEqualTo(1);
        assertThat(summary.meanAgentResponseMillis()).isEqualTo(40_000.0);
        assertThat(summary.botResponses()).isEqualTo(2);
        assertThat(summary.meanBotResponseMillis()).isEqualTo(20_000.0);
        assertThat(summary.aiResponses()).isEqualTo(2);
        assertThat(summary.meanAiLatencyMillis()).isEqualTo(100.0);
        assertThat(summary.lastSentiment()).isEqualTo(0.8);
        assertThat(summary.lateEvents()).isZero();
    }

    private void assertOneHandComputedSummaryAndNoTimers() {
        List<SessionSummary> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertHandComputedKpis(out.get(0));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void closesOnAClosedStatusWithEveryKpiAndReleasesStateAndTimers() throws Exception {
        for (Event event : CONVERSATION) {
            send(event);
        }

        assertOneHandComputedSummaryAndNoTimers();
        // only the link to the ended session is left, until the link TTL
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.setStateTtlProcessingTime(Duration.ofHours(1).toMillis() + 1);
        restart();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void restoresMidSessionAndEndsWithTheSameSummary() throws Exception {
        for (Event event : CONVERSATION.subList(0, 5)) {
            send(event);
        }
        restart();
        for (Event event : CONVERSATION.subList(5, CONVERSATION.size())) {
            send(event);
        }

        assertOneHandComputedSummaryAndNoTimers();
    }

    @Test
    void endsAnInactiveSessionWhenTheWatermarkPassesTheGapThenAReopeningNamesIt() throws Exception {
        send(event(1, 0, "chat.message", "customer", "web", "{\"text\":\"hi\"}"));
        send(event(2, 30, "chat.message", "agent", "web", "{\"text\":\"hello\"}"));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(new Watermark(T0 + 30_000 + 300_000 - 1));
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(new Watermark(T0 + 30_000 + 300_000));
        List<SessionSummary> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        SessionSummary first = out.get(0);
        assertThat(first.closeReason()).isEqualTo("inactive");
        assertThat(first.closedAtMicros()).isEqualTo((T0 + 30_000) * 1000);
        assertThat(first.durationMillis()).isEqualTo(30_000);
        assertThat(first.firstResponseMillis()).isEqualTo(30_000);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        // reopened: a new session naming the first; one event arrives behind the watermark (late)
        harness.processWatermark(new Watermark(T0 + 500_000));
        send(event(3, 510, "conversation.status", "system", "web", "{\"status\":\"reopened\"}"));
        send(event(4, 450, "chat.message", "customer", "web", "{\"text\":\"one more thing\"}"));
        send(event(5, 520, "conversation.status", "system", "web", "{\"status\":\"closed\"}"));

        out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        SessionSummary second = out.get(1);
        assertThat(second.sessionStartSeq()).isEqualTo(3);
        assertThat(second.previousSessionStartSeq()).isEqualTo(1);
        assertThat(second.closeReason()).isEqualTo("closed");
        assertThat(second.eventCount()).isEqualTo(3);
        assertThat(second.lateEvents()).isEqualTo(1);
        assertThat(second.openedAtMicros()).isEqualTo((T0 + 450_000) * 1000); // the late event was earliest
        assertThat(second.durationMillis()).isEqualTo(70_000);
    }

    @Test
    void anEventBeyondTheGapEndsTheSessionBeforeTheWatermarkDoesAndTenantGapsApply() throws Exception {
        // tenant "fast" has a 1-minute gap instead of 5
        send(event("fast", 1, 0, "chat.message", "customer", "web", "{\"text\":\"hi\"}"));
        send(event("fast", 2, 61, "chat.message", "customer", "web", "{\"text\":\"still there?\"}"));

        List<SessionSummary> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).closeReason()).isEqualTo("inactive");
        assertThat(out.get(0).eventCount()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("only the new session's gap timer").isEqualTo(1);

        harness.processWatermark(new Watermark(T0 + 61_000 + 60_000));
        out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).sessionStartSeq()).isEqualTo(2);
        assertThat(out.get(1).previousSessionStartSeq()).isEqualTo(1);
    }

    @Test
    void reportsAnOpenSessionAtMostOncePerIntervalAndOnlyAfterAChange() throws Exception {
        harness.setProcessingTime(1_000);
        send(event(1, 0, "chat.message", "customer", "web", "{\"text\":\"hi\"}"));
        send(event(2, 5, "chat.message", "customer", "web", "{\"text\":\"anyone?\"}"));
        harness.setProcessingTime(10_999);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(11_000);
        List<SessionSummary> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).status()).isEqualTo("open");
        assertThat(out.get(0).closedAtMicros()).isEqualTo(-1);
        assertThat(out.get(0).eventCount()).isEqualTo(2);
        assertThat(out.get(0).firstResponseMillis()).isNull();

        harness.setProcessingTime(60_000);
        assertThat(harness.extractOutputValues()).hasSize(1); // nothing new, no report
        send(event(3, 20, "chat.message", "agent", "web", "{\"text\":\"yes\"}"));
        harness.setProcessingTime(70_000);
        out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        assertThat(out.get(1).eventCount()).isEqualTo(3);
        assertThat(out.get(1).firstResponseMillis()).isEqualTo(20_000);
    }

    @Test
    void marksEachConversationsFirstEventOfAMinuteForTheTrafficWindows() throws Exception {
        send(event(1, 0, "chat.message", "customer", "web", "{\"text\":\"hi\"}"));
        send(event(2, 10, "chat.message", "agent", "web", "{\"text\":\"hello\"}"));
        send(event(3, 65, "chat.message", "customer", "web", "{\"text\":\"ok\"}"));
        send(event(4, 70, "conversation.status", "system", "web", "{\"status\":\"closed\"}"));
        send(event(5, 75, "conversation.status", "system", "web", "{\"status\":\"reopened\"}"));

        List<TrafficTick> ticks = harness.getSideOutput(SessionTracker.TRAFFIC).stream()
                .map(StreamRecord::getValue).toList();
        assertThat(ticks).extracting(TrafficTick::activations).containsExactly(1L, 0L, 1L, 0L, 0L);
        assertThat(ticks).extracting(TrafficTick::timestampMillis)
                .containsExactly(T0, T0 + 10_000, T0 + 65_000, T0 + 70_000, T0 + 75_000);
        assertThat(ticks).extracting(TrafficTick::bytes).containsExactly(13L, 16L, 13L, 19L, 21L);
    }
}
