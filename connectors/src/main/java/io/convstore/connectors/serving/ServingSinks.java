package io.convstore.connectors.serving;

import io.convstore.event.Event;
import io.convstore.event.ServingRow;
import io.convstore.event.SessionSummary;
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

    /** Whether the row being inserted carries a summary newer than the stored one. */
    private static final String NEWER_SESSION = "(EXCLUDED.session_start_seq IS NOT NULL AND "
            + "(COALESCE(c.session_start_seq, -1), COALESCE(c.summary_rank, -1)) "
            + "< (EXCLUDED.session_start_seq, EXCLUDED.summary_rank))";

    /**
     * Folds an event or a session summary into the conversation's row: times, last seq and count move
     * monotonically (LEAST/GREATEST); the session columns change only for a summary that is newer than the row's
     * (a later session, or the same session with more events or closed), so replays and reordering never move the
     * row backwards; nothing is written when nothing would change.
     */
    static final String UPSERT_CONVERSATION = "INSERT INTO conversations AS c (tenant_id, conversation_id, "
            + "opened_at, last_event_at, last_seq, event_count, status, session_start_seq, "
            + "previous_session_start_seq, session_opened_at, closed_at, close_reason, summary_rank, kpis) "
            + "VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, 'open'), ?, ?, ?, ?, ?, ?, ?::jsonb) "
            + "ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET "
            + "opened_at = LEAST(c.opened_at, EXCLUDED.opened_at), "
            + "last_event_at = GREATEST(c.last_event_at, EXCLUDED.last_event_at), "
            + "last_seq = GREATEST(c.last_seq, EXCLUDED.last_seq), "
            + "event_count = GREATEST(c.event_count, EXCLUDED.event_count), "
            + sessionColumn("status") + sessionColumn("session_start_seq")
            + sessionColumn("previous_session_start_seq") + sessionColumn("session_opened_at")
            + sessionColumn("closed_at") + sessionColumn("close_reason") + sessionColumn("summary_rank")
            + sessionColumn("kpis")
            + "updated_at = now() "
            + "WHERE EXCLUDED.opened_at < c.opened_at OR EXCLUDED.last_event_at > c.last_event_at "
            + "OR EXCLUDED.last_seq > c.last_seq OR EXCLUDED.event_count > c.event_count OR " + NEWER_SESSION;

    private static String sessionColumn(String column) {
        return column + " = CASE WHEN " + NEWER_SESSION + " THEN EXCLUDED." + column + " ELSE c." + column + " END, ";
    }

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

    /** Folds each ordered event and each session summary into its {@code conversations} row. */
    public static JdbcSink<ConversationUpdate> conversations(ServingSettings settings) {
        return JdbcSink.<ConversationUpdate>builder()
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

    /**
     * The row's status: {@code open}, {@code closed} (closed by a status event) or {@code idle} (the session ended
     * for inactivity: the conversation was never closed, and its next event opens a new session).
     */
    static String rowStatus(SessionSummary summary) {
        if (!summary.closed()) {
            return "open";
        }
        return SessionSummary.REASON_INACTIVE.equals(summary.closeReason()) ? "idle" : "closed";
    }

    /** Later summaries of a session rank higher: more events, and closed above open at the same count. */
    static long rank(SessionSummary summary) {
        return summary.eventCount() * 2 + (summary.closed() ? 1 : 0);
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

    private static void bindConversation(PreparedStatement statement, ConversationUpdate update)
            throws SQLException {
        statement.setString(1, update.tenantId());
        statement.setString(2, update.conversationId());
        statement.setObject(3, timestamp(update.openedAtMicros()));
        statement.setObject(4, timestamp(update.lastEventAtMicros()));
        statement.setLong(5, update.lastSeq());
        statement.setLong(6, update.eventCount());
        SessionSummary summary = update.session();
        if (summary == null) { // an event: the session columns stay as they are
            statement.setNull(7, Types.VARCHAR);
            statement.setNull(8, Types.BIGINT);
            statement.setNull(9, Types.BIGINT);
            statement.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setNull(11, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setNull(12, Types.VARCHAR);
            statement.setNull(13, Types.BIGINT);
            statement.setNull(14, Types.VARCHAR);
            return;
        }
        statement.setString(7, rowStatus(summary));
        statement.setLong(8, summary.sessionStartSeq());
        if (summary.previousSessionStartSeq() == null) {
            statement.setNull(9, Types.BIGINT);
        } else {
            statement.setLong(9, summary.previousSessionStartSeq());
        }
        statement.setObject(10, timestamp(summary.openedAtMicros()));
        if (summary.closed()) {
            statement.setObject(11, timestamp(summary.closedAtMicros()));
        } else {
            statement.setNull(11, Types.TIMESTAMP_WITH_TIMEZONE);
        }
        statement.setString(12, summary.closeReason());
        statement.setLong(13, rank(summary));
        statement.setString(14, SessionKpis.json(summary));
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
