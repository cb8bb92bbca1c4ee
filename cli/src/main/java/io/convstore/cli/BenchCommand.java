package io.convstore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.convstore.bench.TrafficGenerator;
import io.convstore.bench.TrafficSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./convstore bench SCENARIO}: the ingest job on embedded services under generated open-loop load, measured
 * from the stores — throughput, lag over time, produce-to-visible latency in the serving store — with the
 * results written as JSON under {@code bench/results/}. The baselines and plots of the benchmark issue are still
 * to come; {@code smoke} keeps this harness working in CI.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark scenario on embedded services and write its results as JSON.")
final class BenchCommand implements Callable<Integer> {

    /** Preset loads; options override them. */
    enum Scenario {
        /** Seconds of light load: proves the harness works (CI). */
        SMOKE(300, 10, 1_000),
        /** A minute at a set rate over 100,000 open conversations. */
        SUSTAINED(5_000, 60, 100_000),
        /**
         * Side by side with the baselines on {@code --events} queued records (rate: unused), then a minute of
         * open-loop load at half the measured capacity with page reads: the numbers of docs/benchmarks.md.
         */
        FULL(0, 60, 100_000),
        /** How well large payloads compress, in the job (zstd) and in PostgreSQL (TOAST pglz, lz4). */
        COMPRESSION(0, 0, 1),
        /** Keyed state and checkpoints with 100,000 open conversations, on the heap and on RocksDB. */
        STATE(0, 0, 100_000),
        /** Write→readable and page-read latency through the HTTP API while generated traffic flows in. */
        API(200, 60, 10_000);

        final int rate;
        final int seconds;
        final int conversations;

        Scenario(int rate, int seconds, int conversations) {
            this.rate = rate;
            this.seconds = seconds;
            this.conversations = conversations;
        }
    }

