package io.convstore.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convstore.event.Envelope;
import io.convstore.sandbox.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions and tenant traffic through the whole job (bounded run on the sandbox's Kafka and PostgreSQL, local lake):
 * a scripted set of conversations whose KPIs and per-minute traffic are computed by hand here, checked in the
 * serving store's conversations rows and the lake's conversation_summaries and tenant_traffic tables.
 */
@ExtendWith(SandboxExtension.class)
class SessionsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = LoopbackMiniCluster.extension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-12-04T09:00:00Z");

    /** One scripted event: conversation key, seq, seconds after T, type, role, channel, payload. */
    private record Step(String tenant, String conversation, long seq, long seconds, String type, String role,
            String channel, Map<String, Object> payload) {
        Envelope envelope() {
            return new Envelope("sess-" + tenant + "-" + conversation + "-" + seq, tenant, conversation, type, null,
                    seq, T.plusSeconds(seconds), channel, role, role + "-1", payload);
        }
    }

    private static Map<String, Object> payload(Object... keyValues) {
        Map<String, Object> payload = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            payload.put((String) keyValues[i], keyValues[i + 1]);
        }
        return payload;
    }

    private static final List<Step> SCRIPT = List.of(
            new Step("acme", "s-1", 1, 0, "conversation.status", "system", "web", payload("status", "opened")),
            new Step("acme", "s-1", 2, 10, "chat.message", "customer", "web", payload("text", "my order is late")),
            new Step("acme", "s-1", 3, 25, "ai.response", "bot", "web",
                    payload("model", "m1", "text", "Let me check.", "latency_ms", 200)),
            new Step("acme", "s-1", 4, 40, "chat.message", "customer", "web",
                    payload("text", "still waiting", "sentiment", 0.2)),
            new Step("acme", "s-1", 5, 70, "chat.message", "agent", "web", payload("text", "Sorry about that")),
            new Step("acme", "s-1", 6, 80, "conversation.status", "system", "web", payload("status", "transferred")),
            new Step("acme", "s-1", 7, 100, "chat.message", "agent", "web", payload("text", "Refund issued")),
            new Step("acme", "s-1", 8, 120, "conversation.status", "system", "web", payload("status", "closed")),
            new Step("acme", "s-2", 1, 5, "chat.message", "customer", "web", payload("text", "hello?")),
            new Step("acme", "s-2", 2, 50, "chat.message", "agent", "web", payload("text", "hi!")),
            new Step("globex", "s-3", 1, 15, "chat.message", "customer", "email", payload("text", "question")),
            new Step("globex", "s-3", 2, 35, "chat.message", "agent", "email", payload("text", "answer")),
            new Step("globex", "s-3", 3, 45, "conversation.status", "system", "email", payload("status", "closed")),
            new Step("globex", "s-3", 4, 2415, "conversation.status", "system", "email",
                    payload("status", "reopened")),
            new Step("globex", "s-3", 5, 2425, "chat.message", "customer", "email", payload("text", "one more")),
            new Step("globex", "s-3", 6, 2455, "chat.message", "agent", "email", payload("text", "sure")));

    private static final byte[] MALFORMED = "{not json".getBytes(StandardCharsets.UTF_8);

    @Test
    void summarisesSessionsAndCountsTenantTrafficPerMinute(Sandbox sandbox, @TempDir Path warehouse)
            throws Exception {
        try (PipelineRun run = PipelineRun.create(sandbox, "sessions_it", Map.of(
                "convstore.lake.warehouse", warehouse.toUri().toString(),
                "convstore.kafka.bounded", "true",
                "convstore.traffic.hot-min-events", "1"))) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (Step step : SCRIPT.stream().sorted(Comparator.comparingLong(Step::seconds)).toList()) {
                Envelope envelope = step.envelope();
                records.add(new ProducerRecord<>("unused", null, envelope.occurredAt().toEpochMilli(),
                        envelope.keyBytes(), envelope.toJsonBytes()));
            }
            records.add(new ProducerRecord<>("unused", null, T.plusSeconds(30).toEpochMilli(),
                    "acme/s-1".getBytes(StandardCharsets.UTF_8), MALFORMED));
            records.sort(Comparator.comparingLong(ProducerRecord::timestamp));
            run.produceAt(records);
            run.start();
            run.awaitFinished(Duration.ofMinutes(3));

            assertServingConversations(run.jdbcUrl);
            assertLakeSummaries(StoreContents.lakeTable(run.config.lake(), "conversation_summaries"));
            assertTenantTraffic(StoreContents.lakeTable(run.config.lake(), "tenant_traffic"));
        }
    }

    private static void assertServingConversations(String jdbcUrl) throws Exception {
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                ResultSet r = connection.createStatement().executeQuery("SELECT tenant_id || '/' || conversation_id, "
                        + "status, close_reason, session_start_seq, previous_session_start_seq, closed_at, "
                        + "event_count, last_seq, kpis::text FROM conversations")) {
            while (r.next()) {
                Map<String, Object> row = new HashMap<>();
                row.put("status", r.getString(2));
                row.put("close_reason", r.getString(3));
                row.put("session_start_seq", r.getLong(4));
                row.put("previous_session_start_seq", r.getObject(5));
                row.put("closed_at", r.getObject(6, OffsetDateTime.class).toInstant());
                row.put("event_count", r.getLong(7));
                row.put("last_seq", r.getLong(8));
                row.put("kpis", JSON.readTree(r.getString(9)));
                rows.put(r.getString(1), row);
            }
        }
        assertThat(rows.keySet()).containsExactly("acme/s-1", "acme/s-2", "globex/s-3");

        Map<String, Object> closed = rows.get("acme/s-1");
        assertThat(closed).containsEntry("status", "closed").containsEntry("close_reason", "closed")
                .containsEntry("session_start_seq", 1L).containsEntry("closed_at", T.plusSeconds(120))
                .containsEntry("event_count", 8L).containsEntry("last_seq", 8L);
        JsonNode kpis = (JsonNode) closed.get("kpis");
        assertThat(kpis.path("duration_ms").asLong()).isEqualTo(120_000);
        assertThat(kpis.path("event_count").asLong()).isEqualTo(8);
        assertThat(kpis.path("events_by_type")).isEqualTo(JSON.readTree(
                "{\"conversation.status\":3,\"chat.message\":4,\"ai.response\":1}"));
        assertThat(kpis.path("events_by_role")).isEqualTo(JSON.readTree(
                "{\"system\":3,\"customer\":2,\"bot\":1,\"agent\":2}"));
        assertThat(kpis.path("channels")).isEqualTo(JSON.readTree("[\"web\"]"));
        assertThat(kpis.path("transfers").asLong()).isEqualTo(1);
        assertThat(kpis.path("first_response_ms").asLong()).isEqualTo(15_000); // customer 10 s, bot 25 s
        assertThat(kpis.path("bot_responses").asLong()).isEqualTo(1);
        assertThat(kpis.path("agent_responses").asLong()).isEqualTo(1); // customer 40 s, agent 70 s
        assertThat(kpis.path("mean_agent_response_ms").asDouble()).isEqualTo(30_000.0);
        assertThat(kpis.path("ai_responses").asLong()).isEqualTo(1);
        assertThat(kpis.path("mean_ai_latency_ms").asDouble()).isEqualTo(200.0);
        assertThat(kpis.path("last_sentiment").asDouble()).isEqualTo(0.2);
        assertThat(kpis.path("late_events").asLong()).isZero();

        // never closed: ended by inactivity when the input ended (event time jumps to its end)
        assertThat(rows.get("acme/s-2")).containsEntry("status", "idle").containsEntry("close_reason", "inactive")
                .containsEntry("closed_at", T.plusSeconds(50));
        assertThat(((JsonNode) rows.get("acme/s-2").get("kpis")).path("first_response_ms").asLong())
                .isEqualTo(45_000);

        // closed, reopened 40 minutes later: the row shows the second session, naming the first
        assertThat(rows.get("globex/s-3")).containsEntry("status", "idle").containsEntry("session_start_seq", 4L)
                .containsEntry("previous_session_start_seq", 1L).containsEntry("closed_at", T.plusSeconds(2455))
                .containsEntry("event_count", 6L);
        assertThat(((JsonNode) rows.get("globex/s-3").get("kpis")).path("duration_ms").asLong()).isEqualTo(40_000);
    }

    private static void assertLakeSummaries(List<Map<String, Object>> rows) {
        assertThat(rows).extracting(r -> r.get("tenant_id") + "/" + r.get("conversation_id"),
                        r -> r.get("session_start_seq"), r -> r.get("previous_session_start_seq"),
                        r -> r.get("close_reason"), r -> r.get("event_count"), r -> r.get("duration_ms"),
                        r -> r.get("first_response_ms"))
                .containsExactlyInAnyOrder(
                        tuple("acme/s-1", 1L, null, "closed", 8L, 120_000L, 15_000L),
                        tuple("acme/s-2", 1L, null, "inactive", 2L, 45_000L, 45_000L),
                        tuple("globex/s-3", 1L, null, "closed", 3L, 30_000L, 20_000L),
                        tuple("globex/s-3", 4L, 1L, "inactive", 3L, 40_000L, 30_000L));
        Map<String, Object> acme = rows.stream().filter(r -> r.get("conversation_id").equals("s-1")).findFirst()
                .orElseThrow();
        assertThat(acme.get("events_by_type")).isEqualTo(Map.of("conversation.status", 3L, "chat.message", 4L,
                "ai.response", 1L));
        assertThat(acme.get("channels")).isEqualTo(List.of("web"));
        assertThat(acme).containsEntry("transfers", 1L).containsEntry("mean_ai_latency_ms", 200.0)
                .containsEntry("last_sentiment", 0.2).containsEntry("mean_bot_response_ms", 15_000.0);
    }

    /** Per tenant and minute, counted here from the script: events, payload bytes, active conversations. */
    private static void assertTenantTraffic(List<Map<String, Object>> rows) throws Exception {
        Map<String, long[]> expected = new TreeMap<>(); // "tenant@minute" -> events, bytes, dead letters
        Map<String, Set<String>> active = new HashMap<>();
        for (Step step : SCRIPT) {
            String key = step.tenant() + "@" + step.seconds() / 60;
            long[] counts = expected.computeIfAbsent(key, k -> new long[3]);
            counts[0]++;
            counts[1] += JSON.writeValueAsString(step.payload()).length();
            active.computeIfAbsent(key, k -> new TreeSet<>()).add(step.conversation());
        }
        long[] withDeadLetter = expected.get("acme@0");
        withDeadLetter[1] += MALFORMED.length;
        withDeadLetter[2]++;
        Map<Long, Long> perMinute = new HashMap<>();
        expected.forEach((key, counts) -> perMinute.merge(Long.parseLong(key.split("@")[1]), counts[0], Long::sum));

        List<org.assertj.core.groups.Tuple> want = new ArrayList<>();
        expected.forEach((key, counts) -> {
            String[] parts = key.split("@");
            long minute = Long.parseLong(parts[1]);
            double share = (double) counts[0] / perMinute.get(minute);
            want.add(tuple(parts[0], T.plusSeconds(minute * 60), "final", counts[0], counts[1],
                    (long) active.get(key).size(), counts[2], share, share > 0.5));
        });
        assertThat(rows).extracting(r -> r.get("tenant_id"), r -> ((OffsetDateTime) r.get("window_start")).toInstant(),
                        r -> r.get("kind"), r -> r.get("events"), r -> r.get("bytes"),
                        r -> r.get("active_conversations"), r -> r.get("dead_letters"), r -> r.get("share"),
                        r -> r.get("hot"))
                .containsExactlyInAnyOrderElementsOf(want);
        assertThat(want).hasSize(5); // acme minutes 0, 1, 2; globex minutes 0 and 40
    }
}
