package io.convstore.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.convstore.connectors.kafka.DeadLetterHeaders;
import io.convstore.connectors.lake.LakeCatalogs;
import io.convstore.event.Envelope;
import io.convstore.jobs.it.ConversationDataset.Sent;
import io.convstore.sandbox.Sandbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata changes on a running job, no restart: a new type dropped into the directory gets its table and rows
 * (and its earlier dead letters replay into it), a new version adds a column, and a broken file is refused while
 * everything keeps flowing.
 */
@ExtendWith(SandboxExtension.class)
class MetadataReloadITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = LoopbackMiniCluster.extension();

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String SCHEMA_V1 = """
            {"type": "object", "required": ["score"], "properties": {
              "score": {"type": "integer", "minimum": 0, "maximum": 10},
              "comment": {"type": "string"}}}
            """;
    private static final String TYPE_V1 = """
            type: survey.response
            version: 1
            description: A customer's answer to a satisfaction survey.
            schema: ../schemas/survey.response.v1.json
            lake:
              table: survey_responses
              columns:
                - { name: score, from: /payload/score, type: int, required: true }
                - { name: comment, from: /payload/comment, type: string }
            serving:
              preview: /payload/comment
            """;

    @Test
    void picksUpNewTypesNewColumnsAndSurvivesABrokenFile(Sandbox sandbox, @TempDir Path tmp) throws Exception {
        Path metadata = copyShippedMetadata(tmp.resolve("metadata"));
        try (PipelineRun run = PipelineRun.create(sandbox, "reload", Map.of(
                "convstore.lake.warehouse", tmp.resolve("lake").toUri().toString(),
                "convstore.metadata.dir", metadata.toString(),
                "convstore.metadata.reload-interval", "1s"))) {
            run.start();

            // a type nobody defined yet: dead letters, kept for replay
            run.produce(survey(1, "early", 3, null));
            await().atMost(PATIENCE).until(() -> deadLetters(sandbox, run, "unknown_type").size() == 3);

            // drop in the type: its table appears, its events land in it
            Files.writeString(metadata.resolve("schemas/survey.response.v1.json"), SCHEMA_V1);
            Files.writeString(metadata.resolve("types/survey.response.yaml"), TYPE_V1);
            await().atMost(PATIENCE).until(() -> tableExists(run, "survey_responses"));
            // the table exists before the new version has reached every subtask: a record validated in between
            // is an unknown_type dead letter, and replaying it is what an operator does
            run.produce(survey(1, "late", 4, null));
            await().atMost(PATIENCE).until(() -> surveyRows(run).size() + replayable(sandbox, run, "late-").size() == 4);
            run.produce(replayable(sandbox, run, "late-"));
            await().atMost(PATIENCE).until(() -> surveyRows(run).size() == 4);

            // the early dead letters replay into the new type
            run.produce(replayable(sandbox, run, "early-"));
            await().atMost(PATIENCE).until(() -> surveyRows(run).size() == 7);
            assertThat(surveyRows(run)).extracting(r -> r.get("event_id"), r -> r.get("score"), r -> r.get("comment"))
                    .containsExactlyInAnyOrder(
                            row("early-0", 0), row("early-1", 1), row("early-2", 2),
                            row("late-0", 0), row("late-1", 1), row("late-2", 2), row("late-3", 3));

            // version 2 adds a column: the table evolves, new rows carry it
            Files.writeString(metadata.resolve("schemas/survey.response.v2.json"), SCHEMA_V1.replace(
                    "\"comment\": {\"type\": \"string\"}", "\"comment\": {\"type\": \"string\"}, "
                            + "\"channel_hint\": {\"type\": \"string\"}"));
            Files.writeString(metadata.resolve("types/survey.response.v2.yaml"), TYPE_V1
                    .replace("version: 1", "version: 2").replace("v1.json", "v2.json")
                    .replace("type: string }\n", "type: string }\n"
                            + "    - { name: channel_hint, from: /payload/channel_hint, type: string, transform: lower }\n"));
            await().atMost(PATIENCE).until(() -> tableColumns(run).contains("channel_hint"));
            // as above: the column exists before version 2 reaches every subtask; an event validated in between is
            // an unknown_type dead letter ("no version 2"), replayed as an operator would
            run.produce(survey(2, "v2", 2, "SMS"));
            await().atMost(PATIENCE).until(() -> surveyRows(run).size() + replayable(sandbox, run, "v2-").size() == 9);
            run.produce(replayable(sandbox, run, "v2-"));
            await().atMost(PATIENCE).until(() -> surveyRows(run).size() == 9);
            assertThat(surveyRows(run)).filteredOn(r -> ((String) r.get("event_id")).startsWith("v2-"))
                    .extracting(r -> r.get("channel_hint")).containsExactly("sms", "sms");

            // a broken file is refused as a whole, so a valid change beside it waits; the version in force stays
            Files.writeString(metadata.resolve("types/broken.thing.yaml"), "type: broken.thing\nversion: [\n");
            Files.writeString(metadata.resolve("types/survey.response.v2.yaml"), Files.readString(
                    metadata.resolve("types/survey.response.v2.yaml")).replace("transform: lower }\n",
                    "transform: lower }\n    - { name: comment_length, from: /payload/comment, type: int, "
                            + "transform: length }\n"));
            long servedBefore = StoreContents.servingEventCount(run.jdbcUrl);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20))
                    .until(() -> !tableColumns(run).contains("comment_length"));
            run.produce(survey(2, "after-broken", 1, "Email"));
            await().atMost(PATIENCE).until(() -> surveyRows(run).size() == 10);
            assertThat(run.running()).isTrue();
            assertThat(StoreContents.servingEventCount(run.jdbcUrl)).isEqualTo(servedBefore + 1);
            assertThat(replayable(sandbox, run, "after-broken")).isEmpty();

            // once the broken file is gone, the waiting change applies
            Files.delete(metadata.resolve("types/broken.thing.yaml"));
            await().atMost(PATIENCE).until(() -> tableColumns(run).contains("comment_length"));
        }
    }

    private static Path copyShippedMetadata(Path target) throws IOException {
        Path shipped = Path.of("..", "metadata").toAbsolutePath().normalize();
        for (String sub : List.of("types", "schemas")) {
            Files.createDirectories(target.resolve(sub));
            try (Stream<Path> files = Files.list(shipped.resolve(sub))) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(sub).resolve(file.getFileName()));
                }
            }
        }
        return target;
    }

    /** {@code count} survey responses of one new conversation, scores 0, 1, 2, … */
    private static List<Sent> survey(int version, String idPrefix, int count, String channelHint) {
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> payload = channelHint == null
                    ? Map.of("score", i, "comment", "answer " + i)
                    : Map.of("score", i, "comment", "answer " + i, "channel_hint", channelHint);
            Envelope envelope = new Envelope(idPrefix + "-" + i, "acme", "survey-" + idPrefix, "survey.response",
                    version, (long) i + 1, Instant.parse("2026-12-04T12:00:00Z").plusSeconds(i), "web", "customer",
                    "u-1", payload);
            sent.add(new Sent(envelope.keyBytes(), envelope.toJsonBytes(), null));
        }
        return sent;
    }

    private static org.assertj.core.groups.Tuple row(String eventId, int score) {
        return org.assertj.core.groups.Tuple.tuple(eventId, score, "answer " + score);
    }

    private static List<StoreContents.TopicRecord> deadLetters(Sandbox sandbox, PipelineRun run, String reason) {
        return StoreContents.topicRecords(sandbox.kafka().bootstrapServers(), run.dlqTopic).stream()
                .filter(l -> reason.equals(l.headers().get(DeadLetterHeaders.REASON))).toList();
    }

    /** The unknown_type dead letters of events whose id starts with {@code prefix}, as records to re-publish. */
    private static List<Sent> replayable(Sandbox sandbox, PipelineRun run, String prefix) {
        return deadLetters(sandbox, run, "unknown_type").stream()
                .filter(l -> l.headers().getOrDefault(DeadLetterHeaders.EVENT, "").startsWith(prefix))
                .map(l -> new Sent(l.key().getBytes(StandardCharsets.UTF_8), l.value(), null)).toList();
    }

    private static boolean tableExists(PipelineRun run, String table) throws Exception {
        return LakeCatalogs.with(run.config.lake(), catalog -> catalog.tableExists(TableIdentifier.of("convstore",
                table)));
    }

    private static List<String> tableColumns(PipelineRun run) throws Exception {
        return LakeCatalogs.with(run.config.lake(), catalog -> catalog.loadTable(TableIdentifier.of("convstore",
                "survey_responses")).schema().columns().stream().map(c -> c.name()).toList());
    }

    private static List<Map<String, Object>> surveyRows(PipelineRun run) throws Exception {
        return StoreContents.lakeTable(run.config.lake(), "survey_responses");
    }
}
