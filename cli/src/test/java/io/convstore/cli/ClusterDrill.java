package io.convstore.cli;

import static org.awaitility.Awaitility.await;

import io.convstore.cli.cluster.FlinkRest;
import io.convstore.cli.cluster.LocalCluster;
import io.convstore.connectors.lake.EventsTable;
import io.convstore.connectors.lake.LakeCatalogs;
import io.convstore.event.Envelope;
import io.convstore.jobs.IngestConfig;
import io.convstore.sandbox.Sandbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What {@link ClusterITCase} drives and reads: a continuous producer of chat messages with known ids, and the stores
 * read back as "seq:event_id" lists per conversation, so one comparison checks presence, uniqueness and order.
 */
final class ClusterDrill {
    private final Sandbox sandbox;
    private final IngestConfig config;

    ClusterDrill(Sandbox sandbox, Map<String, String> jobOptions) {
        this.sandbox = sandbox;
        this.config = IngestConfig.fromMap(jobOptions);
    }

    /** One produced event: its id, its conversation ({@code tenant/conversation}) and the record as sent. */
    record Sent(String eventId, String conversation, byte[] key, byte[] value) {}

    /** Produces round-robin over {@code conversations} conversations of two tenants at {@code perSecond}. */
    Producer producer(int conversations, int perSecond) {
        return new Producer(new Publisher(sandbox.kafka().bootstrapServers(), config.kafka().topic()), conversations,
                perSecond);
    }

    static final class Producer implements AutoCloseable {
        private final Publisher publisher;
        private final int conversations;
        private final long pauseNanos;
        private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Exception failure;

        Producer(Publisher publisher, int conversations, int perSecond) {
            this.publisher = publisher;
            this.conversations = conversations;
            this.pauseNanos = 1_000_000_000L / perSecond;
            this.thread = new Thread(this::produce, "cluster-it-producer");
        }

        void start() {
            thread.start();
        }

        private void produce() {
            long next = System.nanoTime();
            for (int n = 0; running; n++) {
                int c = n % conversations;
                String tenant = "tenant-" + (c % 2 + 1);
                String conversation = String.format("conv-%02d", c);
                String eventId = conversation + "-" + (n / conversations + 1);
                Envelope envelope = new Envelope(eventId, tenant, conversation, "chat.message", null, null,
                        Instant.now(), "chat", n % 2 == 0 ? "customer" : "agent", "user-" + c,
                        Map.of("text", "message " + n, "in_reply_to", "reply-" + eventId));
                Sent record = new Sent(eventId, tenant + "/" + conversation, envelope.keyBytes(),
                        envelope.toJsonBytes());
                try {
                    publisher.sendAndWait(record.key(), record.value());
                } catch (Exception e) {
                    failure = e;
                    return;
                }
                sent.add(record);
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        void sendGarbage(int count) throws Exception {
            for (int i = 0; i < count; i++) {
                publisher.sendAndWait(("garbage-" + i).getBytes(StandardCharsets.UTF_8),
                        ("{not json " + i).getBytes(StandardCharsets.UTF_8));
            }
        }

        /** Sends the first {@code count} events again, byte for byte: a producer retrying after a lost ack. */
        List<Sent> resendFirst(int count) throws Exception {
            List<Sent> first = sent().subList(0, count);
            for (Sent record : first) {
                publisher.sendAndWait(record.key(), record.value());
            }
            return first;
        }

        int produced() {
            return sent.size();
        }

        List<Sent> sent() {
            if (failure != null) {
                throw new IllegalStateException("the producer failed", failure);
            }
            synchronized (sent) {
                return List.copyOf(sent);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            publisher.close();
        }
    }

    /** What the stores must hold: per conversation, "seq:event_id" with seq 1..n in the order produced. */
    static Map<String, List<String>> byConversation(List<Sent> sent) {
        Map<String, List<String>> expected = new TreeMap<>();
        for (Sent record : sent) {
            List<String> events = expected.computeIfAbsent(record.conversation(), k -> new ArrayList<>());
            events.add((events.size() + 1) + ":" + record.eventId());
        }
        return expected;
    }

    /** Waits until the serving row count grows by {@code rows}; prints how long that took (the recovery time). */
    void awaitProgress(String label, int rows, Duration patience) throws Exception {
        long start = System.nanoTime();
        long from = servingRows();
        await().atMost(patience).pollInterval(Duration.ofMillis(500)).until(() -> servingRows() >= from + rows);
        System.out.printf("[cluster-it] %s: %d more rows stored after %.1f s%n", label, rows,
                (System.nanoTime() - start) / 1e9);
    }

    void awaitCheckpoints(FlinkRest rest, String job, int completed, Duration patience) {
        await().atMost(patience).pollInterval(Duration.ofMillis(500)).until(() -> rest.checkpoints(job)
                .path("counts").path("completed").asInt() >= completed);
    }

    /** Waits until serving, lake and curated topic each hold as many distinct events as were sent. */
    void awaitAllStored(List<Sent> sent, Duration patience) {
        long start = System.nanoTime();
        await().atMost(patience).pollInterval(Duration.ofSeconds(1)).until(() -> servingRows() >= sent.size()
                && lakeEventIds().size() >= sent.size() && curatedCount() >= sent.size());
        System.out.printf("[cluster-it] all %d events in serving, lake and curated topic %.1f s after the producer "
                + "stopped%n", sent.size(), (System.nanoTime() - start) / 1e9);
    }

    long servingRows() throws SQLException {
        try (Connection connection = connect();
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM conversation_events")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    Map<String, List<String>> servingEventIdsBySeq() throws SQLException {
        Map<String, List<String>> found = new TreeMap<>();
        try (Connection connection = connect();
                ResultSet rows = connection.createStatement().executeQuery("SELECT tenant_id || '/' || "
                        + "conversation_id, seq, event_id FROM conversation_events ORDER BY 1, seq")) {
            while (rows.next()) {
                found.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
                        .add(rows.getLong(2) + ":" + rows.getString(3));
            }
        }
        return found;
    }

    /** Per conversation: event_count, last_seq, session_start_seq. */
    Map<String, List<Long>> conversationRows() throws SQLException {
        Map<String, List<Long>> found = new TreeMap<>();
        try (Connection connection = connect();
                ResultSet rows = connection.createStatement().executeQuery("SELECT tenant_id || '/' || "
                        + "conversation_id, event_count, last_seq, session_start_seq FROM conversations")) {
            while (rows.next()) {
                found.put(rows.getString(1), List.of(rows.getLong(2), rows.getLong(3), rows.getLong(4)));
            }
        }
        return found;
    }

    List<String> recordedDuplicates() throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = connect();
                ResultSet rows = connection.createStatement().executeQuery("SELECT event_id FROM ingest_duplicates")) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found;
    }

    List<String> lakeEventIds() throws Exception {
        return LakeCatalogs.with(config.lake(), catalog -> {
            List<String> ids = new ArrayList<>();
            try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(
                    EventsTable.identifier(config.lake()))).select("event_id").build()) {
                rows.forEach(r -> ids.add((String) r.getField("event_id")));
            }
            return ids;
        });
    }

