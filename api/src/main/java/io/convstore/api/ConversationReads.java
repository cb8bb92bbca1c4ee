package io.convstore.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.convstore.connectors.payloads.PayloadStore;
import io.convstore.connectors.serving.ConversationPages;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The read endpoints' queries, always scoped to the caller's tenant: a conversation's events a page at a time
 * (one primary-key range scan, forwards or backwards, payloads rehydrated), a conversation's row, and the tenant's
 * conversations keyset-paged by last update. Cursors are opaque to clients.
 */
final class ConversationReads {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int DEFAULT_LIMIT = 50;
    private static final int MAX_ID_LENGTH = 128;

    private ConversationReads() {}

    /** A page of events as the API answers it: {@code {"events": [...], "next": cursor or null}}. */
    static ObjectNode events(Connection connection, PayloadStore payloads, String tenantId, String conversationId,
            String afterSeq, String beforeSeq, String cursor, String limitText) throws Exception {
        checkId(conversationId);
        int limit = limit(limitText, ConversationPages.MAX_LIMIT);
        boolean backward;
        long from;
        if (cursor != null) {
            String decoded = decodeCursor(cursor);
            if (!decoded.matches("[ab]:\\d{1,19}")) {
                throw ApiProblem.badRequest("not a cursor of this API");
            }
            backward = decoded.charAt(0) == 'b';
            from = parseSeq(decoded.substring(2), "cursor");
        } else if (beforeSeq != null) {
            backward = true;
            from = parseSeq(beforeSeq, "before_seq");
        } else {
            backward = false;
            from = afterSeq == null ? 0 : parseSeq(afterSeq, "after_seq");
        }
        ConversationPages.Page page = backward
                ? ConversationPages.readBefore(connection, payloads, tenantId, conversationId, from, limit)
                : ConversationPages.read(connection, payloads, tenantId, conversationId, from, limit);
        if (page.events().isEmpty() && !exists(connection, tenantId, conversationId)) {
            throw ApiProblem.notFound("no conversation '" + conversationId + "'");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode events = body.putArray("events");
        for (ConversationPages.StoredEvent e : page.events()) {
            ObjectNode event = events.addObject();
            event.put("seq", e.seq());
            event.put("event_id", e.eventId());
            event.put("type", e.type());
            event.put("type_version", e.typeVersion());
            event.put("occurred_at", e.occurredAt().toString());
            event.put("ingested_at", e.ingestedAt().toString());
            ObjectNode actor = event.putObject("actor");
            actor.put("role", e.actorRole());
            actor.put("id", e.actorId());
            event.put("channel", e.channel());
            event.put("gap_before", e.gapBefore());
            event.put("late_fill", e.lateFill());
            event.put("stored", e.storage().name().toLowerCase(java.util.Locale.ROOT));
            // the stored JSON text as it is: valid JSON by construction (validated on the way in), no re-parse
            event.putRawValue("payload", new RawValue(e.payload()));
        }
        body.put("next", page.next() == null ? null
                : encodeCursor((backward ? "b:" : "a:") + page.next()));
        return body;
    }

    /** A conversation's row: status, counts, the current session and its KPIs. */
    static ObjectNode conversation(Connection connection, String tenantId, String conversationId)
            throws SQLException {
        checkId(conversationId);
        try (PreparedStatement query = connection.prepareStatement("SELECT " + CONVERSATION_COLUMNS
                + " FROM conversations WHERE tenant_id = ? AND conversation_id = ?")) {
            query.setString(1, tenantId);
            query.setString(2, conversationId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw ApiProblem.notFound("no conversation '" + conversationId + "'");
                }
                return conversationJson(row);
            }
        }
    }

    private static final String CONVERSATION_COLUMNS = "conversation_id, status, opened_at, last_event_at, last_seq, "
            + "event_count, updated_at, session_start_seq, previous_session_start_seq, closed_at, close_reason, "
            + "kpis::text";

