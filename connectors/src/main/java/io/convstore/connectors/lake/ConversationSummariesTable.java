package io.convstore.connectors.lake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convstore.event.SessionSummary;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The lake table {@code <namespace>.conversation_summaries}: one row per ended session with its KPIs (open
 * sessions are only in the serving store). Partitioned by day(closed_at) and bucket(tenant_id).
 */
public final class ConversationSummariesTable {
    public static final String NAME = "conversation_summaries";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Field ids are part of the table's identity: only ever add fields, never renumber. */
    public static final Schema SCHEMA = new Schema(List.of(
            Types.NestedField.required(1, "tenant_id", Types.StringType.get()),
            Types.NestedField.required(2, "conversation_id", Types.StringType.get()),
            Types.NestedField.required(3, "session_start_seq", Types.LongType.get()),
            Types.NestedField.optional(4, "previous_session_start_seq", Types.LongType.get()),
            Types.NestedField.required(5, "close_reason", Types.StringType.get()),
            Types.NestedField.required(6, "opened_at", Types.TimestampType.withZone()),
            Types.NestedField.required(7, "closed_at", Types.TimestampType.withZone()),
            Types.NestedField.required(8, "last_event_at", Types.TimestampType.withZone()),
            Types.NestedField.required(9, "duration_ms", Types.LongType.get()),
            Types.NestedField.required(10, "last_seq", Types.LongType.get()),
            Types.NestedField.required(11, "event_count", Types.LongType.get()),
            Types.NestedField.required(12, "conversation_event_count", Types.LongType.get()),
            Types.NestedField.optional(13, "events_by_type",
                    Types.MapType.ofRequired(27, 28, Types.StringType.get(), Types.LongType.get())),
            Types.NestedField.optional(14, "events_by_role",
                    Types.MapType.ofRequired(29, 30, Types.StringType.get(), Types.LongType.get())),
            Types.NestedField.optional(15, "channels", Types.ListType.ofRequired(31, Types.StringType.get())),
            Types.NestedField.required(16, "transfers", Types.LongType.get()),
            Types.NestedField.optional(17, "first_response_ms", Types.LongType.get()),
            Types.NestedField.required(18, "agent_responses", Types.LongType.get()),
            Types.NestedField.optional(19, "mean_agent_response_ms", Types.DoubleType.get()),
            Types.NestedField.required(20, "bot_responses", Types.LongType.get()),
            Types.NestedField.optional(21, "mean_bot_response_ms", Types.DoubleType.get()),
            Types.NestedField.required(22, "ai_responses", Types.LongType.get()),
            Types.NestedField.optional(23, "mean_ai_latency_ms", Types.DoubleType.get()),
            Types.NestedField.optional(24, "last_sentiment", Types.DoubleType.get()),
            Types.NestedField.required(25, "late_events", Types.LongType.get()),
            Types.NestedField.required(26, "summarized_at", Types.TimestampType.withZone())));

    public static final JobTable TABLE = new JobTable(NAME, SCHEMA, (schema, settings) ->
            PartitionSpec.builderFor(schema).day("closed_at").bucket("tenant_id", settings.buckets()).build());

    private ConversationSummariesTable() {}

    /** Ended sessions as rows of {@link #SCHEMA}. */
    public static final class Rows implements MapFunction<SessionSummary, RowData> {
        private static final long serialVersionUID = 1L;

            @Override
        public RowData map(SessionSummary s) throws JsonProcessingException {
            return GenericRowData.of(
                    StringData.fromString(s.tenantId()),
                    StringData.fromString(s.conversationId()),
                    s.sessionStartSeq(),
                    s.previousSessionStartSeq(),
                    StringData.fromString(s.closeReason()),
                    micros(s.openedAtMicros()),
                    micros(s.closedAtMicros()),
                    micros(s.lastEventAtMicros()),
                    s.durationMillis(),
                    s.lastSeq(),
                    s.eventCount(),
                    s.conversationEventCount(),
                    counts(s.eventsByType()),
                    counts(s.eventsByRole()),
                    new GenericArrayData(s.channels().isEmpty() ? new Object[0]
                            : Arrays.stream(s.channels().split(",")).map(StringData::fromString).toArray()),
                    s.transfers(),
                    s.firstResponseMillis(),
                    s.agentResponses(),
                    s.meanAgentResponseMillis(),
                    s.botResponses(),
                    s.meanBotResponseMillis(),
                    s.aiResponses(),
                    s.meanAiLatencyMillis(),
                    s.lastSentiment(),
                    s.lateEvents(),
                    TimestampData.fromEpochMillis(s.summarizedAtMillis()));
        }

        private static TimestampData micros(long epochMicros) {
            return TimestampData.fromEpochMillis(Math.floorDiv(epochMicros, 1000L),
                    (int) Math.floorMod(epochMicros, 1000L) * 1000);
        }

        private static GenericMapData counts(String json) throws JsonProcessingException {
            Map<Object, Object> counts = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : JSON.readTree(json).properties()) {
                counts.put(StringData.fromString(entry.getKey()), entry.getValue().asLong());
            }
            return new GenericMapData(counts);
        }
    }
}
