package io.convstore.connectors.serving;

import io.convstore.event.Event;
import io.convstore.event.ServingRow;
import io.convstore.event.SessionSummary;

/**
 * One change to a {@code conversations} row: an event (opened/last-event time, last seq, event count) or a session
 * summary (also status, session and KPIs). Both kinds go through one sink, so the row of a conversation is only
 * ever written by one connection (the subtask that owns the conversation's key) and two writers can never deadlock
 * on it.
 *
 * @param session the summary, or null for an event's change
 */
public record ConversationUpdate(String tenantId, String conversationId, long openedAtMicros, long lastEventAtMicros,
        long lastSeq, long eventCount, SessionSummary session) {

    public static ConversationUpdate of(ServingRow row) {
        Event event = row.event();
        return new ConversationUpdate(event.tenantId(), event.conversationId(), event.occurredAtMicros(),
                event.occurredAtMicros(), event.seq(), event.conversationEventCount(), null);
    }

    public static ConversationUpdate of(SessionSummary summary) {
        return new ConversationUpdate(summary.tenantId(), summary.conversationId(), summary.openedAtMicros(),
                summary.lastEventAtMicros(), summary.lastSeq(), summary.conversationEventCount(), summary);
    }
}
