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
public final class Tokens {
    private static final String PREFIX = "ct1.";
    private static final Pattern POSITION = Pattern.compile("\\d{1,6}:\\d{1,19}");
    /** Tokens of more writes than this are refused (a batch write makes one token). */
    public static final int MAX_POSITIONS = 1000;

    /** One write's place in the input topic. */
    public record Position(int partition, long offset) {}

    private Tokens() {}

    /** The token of these writes (at most {@link #MAX_POSITIONS}), as the API and {@code produce} hand it out. */
    public static String encode(List<Position> positions) {
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
     * Whether the {@code conversations} rows reflect the token's events: each event's conversation row (only
     * {@code conversationId}'s when given) has a last seq that reaches the event's seq. The rows are written by
     * their own sink, a moment after the events.
     */
    static boolean folded(Connection connection, String tenantId, String conversationId, List<Position> positions)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM conversation_events e "
                + "LEFT JOIN conversations c ON c.tenant_id = e.tenant_id AND c.conversation_id = e.conversation_id "
                + "WHERE e.source_partition = ? AND e.source_offset = ? AND e.tenant_id = ? "
                + "AND (?::text IS NULL OR e.conversation_id = ?) AND (c.last_seq IS NULL OR c.last_seq < e.seq)")) {
            for (Position p : positions) {
                query.setInt(1, p.partition());
                query.setLong(2, p.offset());
                query.setString(3, tenantId);
                query.setString(4, conversationId);
                query.setString(5, conversationId);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        return false; // this event is stored but its conversation row does not show it yet
                    }
                }
            }
        }
        return true;
    }
}
