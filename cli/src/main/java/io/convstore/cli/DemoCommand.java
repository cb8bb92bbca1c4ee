package io.convstore.cli;

import io.convstore.api.ApiServer;
import io.convstore.bench.TrafficGenerator;
import io.convstore.bench.TrafficSettings;
import io.convstore.metadata.RegistryLoader;
import io.convstore.sandbox.S3Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./convstore demo}: the README's first command. Starts the sandbox services, runs the ingest job on a local
 * MiniCluster with the lake on the S3 server, feeds it realistic traffic and reports progress from the stores.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the ingest job on embedded real services (Kafka, PostgreSQL, S3) and feed it realistic "
                + "conversations.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", defaultValue = "60s", description = "How long to produce (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--rate", defaultValue = "100", description = "Events per second (default: ${DEFAULT-VALUE}; see docs/benchmarks.md for what this machine sustains).")
    int rate;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the stores persist (default: ./.convstore).")
    Path dataDir;

    @Option(names = "--keep-running",
            description = "After producing, keep the services up (and print how to query them) until Ctrl-C.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        Duration produceFor = TimeUtils.parseDuration(duration);
        if (rate < 1) {
            throw new IllegalArgumentException("--rate must be at least 1, was " + rate);
        }
        Path dir = dataDir != null ? dataDir : Home.root().resolve(".convstore");
        say("starting Kafka, PostgreSQL and the S3 server (data under %s) ...", dir);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir, EmbeddedPipeline.Lake.S3, Map.of())) {
            say("Kafka %s | PostgreSQL 127.0.0.1:%d | S3 %s", pipeline.sandbox.kafka().bootstrapServers(),
                    pipeline.sandbox.postgres().port(), pipeline.sandbox.s3().endpoint());
            StoreProbe probe = pipeline.probe();
            Baseline before = new Baseline(probe.servingRows(), probe.lakeRows());
            JobClient job = pipeline.prepareJob().executeAsync(pipeline.config.jobName());
            try (ApiServer api = ApiServer.start(new ApiServer.Settings(pipeline.config.serving(),
                    pipeline.sandbox.kafka().bootstrapServers(), pipeline.config.kafka().topic(),
                    RegistryLoader.load(pipeline.config.metadataDir()), pipeline.config.payloads(), "127.0.0.1", 0,
                    16L * 1024 * 1024))) {
                String key = ApiServer.createKey(pipeline.config.serving(), "tenant-001");
                say("ingest job %s running on a local MiniCluster, HTTP API on http://127.0.0.1:%d; producing %d "
                        + "events/s for %s", job.getJobID(), api.port(), rate, duration);
                long produced = produce(pipeline, job, produceFor, before);
                say("stopped producing after %,d records; waiting for the pipeline to catch up ...", produced);
                probe.awaitCaughtUp(Duration.ofSeconds(60));
                progress(probe, job, produced, "final", before);
                account(job, produced);
                if (keepRunning) {
                    explain(pipeline);
                    explainApi(api.port(), key);
                    say("services stay up; press Ctrl-C to stop.");
                    Thread.currentThread().join();
                }
                job.cancel().get(60, TimeUnit.SECONDS);
                explain(pipeline);
                explainApi(api.port(), key);
            }
        }
        return 0;
    }

    /** A working curl example: write an event, read it back with the write's consistency token. */
    private static void explainApi(int port, String key) {
        String base = "http://127.0.0.1:" + port;
        say("The HTTP API (tenant-001's key, created for this demo; OpenAPI at %s/openapi.json), with --keep-running:",
                base);
        say("  curl -s -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' %s/v1/events -d "
                + "'{\"event_id\":\"demo-1\",\"tenant_id\":\"tenant-001\",\"conversation_id\":\"demo-1\","
                + "\"type\":\"chat.message\",\"occurred_at\":\"2026-12-04T10:00:00Z\",\"actor\":{\"role\":"
                + "\"customer\",\"id\":\"u-1\"},\"payload\":{\"text\":\"hello\"}}'", key, base);
        say("  curl -s -H 'Authorization: Bearer %s' '%s/v1/conversations/demo-1/events?min_token=<the "
                + "consistency_token it answered>'", key, base);
    }

    /** Store contents before this run, so that progress shows what this run added (the stores persist). */
    private record Baseline(long servingRows, long lakeRows) {}

    private long produce(EmbeddedPipeline pipeline, JobClient job, Duration produceFor, Baseline before)
            throws Exception {
        String run = Long.toString(System.currentTimeMillis() / 1000 % 1_000_000, 36);
        // a few hundred open conversations over a handful of tenants, one much hotter than the rest
        TrafficGenerator traffic = new TrafficGenerator(TrafficSettings.defaults(System.nanoTime(), run)
                .withConversations(300).withTenants(4, 1.2).withFaults(0.01, 0.03, 0.003));
        try (Publisher publisher = new Publisher(pipeline.sandbox.kafka().bootstrapServers(),
                pipeline.config.kafka().topic())) {
            return OpenLoop.run(traffic, publisher, rate, produceFor, Duration.ofSeconds(5),
                    (seconds, sent) -> progress(pipeline.probe(), job, sent, Math.round(seconds) + "s", before),
                    record -> { });
        }
    }

    private static void progress(StoreProbe probe, JobClient job, long produced, String label, Baseline before)
            throws Exception {
        long duplicates = JobCounters.of(job).duplicates();
        say("[%5s] produced %,d | serving +%,d rows | lake +%,d rows committed | dead letters %,d | duplicates %,d "
                + "| lag %,d", label, produced, probe.servingRows() - before.servingRows(),
                probe.lakeRows() - before.lakeRows(), probe.deadLetters(), duplicates, probe.lag());
    }

    /** Every produced record must be stored, a duplicate, or a dead letter: say whether that holds. */
    private static void account(JobClient job, long produced) throws Exception {
        JobCounters counters = JobCounters.settled(job, produced);
        say("accounting: %,d accepted + %,d duplicates + %,d dead letters = %,d of %,d produced%s",
                counters.accepted(), counters.duplicates(), counters.deadLetters(), counters.total(), produced,
                counters.total() == produced ? " (all accounted for)" : " (MISMATCH: see the log)");
    }

    private static void explain(EmbeddedPipeline pipeline) {
        int port = pipeline.sandbox.postgres().port();
        say("");
        say("Where the data is:");
        say("  serving store  PostgreSQL data directory %s (database convstore)", pipeline.sandbox.postgres().dataDir());
        say("  lake           Iceberg table convstore.events on the S3 server, objects under %s",
                pipeline.dataDir.resolve("s3").toAbsolutePath());
        say("  dead letters   Kafka topic %s (the broker is in-memory: it ends with the demo)",
                pipeline.config.kafka().deadLetterTopic());
        say("  curated        Kafka topic %s: every accepted event once, in order (read_committed)",
                pipeline.config.kafka().curatedTopic());
        say("  sessions       conversations.status/kpis; lake tables convstore.conversation_summaries, "
                + "convstore.tenant_traffic");
        say("How to look at it (while the services run: use --keep-running):");
        say("  psql -h 127.0.0.1 -p %d -U postgres convstore -c \"SELECT tenant_id, count(*) FROM conversations "
                + "GROUP BY 1\"", port);
        say("  psql -h 127.0.0.1 -p %d -U postgres convstore -c \"SELECT seq, type, actor_role, payload->>'text' "
                + "FROM conversation_events WHERE tenant_id = 'tenant-001' ORDER BY conversation_id, seq LIMIT 20\"", port);
        say("  psql -h 127.0.0.1 -p %d -U postgres convstore -c \"SELECT conversation_id, status, "
                + "kpis->>'event_count' AS events, kpis->>'first_response_ms' AS first_response_ms "
                + "FROM conversations LIMIT 20\"", port);
        String bootstrap = pipeline.sandbox.kafka().bootstrapServers();
        String jdbc = pipeline.config.serving().jdbcUrl();
        String s3 = String.format("--s3-endpoint %s --s3-access-key %s --s3-secret-key %s",
                pipeline.sandbox.s3().endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY);
        say("  ./convstore conversation show --jdbc-url %s %s --tenant tenant-001 --conversation <id>", jdbc, s3);
        say("  ./convstore dlq list --bootstrap %s", bootstrap);
        say("  ./convstore dlq replay --bootstrap %s %s --reason unknown_type --dry-run", bootstrap, s3);
        say("  ./convstore audit --bootstrap %s --jdbc-url %s", bootstrap, jdbc);
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }
}
