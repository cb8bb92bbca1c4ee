package io.convstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convstore.bench.TrafficGenerator;
import io.convstore.bench.TrafficSettings;
import io.convstore.connectors.lake.EventsTable;
import io.convstore.connectors.lake.LakeCatalogs;
import io.convstore.jobs.IngestConfig;
import io.convstore.sandbox.Ports;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code ./convstore bench full}: convstore side by side with its baselines on the same data and machine, then
 * under open-loop load at half its capacity.
 *
 * <ol>
 *   <li>fill the input topic with {@code events} generated records (Zipf tenants, realistic sizes, retries and
 *       out-of-order events; no broken records, which the plain SQL baseline cannot survive);
 *   <li>capacity: a plain Kafka consumer reads them all; convstore (bounded) ingests them all; binary {@code COPY}
 *       loads convstore's rows again; the plain Flink SQL job ingests them all;
 *   <li>latency: convstore runs unbounded, the generator sends at half convstore's capacity, a reader pages
 *       through conversations meanwhile; visibility latency in PostgreSQL and the lake, checkpoint durations,
 *       CPU and memory.
 * </ol>
 */
final class FullBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One progress sample. */
    record Sample(double seconds, long produced, long rows, long lakeRows, long lag, double processCpu,
            double machineCpu, long heapMb) {}

    private final EmbeddedPipeline pipeline;
    private final PrintWriter out;
    private final int events;
    private final int conversations;
    private final int latencySeconds;
    private final String run;
    private final OpenLoop.Bursts bursts;

    FullBenchmark(EmbeddedPipeline pipeline, PrintWriter out, int events, int conversations, int latencySeconds,
            String run, OpenLoop.Bursts bursts) {
        this.bursts = bursts;
        this.pipeline = pipeline;
        this.out = out;
        this.events = events;
        this.conversations = conversations;
        this.latencySeconds = latencySeconds;
        this.run = run;
    }

    Map<String, Object> run(Path charts, String stamp) throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        List<String[]> keys = fill();
        say("filled %s with %,d records over %,d conversations", pipeline.config.kafka().topic(), events,
                conversations);

        Map<String, Object> kafka = kafkaConsumer();
        say("kafka consumer: %,.0f records/s (%,.1f MB/s)", kafka.get("records_per_second"), kafka.get("mb_per_second"));

        IngestConfig bounded = pipeline.configWith(Map.of("convstore.kafka.bounded", "true"));
        List<Sample> convstoreSamples = new ArrayList<>();
        long start = System.nanoTime();
        JobExecutionResult finished;
        try (Sampler sampler = new Sampler(convstoreSamples, () -> count("conversation_events"), () -> 0L)) {
            JobClient job = EmbeddedPipeline.prepareJob(bounded).executeAsync("convstore-bench-capacity");
            finished = job.getJobExecutionResult().get(30, TimeUnit.MINUTES);
        }
        double convstoreWall = (System.nanoTime() - start) / 1e9;
        JobCounters counters = JobCounters.of(finished.getAllAccumulatorResults());
        ServingBench.WriteRate convstore = ServingBench.writeRate(pipeline.config.serving(), "conversation_events");
        say("convstore: %,d records in %.1f s with start-up (%,.0f/s); serving rows %,d at %,.0f rows/s",
                events, convstoreWall, events / convstoreWall, convstore.rows(), convstore.perSecond());

        ServingBench.WriteRate copy = ServingBench.copyCeiling(pipeline.config.serving());
        say("binary COPY of the same rows: %,.0f rows/s", copy.perSecond());

        List<Sample> baselineSamples = new ArrayList<>();
        start = System.nanoTime();
        try (Sampler sampler = new Sampler(baselineSamples, () -> count(SqlBaseline.TABLE), () -> 0L)) {
            SqlBaseline.run(pipeline.config);
        }
        double baselineWall = (System.nanoTime() - start) / 1e9;
        ServingBench.WriteRate baseline = ServingBench.writeRate(pipeline.config.serving(), SqlBaseline.TABLE);
        long baselineLake = EventsTable.committedRecords(SqlBaseline.lake(pipeline.config));
        say("plain Flink SQL: %,d records in %.1f s with start-up (%,.0f/s); serving rows %,d at %,.0f rows/s; "
                + "lake rows %,d", events, baselineWall, events / baselineWall, baseline.rows(), baseline.perSecond(),
                baselineLake);

        Map<String, Object> capacity = new LinkedHashMap<>();
        capacity.put("records", events);
        capacity.put("kafka_consumer", kafka);
        capacity.put("convstore", Map.of("wall_seconds", round(convstoreWall),
                "records_per_second_wall", round(events / convstoreWall), "serving_rows", convstore.rows(),
                "serving_rows_per_second", round(convstore.perSecond()), "accepted", counters.accepted(),
                "duplicates", counters.duplicates(), "dead_letters", counters.deadLetters(),
                "accounted", counters.total() == events, "lake_rows",
                EventsTable.committedRecords(pipeline.config.lake())));
        capacity.put("plain_flink_sql", Map.of("wall_seconds", round(baselineWall),
                "records_per_second_wall", round(events / baselineWall), "serving_rows", baseline.rows(),
                "serving_rows_per_second", round(baseline.perSecond()), "lake_rows", baselineLake));
        capacity.put("copy", Map.of("rows", copy.rows(), "rows_per_second", round(copy.perSecond())));
        capacity.put("ratios", Map.of(
                "convstore_to_plain_flink_sql_wall", round(baselineWall / convstoreWall),
                "convstore_to_plain_flink_sql_serving", round(convstore.perSecond() / baseline.perSecond()),
                "serving_writes_to_copy", round(convstore.perSecond() / copy.perSecond()),
                "convstore_to_kafka_consumer", round(events / convstoreWall
                        / (Double) kafka.get("records_per_second"))));
        capacity.put("samples", Map.of("convstore", convstoreSamples, "plain_flink_sql", baselineSamples));
        results.put("capacity", capacity);
        BenchCharts.write(charts.resolve("capacity-" + stamp + ".png"), "Capacity: serving rows over time, "
                + String.format("%,d", events) + " queued records", "seconds since start", "rows",
                List.of(series("convstore", convstoreSamples), series("plain Flink SQL", baselineSamples)));

        int halfRate = (int) Math.max(1, Math.round(Math.min(convstore.perSecond(), events / convstoreWall) / 2));
        results.put("latency", latency(halfRate, keys, charts, stamp));
        return results;
    }

    /** Publishes the capacity data set as fast as the broker takes it; returns some conversation keys. */
    private List<String[]> fill() throws Exception {
        TrafficGenerator traffic = new TrafficGenerator(TrafficSettings.defaults(42L, run)
                .withConversations(conversations).withFaults(0.01, 0.02, 0));
        Set<String> keys = new LinkedHashSet<>();
        long sent = 0;
        try (Publisher publisher = new Publisher(pipeline.sandbox.kafka().bootstrapServers(),
                pipeline.config.kafka().topic())) {
            while (sent < events) {
                for (TrafficGenerator.Generated record : traffic.next()) {
                    if (sent < events) {
                        publisher.send(record.key(), record.value());
                        if (keys.size() < 20_000) {
                            keys.add(new String(record.key(), StandardCharsets.UTF_8));
                        }
                        sent++;
                    }
                }
            }
            publisher.flush();
        }
        return keys.stream().map(k -> k.split("/", 2)).toList();
    }

    /** The ceiling of reading: a plain consumer reading every record of the topic from the start. */
    private Map<String, Object> kafkaConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.sandbox.kafka().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(pipeline.config.kafka().topic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            long bytes = 0;
            long start = System.nanoTime();
            while (records < events) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    bytes += record.value().length + (record.key() == null ? 0 : record.key().length);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return Map.of("records", records, "seconds", round(seconds), "records_per_second",
                    round(records / seconds), "mb_per_second", round(bytes / seconds / 1e6),
                    "mean_record_bytes", bytes / records);
        }
    }

    private Map<String, Object> latency(int rate, List<String[]> keys, Path charts, String stamp) throws Exception {
        int restPort = Ports.free();
        IngestConfig live = pipeline.configWith(Map.of("rest.port", Integer.toString(restPort),
                "rest.bind-port", Integer.toString(restPort)));
        // the bounded run does not commit its final offsets; start the live job (and the lag probe) at the end
        pipeline.probe().commitEndOffsets();
        say("latency: convstore live at %,d records/s (half its capacity) for %d s, with page reads", rate,
                latencySeconds);
        JobClient job = EmbeddedPipeline.prepareJob(live).executeAsync("convstore-bench-latency");
        StoreProbe probe = pipeline.probe();
        BenchCommand.warmUp(pipeline, probe, run);
        long phaseStart = System.currentTimeMillis();
        AtomicLong produced = new AtomicLong();
        List<Sample> samples = new ArrayList<>();
        ServingBench.PageReader reader = new ServingBench.PageReader(pipeline.config.serving(), keys);
        Thread readerThread = new Thread(reader, "bench-page-reader");
        TrafficGenerator traffic = new TrafficGenerator(TrafficSettings.defaults(43L, "l" + run)
                .withConversations(conversations));
        try (Sampler sampler = new Sampler(samples, () -> countSince("conversation_events", phaseStart),
                produced::get);
                Publisher publisher = new Publisher(pipeline.sandbox.kafka().bootstrapServers(),
                        pipeline.config.kafka().topic())) {
            readerThread.start();
            produced.set(OpenLoop.run(traffic, publisher, rate, bursts, Duration.ofSeconds(latencySeconds),
                    Duration.ofMillis(500), (seconds, sent) -> produced.set(sent), record -> { }));
            reader.stop();
            readerThread.join();
            probe.awaitCaughtUp(Duration.ofSeconds(180));
            Thread.sleep(2_500); // one more sample after the drain
        }
        Map<String, Object> checkpoints = checkpoints(restPort, job);
        job.cancel().get(60, TimeUnit.SECONDS);
        List<Double> visibility = servingLatencies(phaseStart);
        List<Double> lake = lakeLatencies(phaseStart);
        List<Double> reads = reader.latencies();
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("rate", rate);
        latency.put("seconds", latencySeconds);
        latency.put("bursts", bursts == OpenLoop.Bursts.NONE ? "none" : bursts.toString());
        latency.put("serving_visibility_ms", percentiles(visibility));
        latency.put("lake_visibility_ms", percentiles(lake));
        latency.put("page_read_ms", percentiles(reads));
        latency.put("checkpoints", checkpoints);
        latency.put("process_cpu_mean", round(samples.stream().mapToDouble(Sample::processCpu).average().orElse(0)));
        latency.put("machine_cpu_mean", round(samples.stream().mapToDouble(Sample::machineCpu).average().orElse(0)));
        latency.put("heap_mb_max", samples.stream().mapToLong(Sample::heapMb).max().orElse(0));
        latency.put("samples", samples);
        say("serving visibility p50 %s ms, p99 %s ms; lake p50 %s ms; page reads p50 %s ms, p99 %s ms",
                percentile(visibility, 50), percentile(visibility, 99), percentile(lake, 50), percentile(reads, 50),
                percentile(reads, 99));
        BenchCharts.write(charts.resolve("latency-load-" + stamp + ".png"), "Open loop at " + rate
                + " records/s: throughput and lag", "seconds", "records/s, records",
                List.of(rateSeries("produced/s", samples, true), rateSeries("stored/s", samples, false),
                        lagSeries(samples)));
        BenchCharts.write(charts.resolve("latency-cdf-" + stamp + ".png"), "Produce-to-visible latency (serving "
                + "store), cumulative", "milliseconds", "share of events (%)", List.of(cdf("serving", visibility),
                        cdf("page reads", reads)));
        return latency;
    }

    private List<Double> servingLatencies(long sinceMillis) throws Exception {
        String sql = "SELECT extract(epoch FROM ingested_at - kafka_timestamp) * 1000 FROM conversation_events "
                + "WHERE kafka_timestamp >= to_timestamp(? / 1000.0)";
        List<Double> values = new ArrayList<>();
        try (Connection connection = ServingBench.connect(pipeline.config.serving());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, sinceMillis);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getDouble(1));
                }
            }
        }
        return values;
    }

    /** Per row appended after {@code sinceMillis}: its snapshot's commit time minus its Kafka timestamp. */
    private List<Double> lakeLatencies(long sinceMillis) throws Exception {
        return LakeCatalogs.with(pipeline.config.lake(), catalog -> {
            Table table = catalog.loadTable(EventsTable.identifier(pipeline.config.lake()));
            List<Double> values = new ArrayList<>();
            for (Snapshot snapshot : table.snapshots()) {
                if (snapshot.timestampMillis() < sinceMillis || snapshot.parentId() == null) {
                    continue;
                }
                try (CloseableIterable<Record> rows = IcebergGenerics.read(table).select("kafka_timestamp")
                        .appendsBetween(snapshot.parentId(), snapshot.snapshotId()).build()) {
                    for (Record row : rows) {
                        long kafkaMillis = ((OffsetDateTime) row.getField("kafka_timestamp")).toInstant()
                                .toEpochMilli();
                        if (kafkaMillis >= sinceMillis) {
                            values.add((double) (snapshot.timestampMillis() - kafkaMillis));
                        }
                    }
                }
            }
            return values;
        });
    }

    /** Checkpoint statistics from the MiniCluster's REST API (the same numbers as the Flink web UI). */
    private static Map<String, Object> checkpoints(int restPort, JobClient job) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + restPort + "/jobs/" + job.getJobID() + "/checkpoints")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            JsonNode duration = body.path("summary").path("end_to_end_duration");
            JsonNode size = body.path("summary").path("state_size");
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("completed", body.path("counts").path("completed").asLong());
            result.put("failed", body.path("counts").path("failed").asLong());
            result.put("duration_ms_p50", duration.path("p50").asDouble());
            result.put("duration_ms_p99", duration.path("p99").asDouble());
            result.put("duration_ms_max", duration.path("max").asDouble());
            result.put("state_bytes_max", size.path("max").asLong());
            return result;
        } catch (Exception e) {
            return Map.of("error", String.valueOf(e.getMessage()));
        }
    }

    private long lakeRows() throws Exception {
        try {
            return pipeline.probe().lakeRows();
        } catch (org.apache.iceberg.exceptions.NoSuchTableException e) {
            return 0; // not created until the job starts
        }
    }

    private long count(String table) throws Exception {
        try (Connection connection = ServingBench.connect(pipeline.config.serving());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // the baseline table does not exist until its run starts
        }
    }

    private long countSince(String table, long sinceMillis) throws Exception {
        try (Connection connection = ServingBench.connect(pipeline.config.serving());
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM " + table
                        + " WHERE kafka_timestamp >= to_timestamp(? / 1000.0)")) {
            statement.setLong(1, sinceMillis);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Samples progress, lag, CPU and heap every second on its own thread, so slow queries never hold up load. */
    private final class Sampler implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final long start = System.nanoTime();

        interface Count {
            long get() throws Exception;
        }

        Sampler(List<Sample> into, Count rows, Count produced) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            var memory = ManagementFactory.getMemoryMXBean();
            timer.scheduleAtFixedRate(() -> {
                try {
                    Sample sample = new Sample(round((System.nanoTime() - start) / 1e9), produced.get(), rows.get(),
                            lakeRows(), pipeline.probe().lag(), round(os.getProcessCpuLoad()),
                            round(os.getCpuLoad()), memory.getHeapMemoryUsage().getUsed() >> 20);
                    synchronized (into) {
                        into.add(sample);
                    }
                    if (into.size() % 5 == 0) {
                        say("[%5.1fs] produced %,d | rows %,d | lake %,d | lag %,d | cpu %.0f%%", sample.seconds(),
                                sample.produced(), sample.rows(), sample.lakeRows(), sample.lag(),
                                sample.machineCpu() * 100);
                    }
                } catch (Exception e) {
                    say("sample failed: %s", e.getMessage());
                }
            }, 0, 1, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            timer.shutdown();
            timer.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static BenchCharts.Series series(String label, List<Sample> samples) {
        return new BenchCharts.Series(label, samples.stream().mapToDouble(Sample::seconds).toArray(),
                samples.stream().mapToDouble(Sample::rows).toArray());
    }

    private static BenchCharts.Series rateSeries(String label, List<Sample> samples, boolean produced) {
        double[] x = new double[Math.max(0, samples.size() - 1)];
        double[] y = new double[x.length];
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            double dt = Math.max(1e-3, b.seconds() - a.seconds());
            x[i - 1] = b.seconds();
            y[i - 1] = produced ? (b.produced() - a.produced()) / dt : (b.rows() - a.rows()) / dt;
        }
        return new BenchCharts.Series(label, x, y);
    }

    private static BenchCharts.Series lagSeries(List<Sample> samples) {
        return new BenchCharts.Series("not yet checkpointed (committed-offset lag)", samples.stream().mapToDouble(Sample::seconds)
                .toArray(), samples.stream().mapToDouble(Sample::lag).toArray());
    }

    private static BenchCharts.Series cdf(String label, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double[] x = new double[101];
        double[] y = new double[101];
        for (int p = 0; p <= 100; p++) {
            x[p] = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, p * sorted.size() / 100));
            y[p] = p;
        }
        return new BenchCharts.Series(label, x, y);
    }

    static Map<String, Object> percentiles(List<Double> values) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("count", values.size());
        for (int p : new int[] {50, 95, 99}) {
            result.put("p" + p, percentile(values, p));
        }
        result.put("max", values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        return result;
    }

    /** Nearest-rank percentile, rounded to 0.1. */
    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Math.round(sorted.get(Math.max(0, rank - 1)) * 10) / 10.0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.printf(format + "%n", args);
            out.flush();
        }
    }
}
