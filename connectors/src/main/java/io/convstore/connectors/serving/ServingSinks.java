package io.convstore.connectors.serving;

import io.convstore.event.Event;
import io.convstore.event.ServingRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * JDBC sinks of the serving store. Both statements are idempotent, so the at-least-once delivery of the JDBC
 * sink (a batch may be written again after a failure) yields effectively-once rows:
 * <ul>
 *   <li>events: {@code ON CONFLICT DO NOTHING} on either unique key, (tenant, conversation, seq) or
 *       (tenant, conversation, event_id) — the first write of an event wins, a replay changes nothing;</li>
 *   <li>conversations: monotonic upsert (LEAST/GREATEST), skipped when it would change nothing.</li>
 * </ul>
 */
public final class ServingSinks {
    static final String INSERT_EVENT = "INSERT INTO conversation_events (tenant_id, conversation_id, seq, event_id, "
            + "type, type_version, occurred_at, actor_role, actor_id, channel, producer_seq, gap_before, late_fill, "
            + "source_partition, source_offset, payload, preview, attributes, kafka_timestamp, payload_zstd, "
            + "payload_bytes, payload_ref, payload_sha256) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?, ?) "
            + "ON CONFLICT DO NOTHING";

    static final String UPSERT_CONVERSATION = "INSERT INTO conversations AS c (tenant_id, conversation_id, "
            + "opened_at, last_event_at, last_seq, event_count) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET "
            + "opened_at = LEAST(c.opened_at, EXCLUDED.opened_at), "
            + "last_event_at = GREATEST(c.last_event_at, EXCLUDED.last_event_at), "
            + "last_seq = GREATEST(c.last_seq, EXCLUDED.last_seq), "
            + "event_count = GREATEST(c.event_count, EXCLUDED.event_count), "
            + "updated_at = now() "
            + "WHERE EXCLUDED.opened_at < c.opened_at OR EXCLUDED.last_event_at > c.last_event_at "
            + "OR EXCLUDED.last_seq > c.last_seq OR EXCLUDED.event_count > c.event_count";

    private ServingSinks() {}

    /** Writes each ordered event as one {@code conversation_events} row. */
    public static JdbcSink<ServingRow> events(ServingSettings settings) {
        return JdbcSink.<ServingRow>builder()
                .withQueryStatement(INSERT_EVENT, ServingSinks::bindEvent)
                .withExecutionOptions(executionOptions(settings))
                // one multi-row INSERT per batch instead of a statement per row (safe with DO NOTHING; the
                // conversations upsert cannot use it: one statement must not update a row twice)
                .buildAtLeastOnce(connectionOptions(withParameter(settings.jdbcUrl(), "reWriteBatchedInserts=true"),
                        settings));
    }

    /** Folds each ordered event into its {@code conversations} row. */
    public static JdbcSink<ServingRow> conversations(ServingSettings settings) {
        return JdbcSink.<ServingRow>builder()
                .withQueryStatement(UPSERT_CONVERSATION, ServingSinks::bindConversation)
                .withExecutionOptions(executionOptions(settings))
                .buildAtLeastOnce(connectionOptions(settings.jdbcUrl(), settings));
    }

    /** Records each event dropped as a duplicate by the offset it was read from (for {@code ./convstore audit}). */
    public static JdbcSink<Event> duplicates(ServingSettings settings) {
        return JdbcSink.<Event>builder()
                .withQueryStatement(INSERT_DUPLICATE, (statement, event) -> {
                    statement.setInt(1, event.sourcePartition());
                    statement.setLong(2, event.sourceOffset());
                    statement.setString(3, event.tenantId());
                    statement.setString(4, event.conversationId());
                    statement.setString(5, event.eventId());
                })
                .withExecutionOptions(executionOptions(settings))
                .buildAtLeastOnce(connectionOptions(withParameter(settings.jdbcUrl(), "reWriteBatchedInserts=true"),
                        settings));
    }

    static final String INSERT_DUPLICATE = "INSERT INTO ingest_duplicates (source_partition, source_offset, "
            + "tenant_id, conversation_id, event_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private static void bindEvent(PreparedStatement statement, ServingRow row) throws SQLException {
        Event event = row.event();
        statement.setString(1, event.tenantId());
        statement.setString(2, event.conversationId());
        statement.setLong(3, event.seq());
        statement.setString(4, event.eventId());
        statement.setString(5, event.type());
        statement.setInt(6, event.typeVersion());
        statement.setObject(7, timestamp(event.occurredAtMicros()));
        statement.setString(8, event.actorRole());
        statement.setString(9, event.actorId());
        statement.setString(10, event.channel());
        if (event.producerSeq() == null) {
            statement.setNull(11, Types.BIGINT);
        } else {
            statement.setLong(11, event.producerSeq());
        }
        statement.setLong(12, event.gapBefore());
        statement.setBoolean(13, event.lateFill());
        statement.setInt(14, event.sourcePartition());
        statement.setLong(15, event.sourceOffset());
        statement.setString(16, row.payload());
        statement.setString(17, row.preview());
        statement.setString(18, row.attributes());
        statement.setObject(19, timestamp(event.kafkaTimestampMillis() * 1000L));
        statement.setBytes(20, row.payloadZstd()); // null unless compressed; then payload (16) is null
        statement.setInt(21, row.payloadBytes());
        statement.setString(22, row.payloadRef()); // set once offloaded; then 16 and 20 are null
        statement.setBytes(23, row.payloadSha256());
    }

    private static void bindConversation(PreparedStatement statement, ServingRow row) throws SQLException {
        Event event = row.event();
        OffsetDateTime occurredAt = timestamp(event.occurredAtMicros());
        statement.setString(1, event.tenantId());
        statement.setString(2, event.conversationId());
        statement.setObject(3, occurredAt);
        statement.setObject(4, occurredAt);
        statement.setLong(5, event.seq());
        statement.setLong(6, event.conversationEventCount());
    }

    /** A UTC instant with microsecond precision, as timestamptz takes it (no JVM time zone involved). */
    static OffsetDateTime timestamp(long epochMicros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1000L);
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static JdbcExecutionOptions executionOptions(ServingSettings settings) {
        return JdbcExecutionOptions.builder()
                .withBatchIntervalMs(settings.flushInterval().toMillis())
                .withBatchSize(settings.batchSize())
                .withMaxRetries(settings.maxRetries())
                .build();
    }

    /** {@code url} with one more driver parameter. */
    public static String withParameter(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    private static JdbcConnectionOptions connectionOptions(String url, ServingSettings settings) {
        return new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(url)
                .withDriverName("org.postgresql.Driver")
                .withUsername(settings.user())
                .withPassword(settings.password())
                .build();
    }
}
