package io.convstore.connectors.serving;

import io.convstore.connectors.payloads.PayloadStore;
import io.convstore.event.PayloadCompression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a conversation back from the serving store a page at a time, in {@code seq} order: one range scan of the
 * primary key per page, payloads as their original JSON text: decompressed where they were stored compressed, and
 * fetched from the payload store, decompressed and checked against the row's size and SHA-256 where they were
 * offloaded.
 */
public final class ConversationPages {
    /** The most events one page returns. */
    public static final int MAX_LIMIT = 1000;

    private static final String COLUMNS = "SELECT seq, event_id, type, type_version, occurred_at, ingested_at, "
            + "actor_role, actor_id, channel, gap_before, late_fill, payload::text, payload_zstd, payload_bytes, "
            + "payload_ref, payload_sha256 FROM conversation_events WHERE tenant_id = ? AND conversation_id = ? ";
    static final String PAGE = COLUMNS + "AND seq > ? ORDER BY seq LIMIT ?";
    static final String PAGE_BEFORE = COLUMNS + "AND seq < ? ORDER BY seq DESC LIMIT ?";

    /** How a payload is kept. */
    public enum Storage {
        /** As jsonb in the row. */
        JSONB,
        /** zstd-compressed in the row. */
        ZSTD,
        /** zstd-compressed in the payload store; the row holds the claim check. */
        OFFLOADED
    }

    /** One stored event; {@code payload} is the original JSON text however it was kept. */
    public record StoredEvent(long seq, String eventId, String type, int typeVersion, Instant occurredAt,
            Instant ingestedAt, String actorRole, String actorId, String channel, long gapBefore, boolean lateFill,
            String payload, Storage storage, int payloadBytes) {}

    /**
     * A page, in {@code seq} order, and where the next page in the same direction starts.
     *
     * @param next reading forward: the last seq of this page when it was full (more may follow), else
     *     null; reading backward: the first seq of this page when it was full (more may precede it), else null
     */
    public record Page(List<StoredEvent> events, Long next) {}

    private ConversationPages() {}

    /**
     * Events with {@code seq > afterSeq}, at most {@code limit} (1 to {@link #MAX_LIMIT}), offloaded payloads read
     * from {@code payloads}.
     */
    public static Page read(Connection connection, PayloadStore payloads, String tenantId, String conversationId,
            long afterSeq, int limit) throws SQLException, IOException {
        List<StoredEvent> events = query(connection, PAGE, payloads, tenantId, conversationId, afterSeq, limit);
        Long next = events.size() == limit ? events.get(events.size() - 1).seq() : null;
        return new Page(events, next);
    }

    /**
     * Events with {@code seq < beforeSeq}, the last {@code limit} of them, in {@code seq} order: reading a
     * conversation backwards from its end ({@code Long.MAX_VALUE}) a page at a time.
     */
    public static Page readBefore(Connection connection, PayloadStore payloads, String tenantId,
            String conversationId, long beforeSeq, int limit) throws SQLException, IOException {
        List<StoredEvent> events = new ArrayList<>(query(connection, PAGE_BEFORE, payloads, tenantId,
                conversationId, beforeSeq, limit));
        Collections.reverse(events);
        Long next = events.size() == limit ? events.get(0).seq() : null;
        return new Page(events, next);
    }

    private static List<StoredEvent> query(Connection connection, String sql, PayloadStore payloads,
            String tenantId, String conversationId, long seq, int limit) throws SQLException, IOException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenantId);
            statement.setString(2, conversationId);
            statement.setLong(3, seq);
            statement.setInt(4, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    byte[] compressed = rows.getBytes(13);
                    String ref = rows.getString(15);
                    Storage storage = ref != null ? Storage.OFFLOADED : compressed != null ? Storage.ZSTD
                            : Storage.JSONB;
                    String payload = switch (storage) {
                        case JSONB -> rows.getString(12);
                        case ZSTD -> PayloadCompression.decompress(compressed);
                        case OFFLOADED -> rehydrate(payloads, ref, rows.getInt(14), rows.getBytes(16));
                    };
                    events.add(new StoredEvent(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                            rows.getTimestamp(5).toInstant(), rows.getTimestamp(6).toInstant(), rows.getString(7),
                            rows.getString(8), rows.getString(9), rows.getLong(10), rows.getBoolean(11), payload,
                            storage, rows.getInt(14)));
                }
            }
        }
        return events;
    }

    /** An offloaded payload's JSON text, checked against the row's claim check. */
    static String rehydrate(PayloadStore payloads, String ref, int bytes, byte[] sha256) throws IOException {
        if (payloads == null) {
            throw new IllegalStateException("the payload is offloaded to " + ref + " and no payload store was given");
        }
        byte[] text = PayloadCompression.decompressBytes(payloads.get(ref));
        PayloadStore.verify(ref, text, bytes, sha256);
        return new String(text, StandardCharsets.UTF_8);
    }
}
