package io.convstore.jobs.order;

import static io.convstore.jobs.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.convstore.event.DeadLetter;
import io.convstore.event.Event;
import io.convstore.jobs.Accounting;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationOrdererTest {
    private static final OrderSettings SETTINGS = new OrderSettings(Duration.ofHours(1), 3, Duration.ofSeconds(5),
            Duration.ofDays(2));

    private KeyedOneInputStreamOperatorTestHarness<String, Event, Event> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private ConversationOrderer orderer;

    private KeyedOneInputStreamOperatorTestHarness<String, Event, Event> newHarness() throws Exception {
        orderer = new ConversationOrderer(SETTINGS);
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(orderer),
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

    private void send(Event event) throws Exception {
        harness.processElement(new StreamRecord<>(event));
    }

    /** (event id, seq, gapBefore, lateFill, conversation event count) of everything released, in order. */
    private List<org.assertj.core.groups.Tuple> released() {
        return harness.extractOutputValues().stream()
                .map(e -> tuple(e.eventId(), e.seq(), e.gapBefore(), e.lateFill(), e.conversationEventCount()))
                .toList();
    }

    private List<DeadLetter> deadLetters() {
        return harness.getSideOutput(ConversationOrderer.DEAD_LETTERS) == null
                ? List.of()
                : harness.getSideOutput(ConversationOrderer.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void releasesInOrderEventsAtOnce() throws Exception {
        send(event("a").seq(1).build());
        send(event("b").seq(2).build());

        assertThat(released()).containsExactly(tuple("a", 1L, 0L, false, 1L), tuple("b", 2L, 0L, false, 2L));
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void dropsDuplicateEventIds() throws Exception {
        send(event("a").seq(1).build());
        send(event("a").seq(1).build());
        send(event("b").seq(3).build());
        send(event("b").seq(3).build()); // a duplicate of an event that is still held

        assertThat(released()).containsExactly(tuple("a", 1L, 0L, false, 1L));
        assertThat(deadLetters()).isEmpty();
        // each dropped copy leaves by the duplicates side output, for the audit
        assertThat(harness.getSideOutput(ConversationOrderer.DUPLICATES)).extracting(r -> r.getValue().eventId())
                .containsExactly("a", "b");
    }

    @Test
    void assignsSeqInArrivalOrderWhenTheProducerSentNone() throws Exception {
        send(event("a").build());
        send(event("b").build());
        send(event("c").build());

        assertThat(released()).containsExactly(tuple("a", 1L, 0L, false, 1L), tuple("b", 2L, 0L, false, 2L),
                tuple("c", 3L, 0L, false, 3L));
    }

    @Test
    void keepsConversationsApart() throws Exception {
        send(event("a").conversation("acme", "c-1").seq(1).build());
        send(event("b").conversation("acme", "c-2").seq(2).build());
        send(event("c").conversation("globex", "c-1").build());

        assertThat(released()).containsExactly(tuple("a", 1L, 0L, false, 1L), tuple("c", 1L, 0L, false, 1L));
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    @Test
    void releasesBufferedEventsWhenGapFills() throws Exception {
        send(event("c").seq(3).build());
        send(event("b").seq(2).build());
        assertThat(released()).isEmpty();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        send(event("a").seq(1).build());

        assertThat(released()).containsExactly(tuple("a", 1L, 0L, false, 1L), tuple("b", 2L, 0L, false, 2L),
                tuple("c", 3L, 0L, false, 3L));
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void givesUpAGapAfterMaxWaitAndRecordsIt() throws Exception {
        harness.setProcessingTime(1_000L);
        send(event("a").seq(1).build());
        send(event("d").seq(4).build());
        send(event("e").seq(5).build());

        harness.setProcessingTime(5_999L);
        assertThat(released()).containsExactly(tuple("a", 1L, 0L, false, 1L));

        harness.setProcessingTime(6_000L);
        assertThat(released()).containsExactly(tuple("a", 1L, 0L, false, 1L), tuple("d", 4L, 2L, false, 2L),
                tuple("e", 5L, 0L, false, 3L));
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void givesUpAGapWhenTooManyEventsAreHeld() throws Exception {
        send(event("c").seq(3).build());
        send(event("d").seq(4).build());
        send(event("f").seq(6).build());
        assertThat(released()).isEmpty();

        send(event("g").seq(7).build()); // the fourth held event: over the bound of 3

        assertThat(released()).containsExactly(tuple("c", 3L, 2L, false, 1L), tuple("d", 4L, 0L, false, 2L));
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1); // 6 and 7 still wait for 5
    }

    @Test
    void aLateEventFillsTheSlotThatWasGivenUp() throws Exception {
        send(event("b").seq(2).build());
        harness.setProcessingTime(10_000L);
        send(event("a").seq(1).build());

        assertThat(released()).containsExactly(tuple("b", 2L, 1L, false, 1L), tuple("a", 1L, 0L, true, 2L));
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void deadLettersAnEventClaimingATakenSeq() throws Exception {
        send(event("a").seq(1).build());
        send(event("x").seq(1).build());
        send(event("c").seq(3).build());
        send(event("y").seq(3).build());

        assertThat(released()).containsExactly(tuple("a", 1L, 0L, false, 1L));
        assertThat(deadLetters()).extracting(DeadLetter::eventId, DeadLetter::reason, DeadLetter::message)
                .containsExactly(
                        tuple("x", "sequence_conflict", "seq 1 of conversation acme/c-1 was already released or "
                                + "given up on"),
                        tuple("y", "sequence_conflict", "seq 3 of conversation acme/c-1 is already held by another "
                                + "event waiting for a gap to fill"));
        assertThat(new String(deadLetters().get(0).key())).isEqualTo("acme/c-1");
        assertThat(new String(deadLetters().get(0).value())).contains("\"event_id\":\"x\"", "\"seq\":1");
    }

    @Test
    void eventsWithoutSeqQueueBehindHeldOnes() throws Exception {
        send(event("a").seq(1).build());
        send(event("c").seq(3).build());
        send(event("n").build()); // gets 4, waits with 3 for 2

        send(event("b").seq(2).build());

        assertThat(released()).containsExactly(tuple("a", 1L, 0L, false, 1L), tuple("b", 2L, 0L, false, 2L),
                tuple("c", 3L, 0L, false, 3L), tuple("n", 4L, 0L, false, 4L));
    }

    @Test
    void letsAnIdleConversationGoAfterTheConversationTtl() throws Exception {
        send(event("a").build());
        send(event("b").build());
        assertThat(released()).containsExactly(tuple("a", 1L, 0L, false, 1L), tuple("b", 2L, 0L, false, 2L));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3); // seen ids (a map), next seq, released count

        // silent for longer than the conversation TTL (2 days; dedup 1 hour): a snapshot keeps nothing of it
        harness.setStateTtlProcessingTime(Duration.ofDays(2).toMillis() + 1);
        restart();
        harness.setStateTtlProcessingTime(Duration.ofDays(2).toMillis() + 1);
        assertThat(harness.numKeyedStateEntries()).isZero();

        // and it starts again as a new conversation
        send(event("c").build());
        assertThat(released()).containsExactly(tuple("c", 1L, 0L, false, 1L));
    }

    @Test
    void continuesAfterSnapshotAndRestore() throws Exception {
        send(event("a").seq(1).build());
        send(event("c").seq(3).build());
        restart();
        send(event("a").seq(1).build()); // still known as a duplicate
        send(event("b").seq(2).build()); // fills the gap held across the restore

        assertThat(released()).containsExactly(tuple("b", 2L, 0L, false, 2L), tuple("c", 3L, 0L, false, 3L));
        assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void keepsItsOutcomeCountsAcrossARestore() throws Exception {
        send(event("a").seq(1).build());
        send(event("a").seq(1).build());
        restart();
        send(event("b").seq(2).build());
        send(event("b").seq(2).build());

        assertThat(orderer.count(Accounting.ACCEPTED)).isEqualTo(2);
        assertThat(orderer.count(Accounting.DUPLICATES)).isEqualTo(2);
    }

    @Test
    void restoredTimersStillGiveUpGaps() throws Exception {
        harness.setProcessingTime(0L);
        send(event("c").seq(3).build());
        restart();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        harness.setProcessingTime(5_000L);

        assertThat(released()).containsExactly(tuple("c", 3L, 2L, false, 1L));
    }
}
