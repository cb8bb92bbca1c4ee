package io.convstore.jobs.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.convstore.event.DeadLetter;
import io.convstore.event.Envelope;
import io.convstore.event.Event;
import io.convstore.event.RawRecord;
import io.convstore.jobs.reload.MetadataBroadcast;
import io.convstore.metadata.Registry;
import io.convstore.metadata.RegistryLoader;
import io.convstore.metadata.RegistryVersion;
import io.convstore.metadata.ServingProjection;
import io.convstore.metadata.TypeDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The validate stage with metadata versions arriving by broadcast, across a snapshot and restore. */
class EnvelopeValidatorTest {
    private static RegistryVersion builtIn;
    private static RegistryVersion withSurveys;

    private BroadcastOperatorTestHarness<RawRecord, RegistryVersion, Event> harness;

    @BeforeEach
    void open() throws Exception {
        Registry shipped = RegistryLoader.loadBuiltIn();
        builtIn = RegistryVersion.of("built-in", shipped);
        List<TypeDefinition> definitions = new ArrayList<>(shipped.definitions());
        definitions.add(new TypeDefinition("survey.response", 1, "survey", "test",
                "{\"type\":\"object\",\"required\":[\"score\"]}", null, ServingProjection.defaults(), List.of()));
        withSurveys = RegistryVersion.of("with-surveys", Registry.of(definitions));
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static BroadcastOperatorTestHarness<RawRecord, RegistryVersion, Event> newHarness() throws Exception {
        return new BroadcastOperatorTestHarness<>(new CoBroadcastWithNonKeyedOperator<>(
                new EnvelopeValidator(builtIn, new ValidateSettings(1024 * 1024,
                        new DeadLetterAlarm.Settings(0.05, Duration.ofMinutes(1), 100))), List.of(MetadataBroadcast.STATE)), 1, 1, 0);
    }

    private void send(String eventId) throws Exception {
        Envelope survey = new Envelope(eventId, "acme", "c-1", "survey.response", null, null,
                Instant.parse("2026-12-04T10:00:00Z"), null, null, null, Map.of("score", 9));
        harness.processElement(new StreamRecord<>(new RawRecord("t", 0, 0L, 0L, survey.keyBytes(),
                survey.toJsonBytes(), null)));
    }

    private List<String> accepted() {
        return harness.extractOutputValues().stream().map(Event::eventId).toList();
    }

    private List<String> refusedReasons() {
        var letters = harness.getSideOutput(EnvelopeValidator.DEAD_LETTERS);
        return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).map(DeadLetter::reason)
                .toList();
    }

    @Test
    void refusesARecordOverTheSizeLimitUnparsedWithItsKeyAndBytes() throws Exception {
        byte[] huge = ("{\"event_id\":\"big\",\"payload\":{\"body\":\"" + "x".repeat(1024 * 1024) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        harness.processElement(new StreamRecord<>(new RawRecord("conversation-events", 3, 42L, 0L,
                "acme/c-9".getBytes(StandardCharsets.UTF_8), huge, null)));

        DeadLetter letter = harness.getSideOutput(EnvelopeValidator.DEAD_LETTERS).peek().getValue();
        assertThat(letter.reason()).isEqualTo("payload_too_large");
        assertThat(letter.message()).isEqualTo("record value of 1,048,616 bytes is larger than the limit of "
                + "1,048,576 bytes (convstore.validate.max-record-bytes)");
        assertThat(letter.tenantId()).isEqualTo("acme");
        assertThat(letter.conversationId()).isEqualTo("c-9");
        assertThat(letter.value()).isEqualTo(huge);
        assertThat(letter.sourcePartition()).isEqualTo(3);
        assertThat(letter.sourceOffset()).isEqualTo(42L);
        assertThat(accepted()).isEmpty();
    }

    @Test
    void acceptsATypeOnceABroadcastVersionDefinesIt() throws Exception {
        send("before");
        harness.processBroadcastElement(new StreamRecord<>(withSurveys));
        send("after");

        assertThat(refusedReasons()).containsExactly("unknown_type");
        assertThat(accepted()).containsExactly("after");
    }

    @Test
    void keepsTheBroadcastVersionAcrossARestore() throws Exception {
        harness.processBroadcastElement(new StreamRecord<>(withSurveys));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness(); // built with the initial version, which does not know surveys
        harness.initializeState(snapshot);
        harness.open();
        send("restored");

        assertThat(accepted()).containsExactly("restored");
        assertThat(refusedReasons()).isEmpty();
    }
}