    private static ObjectNode conversationJson(ResultSet row) throws SQLException {
        ObjectNode c = JSON.createObjectNode();
        c.put("conversation_id", row.getString(1));
        c.put("status", row.getString(2));
        c.put("opened_at", instant(row, 3));
        c.put("last_event_at", instant(row, 4));
        c.put("last_seq", row.getLong(5));
        c.put("event_count", row.getLong(6));
        c.put("updated_at", instant(row, 7));
        ObjectNode session = c.putObject("session");
        session.put("start_seq", (Long) row.getObject(8));
        session.put("previous_start_seq", (Long) row.getObject(9));
        session.put("closed_at", instant(row, 10));
        session.put("close_reason", row.getString(11));
        try {
            c.set("kpis", row.getString(12) == null ? null : JSON.readTree(row.getString(12)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("kpis is jsonb", e);
        }
        return c;
    }

    /** The tenant's conversations by last update, oldest first, from {@code cursor}. */
    static ObjectNode list(Connection connection, String tenantId, String status, String updatedSince,
            String cursor, String limitText) throws SQLException {
        int limit = limit(limitText, ConversationPages.MAX_LIMIT);
        Timestamp since = new Timestamp(0);
        String afterId = "";
        if (cursor != null) {
            String decoded = decodeCursor(cursor);
            int colon = decoded.indexOf(':');
            if (colon < 1 || !decoded.substring(0, colon).matches("\\d{1,19}")) {
                throw ApiProblem.badRequest("not a cursor of this API");
            }
            long micros = Long.parseLong(decoded.substring(0, colon));
            since = Timestamp.from(Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS));
            afterId = decoded.substring(colon + 1);
        } else if (updatedSince != null) {
            try {
                since = Timestamp.from(Instant.parse(updatedSince));
            } catch (DateTimeParseException e) {
                throw ApiProblem.badRequest("updated_since must be an ISO-8601 instant such as "
                        + "2026-12-04T10:00:00Z");
            }
        }
        if (status != null && !status.matches("open|closed|idle")) {
            throw ApiProblem.badRequest("status must be open, closed or idle");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("conversations");
        try (PreparedStatement query = connection.prepareStatement("SELECT " + CONVERSATION_COLUMNS
                + " FROM conversations WHERE tenant_id = ? AND (? IS NULL OR status = ?) "
                + "AND (updated_at, conversation_id) > (?, ?) ORDER BY updated_at, conversation_id LIMIT ?")) {
            query.setString(1, tenantId);
            query.setString(2, status);
            query.setString(3, status);
            query.setTimestamp(4, since);
            query.setString(5, cursor == null && updatedSince != null ? "" : afterId);
            query.setInt(6, limit);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    items.add(conversationJson(row));
                }
            }
        }
        if (items.size() == limit) {
            JsonNode last = items.get(items.size() - 1);
            Instant updated = Instant.parse(last.path("updated_at").asText());
            long micros = java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, updated);
            body.put("next", encodeCursor(micros + ":" + last.path("conversation_id").asText()));
        } else {
            body.putNull("next");
        }
        return body;
    }

    private static boolean exists(Connection connection, String tenantId, String conversationId)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM conversations WHERE tenant_id = ? AND conversation_id = ?")) {
            query.setString(1, tenantId);
            query.setString(2, conversationId);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private static void checkId(String conversationId) {
        if (conversationId == null || conversationId.isEmpty() || conversationId.length() > MAX_ID_LENGTH) {
            throw ApiProblem.notFound("no such conversation");
        }
    }

    static int limit(String text, int max) {
        if (text == null) {
            return Math.min(DEFAULT_LIMIT, max);
        }
        if (!text.matches("\\d{1,4}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > max) {
            throw ApiProblem.badRequest("limit must be 1 to " + max);
        }
        return Integer.parseInt(text);
    }

    private static long parseSeq(String text, String name) {
        if (!text.matches("\\d{1,18}")) {
            throw ApiProblem.badRequest(name + " must be a non-negative integer");
        }
        return Long.parseLong(text);
    }

    private static String instant(ResultSet row, int column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant().toString();
    }

    private static String encodeCursor(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            if (cursor.length() > 400) {
                throw new IllegalArgumentException("too long");
            }
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("not a cursor of this API");
        }
    }
}
