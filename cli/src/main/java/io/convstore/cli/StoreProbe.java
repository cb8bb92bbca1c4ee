package io.convstore.cli;

import io.convstore.connectors.lake.EventsTable;
import io.convstore.jobs.IngestConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Reads how far the pipeline got, from the stores and Kafka themselves: for progress lines and summaries. */
final class StoreProbe implements AutoCloseable {
    private final IngestConfig config;
    private final Admin admin;

    StoreProbe(String bootstrapServers, IngestConfig config) {
        this.config = config;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(props);
    }

    /** Waits until the job has checkpointed everything in the input topic, or {@code patience} passed. */
    void awaitCaughtUp(Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (lag() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    @Override
    public void close() {
        admin.close();
    }

    long servingRows() throws SQLException {
        try (Connection connection = DriverManager.getConnection(config.serving().jdbcUrl(), config.serving().user(),
                config.serving().password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM conversation_events")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Rows in the lake table's current snapshot: what a reader of the lake sees now. */
    long lakeRows() throws Exception {
        return config.lake() == null ? 0L : EventsTable.committedRecords(config.lake());
    }

    /**
     * Moves the job's consumer group to the end of the input topic (a bounded run does not commit its final
     * offsets): a job started afterwards, and {@link #lag}, begin there.
     */
    void commitEndOffsets() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
        offsets(admin, config.kafka().topic(), OffsetSpec.latest())
                .forEach((partition, offset) -> end.put(partition, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(config.kafka().groupId(), end).all().get(10, TimeUnit.SECONDS);
    }

    /** Records in the dead-letter topic. */
    long deadLetters() throws Exception {
        return sum(offsets(admin, config.kafka().deadLetterTopic(), OffsetSpec.latest()))
                - sum(offsets(admin, config.kafka().deadLetterTopic(), OffsetSpec.earliest()));
    }

    /** Input records not yet covered by a completed checkpoint (end offsets minus the group's committed offsets). */
    long lag() throws Exception {
        Map<TopicPartition, Long> end = offsets(admin, config.kafka().topic(), OffsetSpec.latest());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.kafka().groupId())
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            OffsetAndMetadata done = committed.get(partition.getKey());
            lag += partition.getValue() - (done == null ? 0L : done.offset());
        }
        return lag;
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, String topic, OffsetSpec spec) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        Map<TopicPartition, Long> result = new HashMap<>();
        admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).forEach((p, info) -> result.put(p, info.offset()));
        return result;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
