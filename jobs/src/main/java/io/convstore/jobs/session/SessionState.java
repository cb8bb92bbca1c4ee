package io.convstore.jobs.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convstore.event.Event;
import io.convstore.event.SessionSummary;

/**
 * The running state of one open session and its KPIs: one small value per open conversation (counters, a few
 * times, and short {@code key=count} lists bounded by the number of types and roles). A Flink POJO: public fields,
 * no-argument constructor.
 *
 * <p>Response times follow customer <em>turns</em>: a turn starts at a customer message when none is waiting and
 * ends at the next agent or bot event; the first turn's wait is the first response time. Events of other roles
 * ({@code system}, none) do not touch turns.
 */
public class SessionState {
    /** Types, roles and channels kept per session; further ones are counted under {@code other}. */
    static final int MAX_KEYS = 32;
    static final int MAX_CHANNELS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    public long startSeq;
    public Long previousStartSeq;
    public long openedAtMicros;
    public long lastEventAtMicros;
    /** The highest Kafka timestamp (event time) of the session's events. */
    public long lastKafkaMillis;
    public long lastSeq;
    public long eventCount;
    public long conversationEventCount;
    /** {@code type=count,…} in order of first appearance. */
    public String byType = "";
    /** {@code role=count,…} in order of first appearance. */
    public String byRole = "";
    /** {@code channel,…} in order of first appearance. */
    public String channels = "";
    public long transfers;
    public long firstResponseMicros = -1;
    public long turnStartMicros = -1;
    public long agentResponses;
    public long agentResponseMicros;
    public long botResponses;
    public long botResponseMicros;
    public long aiResponses;
    public long aiLatencyCount;
    public long aiLatencyMillis;
    public boolean hasSentiment;
    public double lastSentiment;
    public long lateEvents;
    /** The event-time timer that ends the session for inactivity, or -1. */
    public long gapTimerMillis = -1;
    /** The processing-time timer of the next open-session report, or -1. */
    public long reportTimerMillis = -1;

    public SessionState() {}

    /** A new session starting with {@code first} (not yet folded in). */
    static SessionState open(Event first, Long previousStartSeq) {
        SessionState state = new SessionState();
        state.startSeq = first.seq();
        state.previousStartSeq = previousStartSeq;
        state.openedAtMicros = first.occurredAtMicros();
        state.lastEventAtMicros = first.occurredAtMicros();
        state.lastKafkaMillis = first.kafkaTimestampMillis();
        return state;
    }

    /**
     * Folds {@code event} into the session's KPIs.
     *
     * @param late whether the event arrived behind the watermark
     * @return whether the event closes the conversation ({@code conversation.status} with status {@code closed})
     */
    boolean fold(Event event, boolean late) {
        long at = event.occurredAtMicros();
        eventCount++;
        lastSeq = Math.max(lastSeq, event.seq());
        openedAtMicros = Math.min(openedAtMicros, at);
        lastEventAtMicros = Math.max(lastEventAtMicros, at);
        lastKafkaMillis = Math.max(lastKafkaMillis, event.kafkaTimestampMillis());
        conversationEventCount = Math.max(conversationEventCount, event.conversationEventCount());
        byType = increment(byType, event.type());
        String role = event.actorRole() == null ? "none" : event.actorRole();
        byRole = increment(byRole, role);
        if (event.channel() != null) {
            channels = addChannel(channels, event.channel());
        }
        if (late) {
            lateEvents++;
        }
        switch (role) {
            case "customer" -> {
                if (turnStartMicros < 0) {
                    turnStartMicros = at;
                }
            }
            case "agent", "bot" -> {
                if (turnStartMicros >= 0) {
                    long waited = Math.max(0, at - turnStartMicros);
                    if (firstResponseMicros < 0) {
                        firstResponseMicros = waited;
                    }
                    if (role.equals("agent")) {
                        agentResponses++;
                        agentResponseMicros += waited;
                    } else {
                        botResponses++;
                        botResponseMicros += waited;
                    }
                    turnStartMicros = -1;
                }
            }
            default -> { }
        }
        return foldPayload(event);
    }

