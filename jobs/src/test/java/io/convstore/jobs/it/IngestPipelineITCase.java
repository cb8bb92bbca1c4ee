package io.convstore.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.convstore.connectors.kafka.DeadLetterHeaders;
import io.convstore.jobs.it.ConversationDataset.Sent;
import io.convstore.jobs.it.ConversationDataset.Stored;
import io.convstore.jobs.it.StoreContents.TopicRecord;
import io.convstore.jobs.it.StoreContents.LakeEvent;
import io.convstore.jobs.it.StoreContents.ServingConversation;
import io.convstore.jobs.it.StoreContents.ServingEvent;
import io.convstore.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole ingest job on a MiniCluster against a real Kafka broker and PostgreSQL, with the lake in a local
 * warehouse: order, dedup, gaps, dead letters and idempotent replay, checked in the stores themselves.
 */
@ExtendWith(SandboxExtension.class)
class IngestPipelineITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = LoopbackMiniCluster.extension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @Test
    void storesEveryEventOnceInOrderDeadLettersTheRestAndIgnoresAReplay(Sandbox sandbox,
            @TempDir Path warehouse) throws Exception {
        // 3 tenants x 70 conversations x 25 events = 5,250 events, plus duplicates and bad records
        ConversationDataset data = ConversationDataset.generate(42L, List.of("acme", "globex", "initech"), 70, 25);
        assertThat(data.accepted()).isGreaterThanOrEqualTo(5_000);
        assertThat(data.expected).hasSizeGreaterThanOrEqualTo(200);
        assertThat(data.duplicates).isGreaterThan(100);

        try (PipelineRun run = PipelineRun.create(sandbox, "pipeline_local", Map.of(
                "convstore.lake.warehouse", warehouse.toUri().toString()))) {
            run.start();
            run.produce(data.sent);

            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                    StoreContents.servingEventCount(run.jdbcUrl) == data.accepted()
                            && StoreContents.lakeRecordCount(run.config.lake()) == data.accepted()
                            && StoreContents.topicRecords(sandbox.kafka().bootstrapServers(), run.dlqTopic).size()
                                    == data.deadLetters());

            Map<String, List<ServingEvent>> serving = StoreContents.servingEvents(run.jdbcUrl);
            Map<String, ServingConversation> conversations = StoreContents.servingConversations(run.jdbcUrl);
            List<LakeEvent> lake = StoreContents.lakeEvents(run.config.lake());
            assertServingHoldsExactlyTheExpectedEvents(data, serving);
            assertConversationRows(data, conversations);
            assertLakeHoldsEveryAcceptedEventOnce(data, lake);
            assertEachTypeHasItsOwnTable(data, run);
            assertAgentAssistTopicGetsEveryChatMessageOnce(data, sandbox);
            assertDeadLetters(data, StoreContents.topicRecords(sandbox.kafka().bootstrapServers(), run.dlqTopic));
            assertLakeKeepsTheSameDeadLetters(run, StoreContents.topicRecords(sandbox.kafka().bootstrapServers(),
                    run.dlqTopic));
            String curated = run.config.kafka().curatedTopic();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() ->
                    StoreContents.topicRecords(sandbox.kafka().bootstrapServers(), curated).size() >= data.accepted());
            assertCuratedTopicHasEveryAcceptedEventOnceInOrder(data,
                    StoreContents.topicRecords(sandbox.kafka().bootstrapServers(), curated));

            // the same input again, as a producer retrying everything would send it
            run.produce(data.sent);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(run::caughtUp);
            await().atMost(PATIENCE).until(() -> StoreContents.topicRecords(sandbox.kafka().bootstrapServers(), run.dlqTopic).size()
                    == 2 * data.deadLetters());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                    StoreContents.lakeRecordCount(run.config.lake()) == data.accepted());

            assertThat(StoreContents.servingEvents(run.jdbcUrl)).isEqualTo(serving);
            assertCuratedTopicHasEveryAcceptedEventOnceInOrder(data,
                    StoreContents.topicRecords(sandbox.kafka().bootstrapServers(), curated));
            assertThat(StoreContents.servingConversations(run.jdbcUrl)).isEqualTo(conversations);
            assertThat(StoreContents.lakeEvents(run.config.lake()))
                    .containsExactlyInAnyOrderElementsOf(lake);
        }
    }

    /**
     * A read_committed consumer of the curated topic sees every accepted event once, in seq order per conversation
     * (its key), with the assigned seq in the envelope and the header.
     */
    private static void assertCuratedTopicHasEveryAcceptedEventOnceInOrder(ConversationDataset data,
            List<TopicRecord> curated) throws Exception {
        Map<String, List<org.assertj.core.groups.Tuple>> byConversation = new java.util.TreeMap<>();
        for (TopicRecord record : curated) {
            var envelope = JSON.readTree(record.value());
            assertThat(envelope.path("seq").asLong()).isEqualTo(Long.parseLong(record.headers().get("convstore.seq")));
            byConversation.computeIfAbsent(record.key(), k -> new java.util.ArrayList<>())
                    .add(org.assertj.core.groups.Tuple.tuple(envelope.path("seq").asLong(),
                            envelope.path("event_id").asText()));
        }
        assertThat(byConversation.keySet()).containsExactlyElementsOf(data.expected.keySet());
        data.expected.forEach((conversation, events) -> assertThat(byConversation.get(conversation))
                .as("curated events of %s", conversation)
                .containsExactlyElementsOf(events.stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.seq(), e.eventId())).toList()));
    }

    private static void assertServingHoldsExactlyTheExpectedEvents(ConversationDataset data,
            Map<String, List<ServingEvent>> serving) throws Exception {
        assertThat(serving.keySet()).containsExactlyElementsOf(data.expected.keySet());
        assertThat(serving.values().stream().flatMap(List::stream).filter(ServingEvent::compressed).count())
                .as("the dataset's long emails are kept compressed").isPositive();
        for (Map.Entry<String, List<Stored>> conversation : data.expected.entrySet()) {
            List<ServingEvent> rows = serving.get(conversation.getKey());
            List<Stored> expected = conversation.getValue();
            assertThat(rows).extracting(ServingEvent::seq, ServingEvent::eventId, ServingEvent::type,
                            ServingEvent::actorRole, ServingEvent::occurredAt, ServingEvent::gapBefore,
                            ServingEvent::lateFill)
                    .as("events of %s in seq order", conversation.getKey())
                    .containsExactlyElementsOf(expected.stream().map(e -> org.assertj.core.groups.Tuple.tuple(
                            e.seq(), e.eventId(), e.type(), e.actorRole(), e.occurredAt(), e.gapBefore(), false))
                            .toList());
            for (int i = 0; i < rows.size(); i++) {
                assertThat(JSON.readTree(rows.get(i).payload())).as("payload of %s", rows.get(i).eventId())
                        .isEqualTo(JSON.readTree(expected.get(i).payload()));
                // above the default serving.compress_above (4 KiB) kept zstd-compressed, below as jsonb
                assertThat(rows.get(i).compressed()).as("compressed payload of %s", rows.get(i).eventId())
                        .isEqualTo(rows.get(i).payloadBytes() > 4096);
                assertThat(rows.get(i).preview()).as("preview of %s", rows.get(i).eventId())
                        .isEqualTo(expectedPreview(expected.get(i)));
            }
        }
        // one conversation per tenant lost seq 5 for good: the gap is recorded on seq 6
        assertThat(serving.get("acme/c-1")).filteredOn(e -> e.gapBefore() > 0)
                .extracting(ServingEvent::seq, ServingEvent::gapBefore)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(6L, 1L));
    }

    /** The shipped types' serving previews: chat and AI text, email subject, status (200 characters at most). */
    private static String expectedPreview(Stored event) throws Exception {
        String field = switch (event.type()) {
            case "chat.message", "ai.response" -> "text";
            case "email.message" -> "subject";
            case "conversation.status" -> "status";
            default -> null;
        };
        String text = field == null ? null : JSON.readTree(event.payload()).get(field).asText();
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }

    private static void assertConversationRows(ConversationDataset data, Map<String, ServingConversation> rows) {
        assertThat(rows.keySet()).containsExactlyElementsOf(data.expected.keySet());
        data.expected.forEach((key, events) -> {
            ServingConversation row = rows.get(key);
            assertThat(row.lastSeq()).as("last_seq of %s", key)
                    .isEqualTo(events.stream().mapToLong(Stored::seq).max().orElseThrow());
            assertThat(row.eventCount()).as("event_count of %s", key).isEqualTo(events.size());
            assertThat(row.openedAt()).as("opened_at of %s", key)
                    .isEqualTo(events.stream().map(Stored::occurredAt).min(Comparator.naturalOrder()).orElseThrow());
            assertThat(row.lastEventAt()).as("last_event_at of %s", key)
                    .isEqualTo(events.stream().map(Stored::occurredAt).max(Comparator.naturalOrder()).orElseThrow());
        });
    }

    private static void assertLakeHoldsEveryAcceptedEventOnce(ConversationDataset data, List<LakeEvent> lake)
            throws Exception {
        List<LakeEvent> expected = data.expected.entrySet().stream()
                .flatMap(c -> c.getValue().stream().map(e -> new LakeEvent(c.getKey(), e.seq(), e.eventId(),
                        e.type(), e.occurredAt(), e.payload())))
                .toList();
        assertThat(lake).hasSize(expected.size());
        assertThat(lake.stream().map(LakeEvent::eventId).distinct()).hasSize(expected.size());
        Map<String, LakeEvent> byId = lake.stream().collect(Collectors.toMap(LakeEvent::eventId, e -> e));
        for (LakeEvent want : expected) {
            LakeEvent got = byId.get(want.eventId());
            assertThat(got).as("lake row of %s", want.eventId()).isNotNull();
            assertThat(List.of(got.conversationKey(), got.seq(), got.type(), got.occurredAt()))
                    .isEqualTo(List.of(want.conversationKey(), want.seq(), want.type(), want.occurredAt()));
            assertThat(JSON.readTree(got.payload())).isEqualTo(JSON.readTree(want.payload()));
        }
    }

    /** The metadata's lake sections: one table per type, every event of the type once, columns mapped. */
    private static void assertEachTypeHasItsOwnTable(ConversationDataset data, PipelineRun run) throws Exception {
        Map<String, String> tables = Map.of("chat.message", "chat_messages", "ai.response", "ai_responses",
                "email.message", "email_messages", "conversation.status", "conversation_status_changes");
        Map<String, String> checkedColumn = Map.of("chat.message", "text", "ai.response", "model",
                "email.message", "subject", "conversation.status", "status");
        for (Map.Entry<String, String> table : tables.entrySet()) {
            Map<String, Stored> expected = data.expected.values().stream().flatMap(List::stream)
                    .filter(e -> e.type().equals(table.getKey()))
                    .collect(Collectors.toMap(Stored::eventId, e -> e));
            List<Map<String, Object>> rows = StoreContents.lakeTable(run.config.lake(), table.getValue());
            assertThat(rows).as("rows of %s", table.getValue()).hasSize(expected.size());
            String column = checkedColumn.get(table.getKey());
            for (Map<String, Object> row : rows) {
                Stored want = expected.get((String) row.get("event_id"));
                assertThat(want).as("%s row %s is an accepted event", table.getValue(), row.get("event_id"))
                        .isNotNull();
                assertThat(row.get("seq")).isEqualTo(want.seq());
                assertThat(row.get(column)).as("%s.%s", table.getValue(), column)
                        .isEqualTo(JSON.readTree(want.payload()).get(column).asText());
            }
        }
        assertThat(StoreContents.lakeTable(run.config.lake(), "ai_responses"))
                .allSatisfy(row -> assertThat((Long) row.get("input_tokens")).isBetween(100L, 130L));
    }

    /** chat.message declares a Kafka target: every accepted chat message, reshaped, once. */
    private static void assertAgentAssistTopicGetsEveryChatMessageOnce(ConversationDataset data, Sandbox sandbox)
            throws Exception {
        Map<String, String> expected = new java.util.TreeMap<>();
        data.expected.forEach((key, events) -> events.stream().filter(e -> e.type().equals("chat.message"))
                .forEach(e -> expected.put(e.eventId(), key)));
        Map<String, Stored> byId = data.expected.values().stream().flatMap(List::stream)
                .collect(Collectors.toMap(Stored::eventId, e -> e));
        List<TopicRecord> ours = StoreContents.topicRecords(sandbox.kafka().bootstrapServers(),
                        "agent-assist.context").stream()
                .filter(r -> byId.containsKey(r.headers().get(DeadLetterHeaders.EVENT))).toList();
        assertThat(ours.stream().map(r -> r.headers().get(DeadLetterHeaders.EVENT)))
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (TopicRecord record : ours) {
            Stored event = byId.get(record.headers().get(DeadLetterHeaders.EVENT));
            String conversation = expected.get(record.headers().get(DeadLetterHeaders.EVENT));
            assertThat(record.key()).isEqualTo(conversation);
            assertThat(JSON.readTree(record.value())).isEqualTo(JSON.readTree(String.format(
                    "{\"tenant\":\"%s\",\"conversation\":\"%s\",\"role\":\"%s\",\"text\":%s}",
                    conversation.split("/")[0], conversation.split("/")[1], event.actorRole(),
                    JSON.readTree(event.payload()).get("text"))));
        }
    }

    /** The lake's dead_letters table holds what the topic holds: same records, reasons and original bytes. */
    private static void assertLakeKeepsTheSameDeadLetters(PipelineRun run, List<TopicRecord> topic)
            throws Exception {
        await().atMost(PATIENCE).until(() -> StoreContents.lakeDeadLetters(run.config.lake()).size() >= topic.size());
        List<StoreContents.LakeDeadLetter> lake = StoreContents.lakeDeadLetters(run.config.lake());
        assertThat(lake).hasSameSizeAs(topic);
        Map<String, StoreContents.LakeDeadLetter> byOffset = new java.util.HashMap<>();
        lake.forEach(l -> byOffset.put(l.sourcePartition() + "@" + l.sourceOffset() + "/" + l.reason(), l));
        for (TopicRecord record : topic) {
            String key = record.headers().get(DeadLetterHeaders.SOURCE_PARTITION) + "@"
                    + record.headers().get(DeadLetterHeaders.SOURCE_OFFSET) + "/"
                    + record.headers().get(DeadLetterHeaders.REASON);
            assertThat(byOffset).as("lake dead letter %s", key).containsKey(key);
            assertThat(byOffset.get(key).value()).as("original bytes of %s", key).isEqualTo(record.value());
        }
    }

    private static void assertDeadLetters(ConversationDataset data, List<TopicRecord> deadLetters) {
        assertThat(StoreContents.countByReason(deadLetters)).isEqualTo(data.deadLettersByReason.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue())));
        List<Sent> refused = data.sent.stream().filter(s -> s.reason() != null
                && !s.reason().equals("sequence_conflict")).toList();
        for (Sent sent : refused) {
            // validation refusals keep the original bytes, key and value, exactly
            assertThat(deadLetters).as("dead letter for a %s record", sent.reason()).anySatisfy(letter -> {
                assertThat(letter.value()).isEqualTo(sent.value());
                assertThat(letter.key()).isEqualTo(new String(sent.key(), StandardCharsets.UTF_8));
                assertThat(letter.headers()).containsEntry(DeadLetterHeaders.REASON, sent.reason())
                        .containsKeys(DeadLetterHeaders.MESSAGE, DeadLetterHeaders.SOURCE_PARTITION,
                                DeadLetterHeaders.SOURCE_OFFSET, DeadLetterHeaders.SOURCE_TOPIC);
            });
        }
        assertThat(deadLetters).filteredOn(l -> "sequence_conflict".equals(l.headers().get(DeadLetterHeaders.REASON)))
                .allSatisfy(l -> assertThat(l.headers().get(DeadLetterHeaders.EVENT)).endsWith("-conflict"));
    }
}
