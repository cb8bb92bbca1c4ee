package io.convstore.jobs.it;

import io.convstore.connectors.kafka.DeadLetterHeaders;
import io.convstore.connectors.lake.EventsTable;
import io.convstore.connectors.lake.LakeCatalogs;
import io.convstore.connectors.lake.LakeSettings;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import io.convstore.connectors.lake.DeadLettersTable;
import io.convstore.event.PayloadCompression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads back what the pipeline stored, from the real stores, for assertions. */
final class StoreContents {
    /** A {@code conversation_events} row. */
    record ServingEvent(String conversationKey, long seq, String eventId, String type, String actorRole,
            Instant occurredAt, String payload, long gapBefore, boolean lateFill, Instant ingestedAt, String preview,
            boolean compressed, int payloadBytes) {}

    /** A {@code conversations} row. */
    record ServingConversation(String conversationKey, Instant openedAt, Instant lastEventAt, long lastSeq,
            long eventCount, Instant updatedAt) {}

    /** A row of the lake's events table (the columns the tests compare). */
    record LakeEvent(String conversationKey, long seq, String eventId, String type, Instant occurredAt,
            String payload) {}

    /** A record of a topic as tests read it: key as text, value bytes, headers as text. */
    record TopicRecord(String key, byte[] value, Map<String, String> headers) {}

    private StoreContents() {}

    /** Every {@code conversation_events} row, per conversation in the order a page read returns them. */
    static Map<String, List<ServingEvent>> servingEvents(String jdbcUrl) throws SQLException {
        Map<String, List<ServingEvent>> rows = new TreeMap<>();
        query(jdbcUrl, "SELECT tenant_id || '/' || conversation_id, seq, event_id, type, actor_role, occurred_at, "
                + "payload::text, gap_before, late_fill, ingested_at, preview, payload_zstd, payload_bytes "
                + "FROM conversation_events ORDER BY tenant_id, conversation_id, seq", r -> rows
                        .computeIfAbsent(r.getString(1), k -> new ArrayList<>())
                        .add(new ServingEvent(r.getString(1), r.getLong(2), r.getString(3), r.getString(4),
                                r.getString(5), instant(r, 6), r.getBytes(12) == null ? r.getString(7)
                                        : PayloadCompression.decompress(r.getBytes(12)), r.getLong(8),
                                r.getBoolean(9), instant(r, 10), r.getString(11), r.getBytes(12) != null,
                                r.getInt(13))));
        return rows;
    }

    static Map<String, ServingConversation> servingConversations(String jdbcUrl) throws SQLException {
        Map<String, ServingConversation> rows = new TreeMap<>();
        query(jdbcUrl, "SELECT tenant_id || '/' || conversation_id, opened_at, last_event_at, last_seq, event_count, "
                + "updated_at FROM conversations", r -> rows.put(r.getString(1), new ServingConversation(
                        r.getString(1), instant(r, 2), instant(r, 3), r.getLong(4), r.getLong(5), instant(r, 6))));
        return rows;
    }

    static long servingEventCount(String jdbcUrl) throws SQLException {
        long[] count = new long[1];
        query(jdbcUrl, "SELECT count(*) FROM conversation_events", r -> count[0] = r.getLong(1));
        return count[0];
    }

    /** Rows of the lake's events table as of its current snapshot. */
    static List<LakeEvent> lakeEvents(LakeSettings settings) throws Exception {
        return LakeCatalogs.with(settings, catalog -> {
            Table table = catalog.loadTable(EventsTable.identifier(settings));
            List<LakeEvent> rows = new ArrayList<>();
            try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
                for (Record record : records) {
                    rows.add(new LakeEvent(record.getField("tenant_id") + "/" + record.getField("conversation_id"),
                            (Long) record.getField("seq"), (String) record.getField("event_id"),
                            (String) record.getField("type"),
                            ((OffsetDateTime) record.getField("occurred_at")).toInstant(),
                            (String) record.getField("payload")));
                }
            }
            return rows;
        });
    }

    /** Every row of a type's lake table, as Iceberg generic records (field name to value). */
    static List<Map<String, Object>> lakeTable(LakeSettings settings, String table) throws Exception {
        return LakeCatalogs.with(settings, catalog -> {
            Table loaded = catalog.loadTable(org.apache.iceberg.catalog.TableIdentifier.of(settings.namespace(),
                    table));
            List<Map<String, Object>> rows = new ArrayList<>();
            try (CloseableIterable<Record> records = IcebergGenerics.read(loaded).build()) {
                for (Record record : records) {
                    Map<String, Object> row = new TreeMap<>();
                    loaded.schema().columns().forEach(c -> row.put(c.name(), record.getField(c.name())));
                    rows.add(row);
                }
            }
            return rows;
        });
    }

    /** The lake's dead_letters table: reason, source offset and original value of each row. */
    record LakeDeadLetter(String reason, int sourcePartition, long sourceOffset, byte[] value) {}

    static List<LakeDeadLetter> lakeDeadLetters(LakeSettings settings) throws Exception {
        return LakeCatalogs.with(settings, catalog -> {
            List<LakeDeadLetter> rows = new ArrayList<>();
            try (CloseableIterable<Record> records = IcebergGenerics.read(catalog.loadTable(
                    DeadLettersTable.TABLE.identifier(settings))).build()) {
                for (Record record : records) {
                    java.nio.ByteBuffer value = (java.nio.ByteBuffer) record.getField("value");
                    byte[] bytes = value == null ? null : new byte[value.remaining()];
                    if (value != null) {
                        value.duplicate().get(bytes);
                    }
                    rows.add(new LakeDeadLetter((String) record.getField("reason"),
                            (Integer) record.getField("source_partition"), (Long) record.getField("source_offset"),
                            bytes));
                }
            }
            return rows;
        });
    }

    /** The record count of the lake table's current snapshot (0 before the first commit). */
    static long lakeRecordCount(LakeSettings settings) throws Exception {
        return EventsTable.committedRecords(settings);
    }

    /** Every record of {@code topic}, read from the beginning up to the end offsets of the moment. */
    static List<TopicRecord> topicRecords(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<TopicRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new TreeMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                    }
                    records.add(new TopicRecord(record.key() == null ? null
                            : new String(record.key(), StandardCharsets.UTF_8), record.value(), headers));
                }
            }
        }
        return records;
    }

    static Map<String, Long> countByReason(List<TopicRecord> records) {
        return records.stream().collect(Collectors.groupingBy(r -> r.headers().get(DeadLetterHeaders.REASON),
                TreeMap::new, Collectors.counting()));
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private static void query(String jdbcUrl, String sql, RowReader reader) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
