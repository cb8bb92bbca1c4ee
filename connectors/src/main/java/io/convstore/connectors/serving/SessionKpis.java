package io.convstore.connectors.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convstore.event.SessionSummary;

/** A session summary's KPIs as the JSON object of {@code conversations.kpis}. */
public final class SessionKpis {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionKpis() {}

    public static String json(SessionSummary summary) {
        ObjectNode kpis = JSON.createObjectNode();
        kpis.put("duration_ms", summary.durationMillis());
        kpis.put("event_count", summary.eventCount());
        try {
            kpis.set("events_by_type", JSON.readTree(summary.eventsByType()));
            kpis.set("events_by_role", JSON.readTree(summary.eventsByRole()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the session stage writes counts as JSON objects", e);
        }
        ArrayNode channels = kpis.putArray("channels");
        if (!summary.channels().isEmpty()) {
            for (String channel : summary.channels().split(",")) {
                channels.add(channel);
            }
        }
        kpis.put("transfers", summary.transfers());
        kpis.put("first_response_ms", summary.firstResponseMillis());
        kpis.put("agent_responses", summary.agentResponses());
        kpis.put("mean_agent_response_ms", summary.meanAgentResponseMillis());
        kpis.put("bot_responses", summary.botResponses());
        kpis.put("mean_bot_response_ms", summary.meanBotResponseMillis());
        kpis.put("ai_responses", summary.aiResponses());
        kpis.put("mean_ai_latency_ms", summary.meanAiLatencyMillis());
        kpis.put("last_sentiment", summary.lastSentiment());
        kpis.put("late_events", summary.lateEvents());
        return kpis.toString();
    }
}
