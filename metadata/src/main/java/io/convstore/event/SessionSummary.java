package io.convstore.event;

/**
 * One session of a conversation and its KPIs, as the session stage reports it: while the session is open (status
 * {@code open}, updated every few seconds) and once when it ends (status {@code closed}). A session is identified
 * by its conversation and the {@code seq} of its first event; a conversation that reopens after a close starts a
 * new session that names the previous one.
 *
 * <p>Times are from the events' {@code occurred_at}; durations in milliseconds. Means are null when nothing was
 * measured.
 *
 * @param previousSessionStartSeq the first seq of the session before this one, or null (none, or forgotten after
 *     the link TTL)
 * @param closeReason {@code closed} (a {@code conversation.status} closed event) or {@code inactive} (no event for
 *     the inactivity gap); null while open
 * @param closedAtMicros the close event's time, or the last event's time for an inactive session; -1 while open
 * @param eventCount events in this session
 * @param conversationEventCount events of the conversation so far (all sessions)
 * @param eventsByType JSON object: type to count
 * @param eventsByRole JSON object: actor role to count ({@code none} for events without an actor)
 * @param channels the channels seen, comma-separated in order of first appearance (at most 8)
 * @param transfers {@code conversation.status} events with status {@code transferred}
 * @param firstResponseMillis from the first customer message to the first agent or bot reply after it
 * @param agentResponses customer turns answered by an agent (a turn: customer messages up to the next reply)
 * @param meanAgentResponseMillis mean time from a turn's first customer message to an agent's reply
 * @param botResponses customer turns answered by a bot
 * @param meanBotResponseMillis mean time from a turn's first customer message to a bot's reply
 * @param aiResponses {@code ai.response} events
 * @param meanAiLatencyMillis mean {@code payload.latency_ms} of the AI responses that carry it
 * @param lastSentiment the last numeric {@code payload.sentiment} seen, in seq order
 * @param lateEvents events that arrived behind the watermark (still counted in this session)
 */
public record SessionSummary(
        String tenantId,
        String conversationId,
        long sessionStartSeq,
        Long previousSessionStartSeq,
        String status,
        String closeReason,
        long openedAtMicros,
        long lastEventAtMicros,
        long closedAtMicros,
        long lastSeq,
        long eventCount,
        long conversationEventCount,
        String eventsByType,
        String eventsByRole,
        String channels,
        long transfers,
        Long firstResponseMillis,
        long agentResponses,
        Double meanAgentResponseMillis,
        long botResponses,
        Double meanBotResponseMillis,
        long aiResponses,
        Double meanAiLatencyMillis,
        Double lastSentiment,
        long lateEvents,
        long summarizedAtMillis) {

    public static final String OPEN = "open";
    public static final String CLOSED = "closed";
    public static final String REASON_CLOSED = "closed";
    public static final String REASON_INACTIVE = "inactive";

    public boolean closed() {
        return CLOSED.equals(status);
    }

    /** The session's length: to the close (or last event, when inactive), or to the last event while open. */
    public long durationMillis() {
        return ((closed() ? closedAtMicros : lastEventAtMicros) - openedAtMicros) / 1000;
    }

    /** The conversation key of {@link ConversationKey}. */
    public String conversationKey() {
        return ConversationKey.of(tenantId, conversationId);
    }
}