    private boolean foldPayload(Event event) {
        boolean status = event.type().equals("conversation.status");
        boolean ai = event.type().equals("ai.response");
        if (ai) {
            aiResponses++;
        }
        if (!status && !ai && !event.payload().contains("\"sentiment\"")) {
            return false; // most events: no need to parse the payload
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(event.payload());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return false; // validated JSON; unreachable in practice, and a KPI never fails the job
        }
        JsonNode sentiment = payload.get("sentiment");
        if (sentiment != null && sentiment.isNumber()) {
            hasSentiment = true;
            lastSentiment = sentiment.asDouble();
        }
        if (ai) {
            JsonNode latency = payload.get("latency_ms");
            if (latency != null && latency.isNumber()) {
                aiLatencyCount++;
                aiLatencyMillis += latency.asLong();
            }
        }
        if (status) {
            String value = payload.path("status").asText("");
            if (value.equals("transferred")) {
                transfers++;
            }
            return value.equals("closed");
        }
        return false;
    }

    /** The summary of this session now: open, or closed at {@code closedAtMicros} for {@code reason}. */
    SessionSummary summary(String tenantId, String conversationId, String reason, long closedAtMicros,
            long nowMillis) {
        boolean closed = reason != null;
        return new SessionSummary(tenantId, conversationId, startSeq, previousStartSeq,
                closed ? SessionSummary.CLOSED : SessionSummary.OPEN, reason, openedAtMicros, lastEventAtMicros,
                closed ? closedAtMicros : -1, lastSeq, eventCount, conversationEventCount, countsJson(byType),
                countsJson(byRole), channels, transfers,
                firstResponseMicros < 0 ? null : firstResponseMicros / 1000, agentResponses,
                mean(agentResponseMicros / 1000.0, agentResponses), botResponses,
                mean(botResponseMicros / 1000.0, botResponses), aiResponses, mean(aiLatencyMillis, aiLatencyCount),
                hasSentiment ? lastSentiment : null, lateEvents, nowMillis);
    }

    private static Double mean(double total, long count) {
        return count == 0 ? null : total / count;
    }

    /** {@code counts} with {@code key}'s count one higher (a new key appended; beyond the cap, {@code other}). */
    static String increment(String counts, String key) {
        if (counts.isEmpty()) {
            return key + "=1";
        }
        String[] entries = counts.split(",");
        String target = entries.length >= MAX_KEYS && find(entries, key) < 0 ? "other" : key;
        int at = find(entries, target);
        if (at < 0) {
            return counts + "," + target + "=1";
        }
        String entry = entries[at];
        entries[at] = target + "=" + (Long.parseLong(entry.substring(entry.lastIndexOf('=') + 1)) + 1);
        return String.join(",", entries);
    }

    private static int find(String[] entries, String key) {
        for (int i = 0; i < entries.length; i++) {
            if (entries[i].length() > key.length() && entries[i].startsWith(key)
                    && entries[i].charAt(key.length()) == '=') {
                return i;
            }
        }
        return -1;
    }

    private static String addChannel(String channels, String channel) {
        if (channels.isEmpty()) {
            return channel;
        }
        String[] seen = channels.split(",");
        for (String s : seen) {
            if (s.equals(channel)) {
                return channels;
            }
        }
        return seen.length >= MAX_CHANNELS || channel.contains(",") ? channels : channels + "," + channel;
    }

    /** {@code type=count,…} as a JSON object. */
    static String countsJson(String counts) {
        ObjectNode node = JSON.createObjectNode();
        if (!counts.isEmpty()) {
            for (String entry : counts.split(",")) {
                int eq = entry.lastIndexOf('=');
                node.put(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)));
            }
        }
        return node.toString();
    }
}
