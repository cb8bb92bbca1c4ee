package io.convstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.convstore.connectors.kafka.DeadLetterTopic;
import io.convstore.connectors.lake.EventsTable;
import io.convstore.connectors.lake.LakeCatalogs;
import io.convstore.event.DeadLetter;
import io.convstore.event.Envelope;
import io.convstore.event.RecordHeaders;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;

/**
 * Dead letters of a type nobody defined yet; the type is added to the running job's metadata; {@code dlq replay},
 * run twice, brings every one of them into the stores exactly once.
 */
class DlqReplayITCase {
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Test
    void replayAfterTheTypeIsAddedStoresEachDeadLetterOnceEvenWhenRunTwice() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        System.setProperty("convstore.home", home.toString());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "convstore-dlq-it-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path metadata = dir.resolve("metadata");
        Files.createDirectories(metadata.resolve("types"));
        Files.createDirectories(metadata.resolve("schemas"));
        try (var files = Files.list(home.resolve("metadata/schemas"))) {
            for (Path schema : files.toList()) {
                Files.copy(schema, metadata.resolve("schemas").resolve(schema.getFileName()));
            }
        }
        try (var files = Files.list(home.resolve("metadata/types"))) {
            for (Path type : files.filter(p -> !p.getFileName().toString().startsWith("voice.")).toList()) {
                Files.copy(type, metadata.resolve("types").resolve(type.getFileName()));
            }
        }
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir.resolve("data"),
                EmbeddedPipeline.Lake.LOCAL_DIRECTORY, Map.of("convstore.metadata.dir", metadata.toString(),
                        "convstore.metadata.reload-interval", "1s", "convstore.checkpoint.interval", "1s"))) {
            JobClient job = pipeline.prepareJob().executeAsync("dlq-replay-it");
            String bootstrap = pipeline.sandbox.kafka().bootstrapServers();
            try (Publisher publisher = new Publisher(bootstrap, pipeline.config.kafka().topic())) {
                for (int i = 1; i <= 3; i++) {
                    Envelope transcript = transcript("t-" + i);
                    publisher.send(transcript.keyBytes(), transcript.toJsonBytes(), RecordHeaders.encode(List.of(
                            Map.entry("trace-id", ("trace-" + i).getBytes(StandardCharsets.UTF_8))))).get();
                }
            }
            await().atMost(PATIENCE).until(() -> DeadLetterTopic.read(bootstrap, pipeline.config.kafka()
                    .deadLetterTopic(), l -> "unknown_type".equals(l.reason())).size() == 3);
            // each dead letter keeps the producer's headers and says which metadata and job versions refused it
            assertThat(DeadLetterTopic.read(bootstrap, pipeline.config.kafka().deadLetterTopic(), l -> true))
                    .allSatisfy(stored -> {
                        assertThat(RecordHeaders.decode(stored.letter().headers())).extracting(Map.Entry::getKey)
                                .containsExactly("trace-id");
                        assertThat(stored.letter().metadataVersion()).hasSize(16);
                        assertThat(stored.letter().jobVersion()).isEqualTo(DeadLetter.JOB_VERSION);
                    });

            String listed = run("dlq", "list", "--bootstrap", bootstrap, "--reason", "unknown_type");
            assertThat(listed).contains("3 dead letters: unknown_type 3");
            assertThat(listed.lines().filter(l -> l.contains(" event=")).count()).isEqualTo(3);
            assertThat(listed).contains("event=t-1", "event=t-2", "event=t-3");

            // the operator adds the type; once a probe of it is stored, the running job knows it
            Files.copy(home.resolve("metadata/types/voice.transcript.yaml"),
                    metadata.resolve("types/voice.transcript.yaml"), StandardCopyOption.REPLACE_EXISTING);
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).until(() -> {
                try (Publisher publisher = new Publisher(bootstrap, pipeline.config.kafka().topic())) {
                    Envelope probe = transcript("t-probe");
                    publisher.sendAndWait(probe.keyBytes(), probe.toJsonBytes());
                }
                return servingEventIds(pipeline).contains("t-probe");
            });

            assertThat(run("dlq", "replay", "--bootstrap", bootstrap, "--reason", "unknown_type", "--tenant", "acme"))
                    .startsWith("replayed ");
            assertThat(run("dlq", "replay", "--bootstrap", bootstrap, "--reason", "unknown_type", "--tenant", "acme"))
                    .startsWith("replayed ");

            await().atMost(PATIENCE).until(() -> lakeEventIds(pipeline).size() >= 4);
            // settle: every replayed record went through, and a checkpoint more committed the lake
            await().during(Duration.ofSeconds(4)).atMost(PATIENCE).until(() -> lakeEventIds(pipeline).size() == 4);
            assertThat(servingEventIds(pipeline)).containsExactly("t-1", "t-2", "t-3", "t-probe");
            assertThat(lakeEventIds(pipeline)).containsExactlyInAnyOrder("t-1", "t-2", "t-3", "t-probe");

            // the audit: every record read (originals, probes, both replays) is a row, a duplicate or a dead letter
            pipeline.probe().awaitCaughtUp(PATIENCE);
            String jdbc = pipeline.config.serving().jdbcUrl();
            String audit = run("audit", "--bootstrap", bootstrap, "--jdbc-url", jdbc);
            assertThat(audit).contains("every record accounted for exactly once");
            assertThat(audit).containsPattern("audited \\d+ records of conversation-events .*: 4 stored, "
                    + "\\d+ duplicates, \\d+ dead letters");
            job.cancel().get(60, TimeUnit.SECONDS);

            // a lost row is found, by its offset
            try (Connection connection = DriverManager.getConnection(jdbc, pipeline.config.serving().user(),
                    pipeline.config.serving().password())) {
                connection.createStatement().executeUpdate("DELETE FROM conversation_events WHERE event_id = 't-2'");
            }
            StringWriter out = new StringWriter();
            int exit = Main.commandLine().setOut(new PrintWriter(out)).execute("audit", "--bootstrap", bootstrap,
                    "--jdbc-url", jdbc);
            assertThat(exit).isEqualTo(1);
            assertThat(out.toString()).contains("NOT ACCOUNTED FOR: 1 records (first: conversation-events-");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Envelope transcript(String eventId) {
        return new Envelope(eventId, "acme", "call-7", "voice.transcript", null, null,
                Instant.parse("2026-12-04T10:00:00Z"), "voice", "customer", "u-7", Map.of("call_id", "call-7",
                        "segments", List.of(Map.of("speaker", "customer", "start_ms", 0, "end_ms", 900,
                                "text", "hello " + eventId))));
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).execute(args);
        assertThat(exit).as("exit of %s", String.join(" ", args)).isZero();
        return out.toString();
    }

    private static List<String> servingEventIds(EmbeddedPipeline pipeline) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(pipeline.config.serving().jdbcUrl(),
                pipeline.config.serving().user(), pipeline.config.serving().password());
                ResultSet rows = connection.createStatement().executeQuery("SELECT event_id FROM "
                        + "conversation_events WHERE conversation_id = 'call-7' ORDER BY event_id")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static List<String> lakeEventIds(EmbeddedPipeline pipeline) throws Exception {
        return LakeCatalogs.with(pipeline.config.lake(), catalog -> {
            List<String> ids = new ArrayList<>();
            try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(
                    EventsTable.identifier(pipeline.config.lake()))).where(Expressions.equal("conversation_id",
                            "call-7")).build()) {
                rows.forEach(r -> {
                    if ("call-7".equals(r.getField("conversation_id"))) {
                        ids.add((String) r.getField("event_id"));
                    }
                });
            }
            return ids;
        });
    }
}
