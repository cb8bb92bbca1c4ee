package io.convstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.convstore.cli.cluster.FlinkDistribution;
import io.convstore.cli.cluster.FlinkRest;
import io.convstore.cli.cluster.LocalCluster;
import io.convstore.connectors.kafka.DeadLetterTopic;
import io.convstore.sandbox.Postgres;
import io.convstore.sandbox.S3Server;
import io.convstore.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ingest job on a real standalone Flink cluster (JobManager and TaskManagers as separate processes, state and
 * savepoints on the S3 server through the S3 plugin), fed by a continuous producer, through everything operators
 * live through: two TaskManager crashes (kill -9), a PostgreSQL restart, 30 s without S3, stop-with-savepoint and
 * a new submission with changed metadata at parallelism 2 on two TaskManagers. Afterwards every produced event is
 * in the serving store, the lake and the curated topic exactly once, in order, with its conversation's state
 * (seq, dedup, session) carried across; the audit passes.
 */
class ClusterITCase {
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final String TOPIC = "conversation-events";

    @Test
    @Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
    void survivesCrashesOutagesUpgradeAndRescaleWithNothingLostOrDuplicated() throws Exception {
        Path home = FlinkDistribution.home();
        System.setProperty("convstore.home", home.toString());
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "convstore-cluster-it-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path clusterDir = dir.resolve("cluster");
        try (Sandbox sandbox = Sandbox.start(dir.resolve("data"), Postgres.Durability.THROWAWAY)) {
            sandbox.kafka().createTopics(4, TOPIC, TOPIC + ".dlq");
            Path metadata = ClusterDrill.copyMetadata(home, dir.resolve("metadata"));
            Map<String, String> options = new LinkedHashMap<>(EmbeddedPipeline.sandboxOptions(sandbox,
                    dir.resolve("data"), EmbeddedPipeline.Lake.S3));
            options.put("convstore.metadata.dir", metadata.toString());
            options.put("convstore.checkpoint.interval", "2s");
            Path jobYaml = dir.resolve("job.yaml");
            Files.writeString(jobYaml, options.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")));

            run("cluster", "start", "--dir", clusterDir.toString(), "--s3-endpoint", sandbox.s3().endpoint(),
                    "--s3-access-key", S3Server.ACCESS_KEY, "--s3-secret-key", S3Server.SECRET_KEY,
                    "--set", "taskmanager.numberOfTaskSlots=1", "--set", "taskmanager.memory.process.size=1600m");
            LocalCluster cluster = LocalCluster.open(clusterDir);
            FlinkDistribution flink = FlinkDistribution.in(home);
            FlinkRest rest = new FlinkRest(cluster.restAddress());
            ClusterDrill drill = new ClusterDrill(sandbox, options);
            try (ClusterDrill.Producer producer = drill.producer(40, 25)) {
                String job = run("submit", "--cluster-dir", clusterDir.toString(), "--config", jobYaml.toString(),
                        "--parallelism", "1").trim();
                producer.sendGarbage(3);
                producer.start();
                drill.awaitProgress("first events", 100, PATIENCE);
                drill.awaitCheckpoints(rest, job, 2, PATIENCE);
                await().atMost(PATIENCE).until(() -> ClusterDrill.scrapeMetrics(cluster)
                        .contains("convstore_sessions_opened"));

                // two crashes: the TaskManager dies without a word, a new one takes its place
                String victim = "taskmanager-1";
                for (int crash = 1; crash <= 2; crash++) {
                    cluster.kill(victim);
                    String successor = cluster.startTaskManager(flink);
                    drill.awaitProgress("after kill -9 of " + victim, 150, PATIENCE);
                    victim = successor;
                }
                assertThat(rest.failures(job)).as("failovers after two kills").isGreaterThanOrEqualTo(2);

                sandbox.postgres().restart();
                drill.awaitProgress("after the PostgreSQL restart", 150, PATIENCE);

                long lakeBefore = drill.lakeEventIds().size();
                sandbox.s3().pause();
                // the outage's length is the drill's input (nothing to wait for: depending on where S3 calls are,
                // the job restarts, or stalls its checkpoints and carries on — both seen here)
                Thread.sleep(30_000);
                sandbox.s3().resume();
                drill.awaitProgress("after 30 s without S3", 150, PATIENCE);
                await().atMost(PATIENCE).until(() -> drill.lakeEventIds().size() > lakeBefore + 150);

                // upgrade: stop with a savepoint, change the metadata, submit at parallelism 2 on two TaskManagers
                String savepoint = run("savepoint", "--cluster-dir", clusterDir.toString(), "--job", job, "--stop")
                        .trim();
                assertThat(savepoint).startsWith("s3://convstore-lake/savepoints/");
                Set<String> beforeUpgrade = drill.lakeChatMessages().keySet();
                ClusterDrill.addReplyTargetColumn(metadata);
                run("cluster", "add-taskmanager", "--dir", clusterDir.toString());
                String upgraded = run("submit", "--cluster-dir", clusterDir.toString(), "--config",
                        jobYaml.toString(), "--parallelism", "2", "--from-savepoint", savepoint).trim();
                int producedAtUpgrade = producer.produced();
                assertThat(rest.job(upgraded).path("vertices").findValues("parallelism"))
                        .anySatisfy(p -> assertThat(p.asInt()).isEqualTo(2));
                drill.awaitProgress("after the upgrade", 200, PATIENCE);

                // a producer retry of events stored long ago: the restored dedup state recognises them
                List<ClusterDrill.Sent> resent = producer.resendFirst(20);
                drill.awaitProgress("after the resends", 100, PATIENCE);
                producer.stop();

                List<ClusterDrill.Sent> sent = producer.sent();
                drill.awaitAllStored(sent, PATIENCE);

                // serving: per conversation, seq 1..n in the order produced, each event once
                Map<String, List<String>> expected = ClusterDrill.byConversation(sent);
                assertThat(drill.servingEventIdsBySeq()).isEqualTo(expected);
                assertThat(drill.conversationRows()).containsOnlyKeys(expected.keySet())
                        .allSatisfy((conversation, row) -> {
                            long events = expected.get(conversation).size();
                            // event_count, last_seq, and one session since seq 1: order and session state survived
                            assertThat(row).as(conversation).containsExactly(events, events, 1L);
                        });
                assertThat(drill.recordedDuplicates()).containsExactlyInAnyOrderElementsOf(
                        resent.stream().map(ClusterDrill.Sent::eventId).toList());

                // lake: each event once; the column the upgrade added is filled from then on
                List<String> lake = drill.lakeEventIds();
                assertThat(lake).hasSize(sent.size()).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(sent.stream().map(ClusterDrill.Sent::eventId).toList());
                Map<String, String> chat = drill.lakeChatMessages();
                assertThat(chat).hasSize(sent.size());
                assertThat(beforeUpgrade).isNotEmpty().allSatisfy(id -> assertThat(chat.get(id)).isNull());
                assertThat(sent.subList(producedAtUpgrade, sent.size()))
                        .allSatisfy(s -> assertThat(chat.get(s.eventId())).isEqualTo("reply-" + s.eventId()));

                // curated topic (transactional): each event once for a read_committed consumer, in seq order
                assertThat(drill.curatedEventIdsBySeq()).isEqualTo(expected);

                // dead letters: the three garbage records (the topic is at-least-once: distinct by source offset)
                assertThat(DeadLetterTopic.read(sandbox.kafka().bootstrapServers(), TOPIC + ".dlq", l -> true)
                        .stream().map(s -> s.letter().sourcePartition() + "@" + s.letter().sourceOffset())
                        .distinct()).hasSize(3);

                String audit = run("audit", "--bootstrap", sandbox.kafka().bootstrapServers(), "--jdbc-url",
                        sandbox.postgres().jdbcUrl());
                assertThat(audit).contains("every record accounted for exactly once");
                run("cancel", "--cluster-dir", clusterDir.toString(), "--job", upgraded);
            } finally {
                cluster.stopAll();
            }
        } finally {
            // the processes' logs outlive the run, for whoever reads a failure
            Path keep = Path.of("target/cluster-it-logs");
            Files.createDirectories(keep);
            if (Files.isDirectory(clusterDir.resolve("log"))) {
                try (var logs = Files.list(clusterDir.resolve("log"))) {
                    for (Path log : logs.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".out"))
                            .toList()) {
                        Files.copy(log, keep.resolve(log.getFileName()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        assertThat(exit).as("exit of %s; stderr: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }
}
