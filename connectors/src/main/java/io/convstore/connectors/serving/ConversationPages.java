package io.convstore.connectors.serving;

import io.convstore.event.PayloadCompression;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a conversation back from the serving store a page at a time, in {@code seq} order: one range scan of the
 * primary key per page, payloads as their original JSON text (decompressed where they were stored compressed).
 */
public final class ConversationPages {
    /** The most events one page returns. */
    public static final int MAX_LIMIT = 1000;

    static final String PAGE = "SELECT seq, event_id, type, type_version, occurred_at, ingested_at, actor_role, "
            + "actor_id, channel, gap_before, late_fill, payload::text, payload_zstd, payload_bytes "
            + "FROM conversation_events WHERE tenant_id = ? AND conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?";

    /** One stored event. */
    public record StoredEvent(long seq, String eventId, String type, int typeVersion, Instant occurredAt,
            Instant ingestedAt, String actorRole, String actorId, String channel, long gapBefore, boolean lateFill,
            String payload, boolean compressed, int payloadBytes) {}

    /**
     * A page and the {@code seq} to continue after.
     *
     * @param nextAfterSeq the last seq of this page when it was full (more may follow), else null
     */
    public record Page(List<StoredEvent> events, Long nextAfterSeq) {}

    private ConversationPages() {}

    /** Events with {@code seq > afterSeq}, at most {@code limit} (1 to {@link #MAX_LIMIT}). */
    public static Page read(Connection connection, String tenantId, String conversationId, long afterSeq, int limit)
            throws SQLException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PAGE)) {
            statement.setString(1, tenantId);
            statement.setString(2, conversationId);
            statement.setLong(3, afterSeq);
            statement.setInt(4, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    byte[] compressed = rows.getBytes(13);
                    events.add(new StoredEvent(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                            rows.getTimestamp(5).toInstant(), rows.getTimestamp(6).toInstant(), rows.getString(7),
                            rows.getString(8), rows.getString(9), rows.getLong(10), rows.getBoolean(11),
                            compressed == null ? rows.getString(12) : PayloadCompression.decompress(compressed),
                            compressed != null, rows.getInt(14)));
                }
            }
        }
        Long next = events.size() == limit ? events.get(events.size() - 1).seq() : null;
        return new Page(events, next);
    }
}
