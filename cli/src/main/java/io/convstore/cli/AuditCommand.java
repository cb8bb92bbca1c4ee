package io.convstore.cli;

import io.convstore.connectors.kafka.DeadLetterTopic;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./convstore audit}: every input record the job has checkpointed past must be in exactly one place — a
 * serving row ({@code source_partition}, {@code source_offset}), a recorded duplicate ({@code ingest_duplicates}) or
 * a dead letter (its source offset header). Compares offset by offset and exits 1 on any difference.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check that every input record up to the job's committed offsets is stored, a recorded "
                + "duplicate or a dead letter, exactly once. Exits 1 and lists offsets on any difference.")
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka cluster.")
    String bootstrap;

    @Mixin
    ServingStoreOptions store;

    @Option(names = "--topic", defaultValue = "conversation-events", description = "Input topic (default: "
            + "${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--dlq-topic", defaultValue = "conversation-events.dlq", description = "Dead-letter topic "
            + "(default: ${DEFAULT-VALUE}).")
    String dlqTopic;

    @Option(names = "--group", defaultValue = "convstore-ingest", description = "The job's consumer group: records "
            + "before its committed offsets are audited (default: ${DEFAULT-VALUE}).")
    String group;

    /** Where the records of one partition went: a count per offset of the audited range. */
    private static final class Partition {
        final long from;
        final long to;
        final byte[] stored;
        final byte[] duplicates;
        final byte[] deadLetters;

        Partition(long from, long to) {
            this.from = from;
            this.to = to;
            int size = (int) Math.max(0, to - from);
            stored = new byte[size];
            duplicates = new byte[size];
            deadLetters = new byte[size];
        }

        void mark(byte[] counts, long offset) {
            if (offset >= from && offset < to && counts[(int) (offset - from)] < Byte.MAX_VALUE) {
                counts[(int) (offset - from)]++;
            }
        }

        int total(long offset) {
            int i = (int) (offset - from);
            return stored[i] + duplicates[i] + deadLetters[i];
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<Integer, Partition> partitions = ranges();
        try (Connection connection = store.connect();
                Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            connection.setAutoCommit(false); // a cursor, not the whole table in memory
            mark(statement, "SELECT source_partition, source_offset FROM conversation_events", partitions, true);
            mark(statement, "SELECT source_partition, source_offset FROM ingest_duplicates", partitions, false);
        }
        for (DeadLetterTopic.Stored stored : DeadLetterTopic.read(bootstrap, dlqTopic,
                l -> l.sourceTopic() == null || l.sourceTopic().equals(topic))) {
            Partition p = partitions.get(stored.letter().sourcePartition());
            long offset = stored.letter().sourceOffset();
            // at-least-once: a dead letter may repeat after a failure; it still accounts for one record
            if (p != null && offset >= p.from && offset < p.to && p.deadLetters[(int) (offset - p.from)] == 0) {
                p.mark(p.deadLetters, offset);
            }
        }
        long records = 0;
        long stored = 0;
        long duplicates = 0;
        long deadLetters = 0;
        List<String> missing = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        for (Map.Entry<Integer, Partition> entry : partitions.entrySet()) {
            Partition p = entry.getValue();
            List<Long> unaccounted = new ArrayList<>();
            for (long offset = p.from; offset < p.to; offset++) {
                int i = (int) (offset - p.from);
                stored += p.stored[i];
                duplicates += p.duplicates[i];
                deadLetters += p.deadLetters[i];
                if (p.total(offset) == 0) {
                    unaccounted.add(offset);
                } else if (p.total(offset) > 1) {
                    twice.add(topic + "-" + entry.getKey() + "@" + offset);
                }
            }
            List<Long> gone = recordsAt(entry.getKey(), unaccounted);
            records += (p.to - p.from) - (unaccounted.size() - gone.size());
            gone.forEach(offset -> missing.add(topic + "-" + entry.getKey() + "@" + offset));
        }
        out.printf("audited %,d records of %s up to the committed offsets of group %s: %,d stored, %,d duplicates, "
                + "%,d dead letters%n", records, topic, group, stored, duplicates, deadLetters);
        if (missing.isEmpty() && twice.isEmpty()) {
            out.println("every record accounted for exactly once");
            out.flush();
            return 0;
        }
        out.printf("NOT ACCOUNTED FOR: %,d records%s%n", missing.size(), sample(missing));
        out.printf("ACCOUNTED FOR MORE THAN ONCE: %,d records%s%n", twice.size(), sample(twice));
        out.flush();
        return 1;
    }

    /** Per partition, from the earliest retained offset to the group's committed offset. */
    private Map<Integer, Partition> ranges() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<Integer, Partition> partitions = new TreeMap<>();
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest()));
            var from = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            for (TopicPartition tp : earliest.keySet()) {
                OffsetAndMetadata upTo = committed.get(tp);
                long start = from.get(tp).offset();
                partitions.put(tp.partition(), new Partition(start, upTo == null ? start : upTo.offset()));
            }
        }
        return partitions;
    }

    private static void mark(Statement statement, String sql, Map<Integer, Partition> partitions, boolean stored)
            throws Exception {
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                Partition p = partitions.get(rows.getInt(1));
                if (p != null) {
                    p.mark(stored ? p.stored : p.duplicates, rows.getLong(2));
                }
            }
        }
    }

    /**
     * Of offsets nothing accounts for, those that hold a record: an offset can also be a transaction marker or
     * compacted away, which is not a record and needs no accounting.
     */
    private List<Long> recordsAt(int partition, List<Long> offsets) {
        if (offsets.isEmpty()) {
            return offsets;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Long> records = new ArrayList<>();
        java.util.Set<Long> wanted = new java.util.HashSet<>(offsets);
        long last = offsets.get(offsets.size() - 1);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offsets.get(0));
            while (consumer.position(tp) <= last) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (wanted.contains(record.offset())) {
                        records.add(record.offset());
                    }
                }
            }
        }
        return records;
    }

    private static String sample(List<String> offsets) {
        return offsets.isEmpty() ? "" : " (first: " + String.join(", ", offsets.subList(0, Math.min(10,
                offsets.size()))) + ")";
    }
}