    /** The chat_messages type table: event_id → reply_target (null while that column does not exist). */
    Map<String, String> lakeChatMessages() throws Exception {
        return LakeCatalogs.with(config.lake(), catalog -> {
            Map<String, String> found = new HashMap<>();
            var table = catalog.loadTable(TableIdentifier.of(Namespace.of(config.lake().namespace()),
                    "chat_messages"));
            boolean hasColumn = table.schema().findField("reply_target") != null;
            try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
                rows.forEach(r -> found.put((String) r.getField("event_id"),
                        hasColumn ? (String) r.getField("reply_target") : null));
            }
            return found;
        });
    }

    Map<String, List<String>> curatedEventIdsBySeq() {
        Map<String, TreeMap<Long, List<String>>> bySeq = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : curated()) {
            long seq = Long.parseLong(header(record, "convstore.seq"));
            bySeq.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), k -> new TreeMap<>())
                    .computeIfAbsent(seq, k -> new ArrayList<>()).add(header(record, "convstore.event_id"));
        }
        Map<String, List<String>> found = new TreeMap<>();
        bySeq.forEach((conversation, seqs) -> seqs.forEach((seq, ids) -> ids.forEach(id -> found
                .computeIfAbsent(conversation, k -> new ArrayList<>()).add(seq + ":" + id))));
        return found;
    }

    private long curatedCount() {
        return curated().size();
    }

    private List<ConsumerRecord<byte[], byte[]>> curated() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.kafka().bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            String topic = config.kafka().curatedTopic();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(sandbox.postgres().jdbcUrl(), "postgres", "");
    }

    /** Every JobManager's and TaskManager's Prometheus endpoint (the configured port range), concatenated. */
    static String scrapeMetrics(LocalCluster cluster) throws IOException, InterruptedException {
        String range = cluster.setting("metrics.reporter.prom.port").orElseThrow();
        int from = Integer.parseInt(range.split("-")[0]);
        int to = Integer.parseInt(range.split("-")[1]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        StringBuilder all = new StringBuilder();
        for (int port = from; port <= to; port++) {
            try {
                all.append(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body());
            } catch (IOException e) {
                // nobody on this port of the range
            }
        }
        return all.toString();
    }

    static Path copyMetadata(Path home, Path target) throws IOException {
        for (String sub : List.of("types", "schemas")) {
            Files.createDirectories(target.resolve(sub));
            try (var files = Files.list(home.resolve("metadata").resolve(sub))) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(sub).resolve(file.getFileName()));
                }
            }
        }
        return target;
    }

    /** The upgrade's metadata change: chat messages get a lake column from the payload's in_reply_to. */
    static void addReplyTargetColumn(Path metadata) throws IOException {
        Path type = metadata.resolve("types/chat.message.yaml");
        String yaml = Files.readString(type);
        String anchor = "    - { name: sentiment,        from: /payload/sentiment,   type: double }\n";
        if (!yaml.contains(anchor)) {
            throw new IllegalStateException("chat.message.yaml changed; update the drill's anchor line");
        }
        Files.writeString(type, yaml.replace(anchor, anchor
                + "    - { name: reply_target,     from: /payload/in_reply_to, type: string }\n"));
    }
}
