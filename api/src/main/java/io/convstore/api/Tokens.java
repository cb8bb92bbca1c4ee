package io.convstore.api;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Consistency tokens: where writes landed in the input topic (partition and offset), opaque to clients
 * ({@code ct1.} + base64url). A token is covered when each of its writes has taken effect in the serving store —
 * its row (or its recorded duplicate) is committed — which is checked against the rows themselves, so a covered
 * token is never a lie.
 */
final class Tokens {
    private static final String PREFIX = "ct1.";
    private static final Pattern POSITION = Pattern.compile("\\d{1,6}:\\d{1,19}");
    /** Tokens of more writes than this are refused (a batch write makes one token). */
    static final int MAX_POSITIONS = 1000;

    /** One write's place in the input topic. */
    record Position(int partition, long offset) {}

    private Tokens() {}

    static String encode(List<Position> positions) {
        StringBuilder text = new StringBuilder();
        for (Position p : positions) {
            text.append(text.isEmpty() ? "" : ",").append(p.partition()).append(':').append(p.offset());
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(
                text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The positions of {@code token}; a problem (400) when it is not a token this API made. */
    static List<Position> decode(String token) {
        ApiProblem invalid = ApiProblem.badRequest("not a consistency token: use one a write returned");
        if (token == null || !token.startsWith(PREFIX) || token.length() > 64 * MAX_POSITIONS) {
            throw invalid;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())),
                    StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw invalid;
        }
        List<Position> positions = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            if (!POSITION.matcher(part).matches() || positions.size() >= MAX_POSITIONS) {
                throw invalid;
            }
            int colon = part.indexOf(':');
            try {
                positions.add(new Position(Integer.parseInt(part.substring(0, colon)),
                        Long.parseLong(part.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw invalid;
            }
        }
        return positions;
    }

    private static final String EFFECT = "SELECT 1 FROM conversation_events WHERE source_partition = ? "
            + "AND source_offset = ? UNION ALL SELECT 1 FROM ingest_duplicates WHERE source_partition = ? "
            + "AND source_offset = ? LIMIT 1";

    /** Whether every write of {@code positions} has its effect committed in the serving store. */
    static boolean covered(Connection connection, List<Position> positions) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(EFFECT)) {
            for (Position p : positions) {
                query.setInt(1, p.partition());
                query.setLong(2, p.offset());
                query.setInt(3, p.partition());
                query.setLong(4, p.offset());
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Whether the conversation's row reflects the token's events of that conversation: its last seq reaches the
     * highest seq they were stored at (events of other conversations in the token do not matter here).
     */
    static boolean folded(Connection connection, String tenantId, String conversationId, List<Position> positions)
            throws SQLException {
        long highest = -1;
        try (PreparedStatement query = connection.prepareStatement("SELECT seq FROM conversation_events WHERE "
                + "source_partition = ? AND source_offset = ? AND tenant_id = ? AND conversation_id = ?")) {
            for (Position p : positions) {
                query.setInt(1, p.partition());
                query.setLong(2, p.offset());
                query.setString(3, tenantId);
                query.setString(4, conversationId);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        highest = Math.max(highest, row.getLong(1));
                    }
                }
            }
        }
        if (highest < 0) {
            return true;
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT last_seq FROM conversations WHERE tenant_id = ? AND conversation_id = ?")) {
            query.setString(1, tenantId);
            query.setString(2, conversationId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getLong(1) >= highest;
            }
        }
    }
}