    /** One sample of the run's progress; serving rows count this run's measured rows only. */
    record Sample(double seconds, long produced, long servingRows, long lakeRows, long lag) {}

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "smoke, sustained, full, compression, state or api.")
    Scenario scenario;

    @Option(names = "--rate", description = "Events per second (default: the scenario's).")
    Integer rate;

    @Option(names = "--seconds", description = "How long to produce (default: the scenario's).")
    Integer seconds;

    @Option(names = "--conversations", description = "Open conversations (default: the scenario's).")
    Integer conversations;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the stores go (default: a new directory "
            + "under .convstore).")
    Path dataDir;

    @Option(names = "--results-dir", paramLabel = "DIR", description = "Where results go (default: bench/results).")
    Path resultsDir;

    @Option(names = "--events", description = "Queued records for the capacity runs of 'full' (default: "
            + "${DEFAULT-VALUE}).")
    int events = 30_000;

    @Mixin
    BurstOptions bursts;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A job option for this run, e.g. "
            + "--set convstore.checkpoint.interval=10s (repeatable); recorded in the results.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        int targetRate = rate != null ? rate : scenario.rate;
        int duration = seconds != null ? seconds : scenario.seconds;
        int open = conversations != null ? conversations : scenario.conversations;
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String name = scenario.name().toLowerCase(java.util.Locale.ROOT);
        Path dir = dataDir != null ? dataDir : Home.root().resolve(".convstore").resolve("bench-" + name + "-" + stamp);
        String run = "b" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        TrafficGenerator traffic = new TrafficGenerator(TrafficSettings.defaults(42L, run).withConversations(open));
        if (scenario == Scenario.FULL) {
            return full(dir, duration, open, run, name, stamp);
        }
        if (scenario == Scenario.API) {
            return measured(name, stamp, (measured, say) -> measured.putAll(ApiBench.run(dir, targetRate, duration,
                    run, say)));
        }
        if (scenario == Scenario.STATE) {
            return measured(name, stamp, (measured, say) -> {
                for (String backend : List.of("hashmap", "rocksdb")) {
                    measured.put(backend, StateBench.run(dir.resolve(backend), open, backend,
                            run + backend.charAt(0), say));
                }
            });
        }
        if (scenario == Scenario.COMPRESSION) {
            return measured(name, stamp, (measured, say) -> measured.putAll(CompressionBench.run(dir, 300)));
        }
        var out = spec.commandLine().getOut();
        out.printf("bench %s: %,d events/s for %d s over %,d conversations; stores under %s%n", name, targetRate,
                duration, open, dir);
        out.flush();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir, EmbeddedPipeline.Lake.S3, overrides)) {
            JobClient job = pipeline.prepareJob().executeAsync("convstore-bench-" + name);
            StoreProbe probe = pipeline.probe();
            long warmUp = warmUp(pipeline, probe, run);
            out.printf("warm-up: %,d records through the pipeline; measuring from now%n", warmUp);
            long baseline = probe.servingRows();
            List<Sample> samples = new ArrayList<>();
            long start = System.nanoTime();
            long produced;
            try (Publisher publisher = new Publisher(pipeline.sandbox.kafka().bootstrapServers(),
                    pipeline.config.kafka().topic())) {
                produced = OpenLoop.run(traffic, publisher, targetRate, bursts.bursts(), Duration.ofSeconds(duration),
                        Duration.ofSeconds(2), (seconds, sent) -> {
                            Sample last = sample(probe, start, sent, baseline);
                            samples.add(last);
                            out.printf("[%5.1fs] produced %,d | serving %,d | lake %,d | lag %,d%n", last.seconds(),
                                    last.produced(), last.servingRows(), last.lakeRows(), last.lag());
                            out.flush();
                        }, record -> { });
            }
            double producedSeconds = (System.nanoTime() - start) / 1e9;
            probe.awaitCaughtUp(Duration.ofSeconds(120));
            samples.add(sample(probe, start, produced, baseline));
            JobCounters counters = JobCounters.settled(job, produced + warmUp);
            job.cancel().get(60, TimeUnit.SECONDS);
            Map<String, Object> results = results(name, targetRate, duration, open, produced, warmUp,
                    producedSeconds, samples, counters, latency(pipeline, run));
            results.put("options", overrides);
            Path written = write(results, name, stamp);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                    Map.of("accounted", results.get("accounted"), "visibility_latency_ms",
                            results.get("visibility_latency_ms"), "events_per_second_stored",
                            results.get("events_per_second_stored"))));
            out.println("results: " + written);
            out.flush();
            return Boolean.TRUE.equals(results.get("accounted")) ? 0 : 1;
        }
    }

    private int full(Path dir, int duration, int open, String run, String name, String stamp) throws Exception {
        var out = spec.commandLine().getOut();
        out.printf("bench full: %,d queued records over %,d conversations, then %d s at half capacity; stores "
                + "under %s%n", events, open, duration, dir);
        out.flush();
        Path results = resultsDir();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(dir, EmbeddedPipeline.Lake.S3, overrides)) {
            Map<String, Object> measured = new LinkedHashMap<>();
            measured.put("scenario", name);
            measured.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                    "max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024)));
            measured.put("settings", Map.of("events", events, "conversations", open, "latency_seconds", duration));
            measured.put("options", overrides);
            measured.putAll(new FullBenchmark(pipeline, out, events, open, duration, run, bursts.bursts())
                    .run(results, stamp));
            out.println("results: " + write(measured, name, stamp));
            out.println("charts: " + results.resolve("*-" + stamp + ".png"));
            out.flush();
            @SuppressWarnings("unchecked")
            var convstore = (Map<String, Object>) ((Map<String, Object>) measured.get("capacity")).get("convstore");
            return Boolean.TRUE.equals(convstore.get("accounted")) ? 0 : 1;
        }
    }

    /**
     * Sends a little traffic of its own and waits until it is checkpointed: the job's start-up (operators
     * deploying, first checkpoint, JDBC connections) is not what a benchmark of steady ingest should measure.
     */
    static long warmUp(EmbeddedPipeline pipeline, StoreProbe probe, String run) throws Exception {
        TrafficGenerator warm = new TrafficGenerator(TrafficSettings.defaults(7L, "w" + run).withConversations(50)
                .withFaults(0, 0, 0));
        long sent = 0;
        try (Publisher publisher = new Publisher(pipeline.sandbox.kafka().bootstrapServers(),
                pipeline.config.kafka().topic())) {
            while (sent < 200) {
                for (TrafficGenerator.Generated record : warm.next()) {
                    publisher.send(record.key(), record.value());
                    sent++;
                }
            }
            publisher.flush();
        }
        probe.awaitCaughtUp(Duration.ofSeconds(180));
        return sent;
    }

    private static Sample sample(StoreProbe probe, long start, long produced, long baseline) throws Exception {
        return new Sample((System.nanoTime() - start) / 1e9, produced, probe.servingRows() - baseline,
                probe.lakeRows(), probe.lag());
    }

    /** Produce-to-visible latency of this run's rows: serving commit time minus the Kafka record timestamp. */
    private static Map<String, Object> latency(EmbeddedPipeline pipeline, String run) throws Exception {
        String sql = "SELECT count(*), percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ms), max(ms) "
                + "FROM (SELECT extract(epoch FROM ingested_at - kafka_timestamp) * 1000 AS ms "
                + "FROM conversation_events WHERE conversation_id LIKE ?) l";
        try (Connection connection = DriverManager.getConnection(pipeline.config.serving().jdbcUrl(),
                pipeline.config.serving().user(), pipeline.config.serving().password());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "c-" + run + "-%");
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                Map<String, Object> latency = new LinkedHashMap<>();
                latency.put("rows", rows.getLong(1));
                Double[] percentiles = rows.getArray(2) == null ? new Double[3]
                        : (Double[]) rows.getArray(2).getArray();
                latency.put("p50", percentiles[0]);
                latency.put("p95", percentiles[1]);
                latency.put("p99", percentiles[2]);
                latency.put("max", rows.getObject(3));
                return latency;
            }
        }
    }

    private static Map<String, Object> results(String name, int rate, int duration, int conversations, long produced,
            long warmUp, double producedSeconds, List<Sample> samples, JobCounters counters,
            Map<String, Object> latency) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("scenario", name);
        results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        results.put("settings", Map.of("rate", rate, "seconds", duration, "conversations", conversations));
        results.put("produced", produced);
        results.put("warm_up_records", warmUp);
        results.put("accepted", counters.accepted());
        results.put("duplicates", counters.duplicates());
        results.put("dead_letters", counters.deadLetters());
        results.put("accounted", counters.total() == produced + warmUp);
        Sample last = samples.get(samples.size() - 1);
        results.put("events_per_second_produced", Math.round(produced / producedSeconds));
        results.put("events_per_second_stored", Math.round(last.servingRows() / last.seconds()));
        results.put("visibility_latency_ms", latency);
        results.put("samples", samples);
        return results;
    }

    private Path resultsDir() throws Exception {
        Path dir = resultsDir != null ? resultsDir : Home.root().resolve("bench/results");
        Files.createDirectories(dir);
        return dir;
    }

    /** What a scenario measures into its results, saying what it does as it goes. */
    private interface Measurement {
        void run(Map<String, Object> measured, java.util.function.Consumer<String> say) throws Exception;
    }

    /** Runs a scenario that measures one thing, prints its results and writes them under bench/results. */
    private int measured(String name, String stamp, Measurement measurement) throws Exception {
        var out = spec.commandLine().getOut();
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("scenario", name);
        measurement.run(measured, line -> {
            out.println(line);
            out.flush();
        });
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(measured));
        out.println("results: " + write(measured, name, stamp));
        out.flush();
        return 0;
    }

    private Path write(Map<String, Object> results, String name, String stamp) throws Exception {
        Path dir = resultsDir();
        Path file = dir.resolve(name + "-" + stamp + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), results);
        return file;
    }
}
